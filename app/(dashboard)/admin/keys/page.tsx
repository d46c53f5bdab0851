// Admins manage API keys: create (shown once) with scopes and districts, revoke.
import type { Metadata } from "next";
import { listApiKeys } from "@/lib/auth/api-keys";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { RelativeTime } from "@/components/RelativeTime";
import { TableHead } from "@/components/TableHead";
import { ActionForm } from "@/components/admin/ActionForm";
import { ConfirmButton } from "@/components/admin/ConfirmButton";
import { createKeyAction, revokeKeyAction } from "@/lib/actions/keys";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

const input = "rounded-md border border-input px-2 py-1";

export default async function KeysPage() {
  await requireViewer("admin", "/admin/keys");
  const keys = await listApiKeys(await getDatabase());
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">API keys</h1>
      <table className="w-full border-collapse text-left" data-testid="keys">
        <TableHead columns={[{ label: "Name" }, { label: "Key" }, { label: "Scopes" }, { label: "Districts" }, { label: "Last used" }, { label: "" }]} />
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-b border-border">
              <td className="py-2 pr-3 font-medium">{k.name}</td>
              <td className="py-2 pr-3 font-mono text-xs">{k.prefix}…</td>
              <td className="py-2 pr-3">{k.scopes.join(", ")}</td>
              <td className="py-2 pr-3">{k.leaCodes?.length ? k.leaCodes.join(", ") : <span className="text-muted-foreground">all</span>}</td>
              <td className="py-2 pr-3 text-muted-foreground">{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt.toISOString()} /> : "never"}</td>
              <td className="py-2 pr-3">
                {k.revokedAt ? (
                  <span className="rounded bg-tone-danger-bg px-2 py-0.5 text-destructive">Revoked</span>
                ) : (
                  <ActionForm action={revokeKeyAction}>
                    <input type="hidden" name="id" value={k.id} />
                    <ConfirmButton label="Revoke" title={`Revoke the key “${k.name}”?`} confirm="Revoke key"
                      description="Every request with this key is refused from now on (senders get 401). This cannot be undone: a revoked key stays revoked; create a new one instead." />
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="mt-8 mb-2 font-semibold">Create a key</h2>
      <ActionForm action={createKeyAction} className="flex max-w-5xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">Name<input name="name" required placeholder="PowerSchool shipper" className={input} /></label>
        <fieldset className="flex gap-3">
          <legend className="sr-only">Scopes</legend>
          <label className="flex items-center gap-1"><input type="checkbox" name="scope" value="ingest" defaultChecked /> ingest</label>
          <label className="flex items-center gap-1"><input type="checkbox" name="scope" value="read" /> read</label>
        </fieldset>
        <label className="flex flex-col gap-1">LEA codes<input name="leaCodes" placeholder="empty: every district" className={input} /></label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Create key</button>
      </ActionForm>
    </>
  );
}
