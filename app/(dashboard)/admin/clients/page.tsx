// Admins map API clients to districts: the ODS/API logs a numeric ApiClientId, never a district.
// An event without a district whose client maps to exactly one takes it (at ingest and import);
// changing a mapping moves the client's mapped events and every count with them.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { listClients } from "@/lib/clients/store";
import { AdminTable } from "@/components/admin/admin-table";
import { CLIENT_COLUMNS } from "@/components/admin/client-columns";
import { AdminForm, Empty, PageHeader, Section, TextField } from "@/components/admin/fields";
import { importClientsAction, mapClientAction } from "@/lib/actions/clients";

export const metadata: Metadata = { title: "API clients" };
export const dynamic = "force-dynamic";

export default async function ClientsPage() {
  const { db } = await getPageContext("admin", "/admin/clients");
  const clients = await listClients(db);
  return (
    <>
      <PageHeader title="API clients and districts">
        Ed-Fi logs name the API client (its numeric ApiClientId), not the district. Map each client to its district: its
        events without one take it, now and whenever they are stored or imported, and district admins see them. A client
        that sends for several districts gives none: its events stay with administrators until they name their district.
      </PageHeader>
      {clients.length === 0 ? (
        <Empty>No API clients yet: they appear here as their events arrive, or map one below.</Empty>
      ) : (
        <AdminTable testId="clients" rows={clients} rowKey={(c) => c.client} columns={CLIENT_COLUMNS} />
      )}
      <Section title="Map a client" />
      <AdminForm action={mapClientAction} submit="Map" className="max-w-3xl">
        <TextField label="API client" name="client" required placeholder="e.g. 43" />
        <TextField label="Districts (LEA codes)" name="leas" placeholder="255901" />
      </AdminForm>
      <Section title="Import from the Ed-Fi Admin database">
        A CSV with the columns ApiClientId and EducationOrganizationId (the README gives the query that exports it).
        Each client in the file gets exactly the districts the file lists; others keep theirs.
      </Section>
      <AdminForm action={importClientsAction} submit="Import" className="max-w-3xl">
        <TextField label="CSV file" name="file" type="file" accept=".csv,text/csv" required className="h-auto py-1" />
      </AdminForm>
    </>
  );
}
