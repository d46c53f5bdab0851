// Admins keep the names of districts and schools, imported from what the Ed-Fi API returns, so
// that every page says "Grand Bend ISD (255901)" instead of a bare code.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { listEdOrgs } from "@/lib/districts/store";
import { showControls } from "@/lib/problems/visible-text";
import { AdminTable } from "@/components/admin/admin-table";
import { AdminForm, PageHeader, Section, TextField } from "@/components/admin/fields";
import { importDistrictsAction } from "@/lib/actions/districts";
import { plural } from "@/lib/words";

export const metadata: Metadata = { title: "Districts" };
export const dynamic = "force-dynamic";

const Code = ({ children }: { children: string }) => <code className="font-mono text-xs">{children}</code>;

export default async function DistrictsPage() {
  const { db } = await getPageContext("admin", "/admin/districts");
  const orgs = await listEdOrgs(db);
  const leas = orgs.filter((o) => o.kind === "lea").length;
  return (
    <>
      <PageHeader title="Districts and schools">
        Names of the education organizations events name by code. {plural(leas, "district")},{" "}
        {plural(orgs.length - leas, "school")}.
      </PageHeader>
      <Section title="Import from your Ed-Fi API">
        The JSON of <Code>GET /data/v3/ed-fi/localEducationAgencies</Code> or <Code>/ed-fi/schools</Code>, or a CSV with{" "}
        <Code>localEducationAgencyId</Code> or <Code>schoolId</Code> and <Code>nameOfInstitution</Code> columns. A code
        imported again is renamed.
      </Section>
      <AdminForm action={importDistrictsAction} submit="Import" className="max-w-3xl">
        <TextField
          label="JSON or CSV file"
          name="file"
          type="file"
          accept=".json,.csv,application/json,text/csv"
          required
          className="h-auto py-1"
        />
      </AdminForm>
      {orgs.length > 0 && (
        <div className="mt-6 max-w-4xl">
          <AdminTable
            testId="edorgs"
            rows={orgs}
            rowKey={(o) => o.code}
            columns={[
              { label: "Code", cell: (o) => showControls(o.code), className: "font-mono text-xs" },
              { label: "Name", cell: (o) => showControls(o.name) },
              { label: "Kind", cell: (o) => (o.kind === "lea" ? "district" : "school") },
              {
                label: "In district",
                cell: (o) => (o.parentLea ? showControls(o.parentLea) : ""),
                className: "font-mono text-xs",
              },
            ]}
          />
        </div>
      )}
    </>
  );
}
