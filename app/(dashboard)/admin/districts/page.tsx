// Admins keep the names of districts and schools, imported from what the Ed-Fi API returns, so
// that every page says "Grand Bend ISD (255901)" instead of a bare code.
import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { listEdOrgs } from "@/lib/districts/store";
import { showControls } from "@/lib/problems/visible-text";
import { ActionForm } from "@/components/admin/ActionForm";
import { TableHead } from "@/components/TableHead";
import { importDistrictsAction } from "@/lib/actions/districts";

export const metadata: Metadata = { title: "Districts" };
export const dynamic = "force-dynamic";

export default async function DistrictsPage() {
  await requireViewer("admin", "/admin/districts");
  const orgs = await listEdOrgs(await getDatabase());
  const lea = orgs.filter((o) => o.kind === "lea");
  const schools = orgs.filter((o) => o.kind === "school");
  return (
    <>
      <h1 className="text-lg font-semibold">Districts and schools</h1>
      <p className="mt-1 mb-4 max-w-3xl text-muted-foreground">Names of the education organizations events name by code. {lea.length} district{lea.length === 1 ? "" : "s"}, {schools.length} school{schools.length === 1 ? "" : "s"}.</p>
      <h2 className="mb-2 font-semibold">Import from your Ed-Fi API</h2>
      <p className="mb-2 max-w-3xl text-muted-foreground">
        The JSON of <code className="font-mono text-xs">GET /data/v3/ed-fi/localEducationAgencies</code> or <code className="font-mono text-xs">/ed-fi/schools</code>, or a CSV with
        <code className="font-mono text-xs"> localEducationAgencyId</code> or <code className="font-mono text-xs">schoolId</code> and <code className="font-mono text-xs">nameOfInstitution</code> columns. A code imported again is renamed.
      </p>
      <ActionForm action={importDistrictsAction} className="flex max-w-3xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">JSON or CSV file<input name="file" type="file" accept=".json,.csv,application/json,text/csv" required className="text-sm" /></label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Import</button>
      </ActionForm>
      {orgs.length > 0 && (
        <div className="mt-6 max-w-4xl overflow-x-auto">
          <table className="w-full border-collapse text-left" data-testid="edorgs">
            <TableHead columns={[{ label: "Code" }, { label: "Name" }, { label: "Kind" }, { label: "In district" }]} />
            <tbody>
              {orgs.map((o) => (
                <tr key={o.code} className="border-b border-border">
                  <td className="py-1.5 pr-3 font-mono text-xs">{showControls(o.code)}</td>
                  <td className="py-1.5 pr-3">{showControls(o.name)}</td>
                  <td className="py-1.5 pr-3">{o.kind === "lea" ? "district" : "school"}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{o.parentLea ? showControls(o.parentLea) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
