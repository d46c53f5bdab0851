// One problem group: its article, route and the latest events (correlationIds visible).
// Event text comes from untrusted API responses: it is rendered as text only.
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requireViewer } from "@/lib/auth/current-viewer";
import type { Scope } from "@/lib/auth/scope";
import { getDatabase } from "@/lib/db/database";
import { listProblemEvents } from "@/lib/queries/events";
import { getProblem } from "@/lib/queries/problems";
import { RouteBadge } from "@/components/RouteBadge";
import { StatusBadge } from "@/components/StatusBadge";
import { RelativeTime } from "@/components/RelativeTime";
import { TableHead } from "@/components/TableHead";

export const dynamic = "force-dynamic";

export default async function ProblemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { scope } = await requireViewer("read", `/problems/${encodeURIComponent(id)}`);
  const db = await getDatabase();
  const problem = await getProblem(db, scope, id);
  if (!problem) notFound();
  return (
    <>
      <Link href="/" className="text-indigo-700 hover:underline">← Problems</Link>
      <h1 className="mt-2 text-lg font-semibold">{problem.articleTitle} <span className="font-normal text-gray-500">{problem.resource ?? ""}</span></h1>
      <dl className="mt-3 grid max-w-3xl grid-cols-[10rem_1fr] gap-y-1">
        <dt className="text-gray-500">Route</dt><dd><RouteBadge team={problem.route} alt={problem.alt} /> <span className="text-xs text-gray-500">article default</span></dd>
        <dt className="text-gray-500">Status</dt><dd><StatusBadge status={problem.triageStatus} /></dd>
        <dt className="text-gray-500">Article</dt>
        <dd>
          <Link href={`/kb/${problem.articleId}`} className="font-mono text-indigo-700 hover:underline">{problem.articleId}</Link>
          {problem.kbUrl ? <> · <a href={problem.kbUrl} className="text-indigo-700 hover:underline" rel="noreferrer noopener" target="_blank">knowledge base</a></> : null}
        </dd>
        <dt className="text-gray-500">Cause</dt><dd className="font-mono text-xs">{problem.signature || "—"}</dd>
        <dt className="text-gray-500">Events</dt><dd>{problem.events7d.toLocaleString("en-US")} in 7 days · {problem.events30d.toLocaleString("en-US")} in 30 days</dd>
        <dt className="text-gray-500">First / last seen</dt><dd><RelativeTime iso={problem.firstSeenAt} /> · <RelativeTime iso={problem.lastSeenAt} /></dd>
      </dl>
      <h2 className="mt-6 mb-2 font-semibold">Latest events</h2>
      <Suspense fallback={<p className="animate-pulse text-gray-500" role="status">Loading events…</p>}>
        <ProblemEvents problemId={problem.id} scope={scope} />
      </Suspense>
    </>
  );
}

// The problem is looked up before anything streams, so an unknown id answers a real 404;
// the slower event list streams in behind its own loading state.
async function ProblemEvents({ problemId, scope }: { problemId: string; scope: Scope }) {
  const db = await getDatabase();
  const events = await listProblemEvents(db, scope, problemId, 50);
  return (
      <table className="w-full border-collapse text-left" data-testid="events">
        <TableHead columns={[{ label: "When" }, { label: "Request" }, { label: "District" }, { label: "Client" }, { label: "correlationId" }, { label: "Messages" }]} />
        <tbody>
          {events.map((e) => (
            <tr key={e.id} className="border-b border-gray-100 align-top">
              <td className="py-2 pr-3 text-gray-600"><RelativeTime iso={e.occurredAt} /></td>
              <td className="py-2 pr-3"><span className="font-mono text-xs">{e.status} {e.method ?? ""}</span><div className="max-w-xs truncate text-xs text-gray-500" title={e.url ?? ""}>{e.url ?? "—"}</div></td>
              <td className="py-2 pr-3">{e.lea ?? "—"}</td>
              <td className="py-2 pr-3">{e.client ?? "—"}</td>
              <td className="py-2 pr-3 font-mono text-xs">{e.correlationId ?? "—"}</td>
              <td className="py-2 text-xs">
                <ul className="space-y-0.5">{e.messages.slice(0, 4).map((m, i) => <li key={i} className="break-words">{m}</li>)}</ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
  );
}
