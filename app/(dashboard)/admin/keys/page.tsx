// Admins manage API keys: create (shown once) with scopes and districts, revoke.
import type { Metadata } from "next";
import { listApiKeys } from "@/lib/auth/api-keys";
import { getPageContext } from "@/lib/auth/page-context";
import { RelativeTime } from "@/components/RelativeTime";
import { Badge } from "@/components/ui/badge";
import { AdminTable } from "@/components/admin/admin-table";
import { AdminForm, CheckboxField, PageHeader, RowForm, Section, TextField } from "@/components/admin/fields";
import { ConfirmButton } from "@/components/admin/ConfirmButton";
import { createKeyAction, revokeKeyAction } from "@/lib/actions/keys";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

type Key = Awaited<ReturnType<typeof listApiKeys>>[number];

const revoke = (k: Key) =>
  k.revokedAt ? (
    <Badge tone="danger">Revoked</Badge>
  ) : (
    <RowForm action={revokeKeyAction} id={k.id}>
      <ConfirmButton
        label="Revoke"
        title={`Revoke the key “${k.name}”?`}
        confirm="Revoke key"
        description="Every request with this key is refused from now on (senders get 401). This cannot be undone: a revoked key stays revoked; create a new one instead."
      />
    </RowForm>
  );

export default async function KeysPage() {
  const { db } = await getPageContext("admin", "/admin/keys");
  const keys = await listApiKeys(db);
  return (
    <>
      <PageHeader title="API keys" />
      <AdminTable
        testId="keys"
        rows={keys}
        rowKey={(k) => k.id}
        columns={[
          { label: "Name", cell: (k) => k.name, className: "font-medium" },
          { label: "Key", cell: (k) => `${k.prefix}…`, className: "font-mono text-xs" },
          { label: "Scopes", cell: (k) => k.scopes.join(", ") },
          {
            label: "Districts",
            cell: (k) =>
              k.leaCodes?.length ? k.leaCodes.join(", ") : <span className="text-muted-foreground">all</span>,
          },
          {
            label: "Last used",
            cell: (k) => (k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt.toISOString()} /> : "never"),
            className: "text-muted-foreground",
          },
          { label: "", cell: revoke },
        ]}
      />
      <Section title="Create a key" />
      <AdminForm action={createKeyAction} submit="Create key">
        <TextField label="Name" name="name" required placeholder="PowerSchool shipper" />
        <fieldset className="flex gap-3 pb-1.5">
          <legend className="sr-only">Scopes</legend>
          <CheckboxField label="ingest" name="scope" value="ingest" defaultChecked />
          <CheckboxField label="read" name="scope" value="read" />
        </fieldset>
        <TextField label="LEA codes" name="leaCodes" placeholder="empty: every district" />
      </AdminForm>
    </>
  );
}
