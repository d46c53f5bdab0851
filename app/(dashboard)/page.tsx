// Home: problem groups of the last 30 days with counts, article, route and the latest correlationId.
// Every figure is inside the viewer's districts.
import Link from "next/link";
import { Suspense } from "react";
import { requireViewer } from "@/lib/auth/current-viewer";
import { viewerCan } from "@/lib/auth/viewer";
import { getDatabase } from "@/lib/db/database";
import { listProblems } from "@/lib/queries/problems";
import { RouteBadge } from "@/components/RouteBadge";
import { StatusBadge } from "@/components/StatusBadge";
import { RelativeTime } from "@/components/RelativeTime";
import { TableHead } from "@/components/TableHead";

export const dynamic = "force-dynamic";

export default function ProblemsPage() {
  return (
    <>
      <div className="mb-4 flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">Problems</h1>
        <p className="text-gray-500">Last 30 days · grouped by problem type, resource and cause</p>
      </div>
      <Suspense fallback={<p className="animate-pulse text-gray-500" role="status">Loading problems…</p>}>
        <ProblemsTable />
      </Suspense>
    </>
  );
}

async function ProblemsTable() {
  const viewer = await requireViewer("read", "/");
  const { scope } = viewer;
  const db = await getDatabase();
  const problems = await listProblems(db, scope);
  if (problems.length === 0) {
    return (
      <div className="rounded border border-dashed border-gray-300 p-6 text-gray-600">
        {scope.kind === "leas" ? (
          <>
            <p className="font-medium">No error events from your districts ({scope.leaCodes.join(", ")}) in the last 30 days.</p>
            <p className="mt-1">Their API submissions are going through. If you expected errors here, ask your Triage administrator whether your districts&apos; API hosts send their logs.</p>
          </>
        ) : (
          <>
            <p className="font-medium">No error events in the last 30 days.</p>
            <p className="mt-1">
              {viewerCan(viewer, "admin") ? "Create an ingest key on the API keys page" : "An administrator creates an ingest key"} (or with <code className="font-mono">npm run keys -- create NAME</code>) and POSTs events to{" "}
              <code className="font-mono">/api/v1/events</code> (see the README); <code className="font-mono">npm run demo</code> loads demo data.
            </p>
          </>
        )}
      </div>
    );
  }
  return (
    <table className="w-full border-collapse text-left" data-testid="problems">
      <TableHead columns={[{ label: "Problem" }, { label: "Route" }, { label: "Status" }, { label: "7 d", align: "right" }, { label: "30 d", align: "right" }, { label: "Last seen" }, { label: "Latest correlationId" }]} />
      <tbody>
        {problems.map((p) => (
          <tr key={p.id} className="border-b border-gray-100 align-top hover:bg-gray-50">
            <td className="py-2 pr-3">
              <Link href={`/problems/${p.id}`} className="font-medium text-indigo-700 hover:underline">{p.articleTitle}</Link>
              <span className="ml-2 text-gray-500">{p.resource ?? "—"}</span>
              <div className="mt-0.5 max-w-xl truncate text-xs text-gray-500" title={p.signature}>{p.signature || p.sampleMessage}</div>
            </td>
            <td className="py-2 pr-3"><RouteBadge team={p.route} alt={p.alt} /></td>
            <td className="py-2 pr-3"><StatusBadge status={p.triageStatus} /></td>
            <td className="py-2 pr-3 text-right tabular-nums">{p.events7d.toLocaleString("en-US")}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{p.events30d.toLocaleString("en-US")}</td>
            <td className="py-2 pr-3 text-gray-600"><RelativeTime iso={p.lastSeenAt} /></td>
            <td className="py-2 font-mono text-xs">{p.latestCorrelationId ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
