// Admins manage API keys: create (shown once) with scopes, districts and an own ingest rate; change
// the rate; revoke.
import type { Metadata } from "next";
import { listApiKeys } from "@/lib/auth/api-keys";
import { getPageContext } from "@/lib/auth/page-context";
import { RelativeTime } from "@/components/RelativeTime";
import { AdminTable } from "@/components/admin/admin-table";
import { AdminForm, CheckboxField, PageHeader, Section, TextField } from "@/components/admin/fields";
import { keyRateCell, revokeKeyCell } from "@/components/admin/key-cells";
import { createKeyAction } from "@/lib/actions/keys";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

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
          { label: "Events/s", cell: keyRateCell },
          {
            label: "Last used",
            cell: (k) => (k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt.toISOString()} /> : "never"),
            className: "text-muted-foreground",
          },
          { label: "", cell: revokeKeyCell },
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
        <TextField
          label="Events per second"
          name="eventsPerSecond"
          inputMode="numeric"
          placeholder="empty: the configured rate"
        />
      </AdminForm>
    </>
  );
}
