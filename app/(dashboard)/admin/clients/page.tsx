// Admins map API clients to districts: the ODS/API logs a numeric ApiClientId, never a district.
// An event without a district whose client maps to exactly one takes it (at ingest and import);
// changing a mapping moves the client's mapped events and every count with them.
import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { listClients } from "@/lib/clients/store";
import { ActionForm } from "@/components/admin/ActionForm";
import { TableHead } from "@/components/TableHead";
import { importClientsAction, mapClientAction } from "@/lib/actions/clients";
import { showControls } from "@/lib/problems/visible-text";

export const metadata: Metadata = { title: "API clients" };
export const dynamic = "force-dynamic";

const input = "rounded-md border border-input px-2 py-1";

export default async function ClientsPage() {
  await requireViewer("admin", "/admin/clients");
  const clients = await listClients(await getDatabase());
  return (
    <>
      <h1 className="text-lg font-semibold">API clients and districts</h1>
      <p className="mt-1 mb-4 max-w-3xl text-muted-foreground">
        Ed-Fi logs name the API client (its numeric ApiClientId), not the district. Map each client to its district: its events without one take it, now and whenever they are stored or imported, and district admins see them. A client that sends for several districts gives none: its events stay with administrators until they name their district.
      </p>
      {clients.length === 0 ? <p className="rounded-md border border-dashed border-input p-4 text-muted-foreground">No API clients yet: they appear here as their events arrive, or map one below.</p> : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left" data-testid="clients">
            <TableHead columns={[{ label: "API client" }, { label: "Districts" }, { label: "Events", align: "right" }, { label: "Without a district", align: "right" }, { label: "Change" }]} />
            <tbody>
              {clients.map((c) => (
                <tr key={c.client} className="border-b border-border align-top">
                  <td className="py-2 pr-3 font-mono text-xs break-all">{showControls(c.client)}</td>
                  <td className="py-2 pr-3">{c.leas.length ? c.leas.join(", ") : <span className="text-muted-foreground">none</span>}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{c.events.toLocaleString("en-US")}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{c.withoutDistrict ? <span className="text-tone-warning-fg">{c.withoutDistrict.toLocaleString("en-US")}</span> : 0}</td>
                  <td className="py-2 pr-3">
                    <ActionForm action={mapClientAction} className="flex flex-wrap items-center gap-2">
                      <input type="hidden" name="client" value={c.client} />
                      <label className="sr-only" htmlFor={`leas-${c.client}`}>Districts of {c.client}</label>
                      <input id={`leas-${c.client}`} name="leas" defaultValue={c.leas.join(", ")} placeholder="LEA codes" className={`${input} w-40`} />
                      <button className="rounded border border-input px-2 py-0.5 hover:bg-accent">Save</button>
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="mt-8 mb-2 font-semibold">Map a client</h2>
      <ActionForm action={mapClientAction} className="flex max-w-3xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">API client<input name="client" required placeholder="e.g. 43" className={input} /></label>
        <label className="flex flex-col gap-1">Districts (LEA codes)<input name="leas" placeholder="255901" className={input} /></label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Map</button>
      </ActionForm>
      <h2 className="mt-8 mb-2 font-semibold">Import from the Ed-Fi Admin database</h2>
      <p className="mb-2 max-w-3xl text-muted-foreground">A CSV with the columns ApiClientId and EducationOrganizationId (the README gives the query that exports it). Each client in the file gets exactly the districts the file lists; others keep theirs.</p>
      <ActionForm action={importClientsAction} className="flex max-w-3xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">CSV file<input name="file" type="file" accept=".csv,text/csv" required className="text-sm" /></label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Import</button>
      </ActionForm>
    </>
  );
}
