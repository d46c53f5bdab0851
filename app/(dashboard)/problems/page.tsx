// The problem stream: every problem with events in the range, inside the viewer's districts,
// filtered, sorted and paged by the server from the URL (lib/search-params/problems.ts).
import { educationOrgNames } from "@/lib/districts/store";
import { districtLabel } from "@/lib/districts/edorg-file";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import type { SearchParams } from "nuqs/server";
import { getPageContext } from "@/lib/auth/page-context";
import { viewerCan, type Viewer } from "@/lib/auth/viewer";
import { getDatabase } from "@/lib/runtime/database";
import { groupProblemStream, listProblemStream, problemFacets } from "@/lib/queries/problem-stream";
import { topMessagesOf } from "@/lib/queries/top-messages";
import {
  canonicalProblemQuery,
  filterQuery,
  listRange,
  readProblemSearch,
  type ProblemSearch,
} from "@/lib/search-params/problems";
import { viewerTimeZone } from "@/lib/time/viewer-time-zone";
import { TimeZoneSync } from "@/components/trends/TimeZoneSync";
import { assignableUsers } from "@/lib/triage/problem-triage";
import { routeReasonsFor } from "@/lib/queries/route-reasons";
import { canShareViews, listSavedViews } from "@/lib/triage/saved-views";
import { ProblemsTable } from "@/components/problems/ProblemsTable";
import { RangeNotices } from "@/components/RangeNotices";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Problems" };

export default async function ProblemsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { search, notices } = readProblemSearch(await searchParams);
  const { viewer, db } = await getPageContext("read", `/problems?${canonicalProblemQuery(search)}`);
  const names = viewer.scope.kind === "leas" ? await educationOrgNames(db) : new Map<string, string>();
  const yours =
    viewer.scope.kind === "leas" ? viewer.scope.leaCodes.map((c) => districtLabel(c, names)).join(", ") : "";
  const timeZone = await viewerTimeZone();
  const range = listRange(search, timeZone);
  return (
    <>
      <TimeZoneSync current={timeZone} />
      <h1 className="mb-1 text-lg font-semibold">Problems</h1>
      <p className="mb-4 text-muted-foreground">
        Error events grouped by problem type, resource and cause{yours ? `, in your districts (${yours})` : ""}.
      </p>
      <RangeNotices notices={notices} />
      <Suspense fallback={<TableSkeleton rows={12} columns={9} label="Loading problems…" />}>
        <Results viewer={viewer} search={search} timeZone={timeZone} rangeLabel={range.label} />
      </Suspense>
    </>
  );
}

async function Results({
  viewer,
  search,
  timeZone,
  rangeLabel,
}: {
  viewer: Viewer & { kind: "user" };
  search: ProblemSearch;
  timeZone: string;
  rangeLabel: string;
}) {
  const db = await getDatabase();
  const { scope } = viewer;
  const clock = { timeZone, now: new Date() }; // one instant for every query of the page
  const canTriage = viewerCan(viewer, "triage");
  const [page, facets, groups, users, views, reasons] = await Promise.all([
    listProblemStream(db, scope, search, clock),
    problemFacets(db, scope, search, clock),
    search.group === "problem" ? null : groupProblemStream(db, scope, search, search.group, clock),
    canTriage ? assignableUsers(db) : [],
    listSavedViews(db, { userId: viewer.user.userId, scope }),
    routeReasonsFor(db, scope),
  ]);
  const tops = await topMessagesOf(
    db,
    scope,
    page.rows.map((r) => r.id),
  );
  return (
    <ProblemsTable
      page={{
        ...page,
        rows: page.rows.map((r) => ({
          ...r,
          routeReason: reasons(r.routeReason),
          topMessage: tops.get(r.id)?.[0]?.text ?? null,
        })),
      }}
      groups={groups}
      facets={facets}
      canTriage={canTriage}
      users={users.map((u) => ({ id: u.id, name: u.name }))}
      views={views}
      canShareViews={canShareViews({ userId: viewer.user.userId, scope })}
      rangeLabel={rangeLabel}
      timeZone={timeZone}
      emptyHint={
        page.total > 0 ? (
          <PastTheEnd search={search} total={page.total} />
        ) : (
          <EmptyHint viewer={viewer} filtered={filterQuery(search) !== ""} />
        )
      }
    />
  );
}

/** A page number past the last page (a bookmark, or the list shrank): say so, and link back. */
function PastTheEnd({ search, total }: { search: ProblemSearch; total: number }) {
  const last = Math.max(1, Math.ceil(total / search.size));
  const back = canonicalProblemQuery({ ...search, page: last });
  return (
    <>
      <p className="font-medium">
        Page {search.page} is past the end of this list ({total.toLocaleString("en-US")} problems on {last} page
        {last === 1 ? "" : "s"}).
      </p>
      <p className="mt-1">
        <Link href={`/problems${back ? `?${back}` : ""}`} className="text-primary hover:underline">
          Go to the last page
        </Link>
      </p>
    </>
  );
}

function EmptyHint({ viewer, filtered }: { viewer: Viewer & { kind: "user" }; filtered: boolean }) {
  if (filtered)
    return (
      <>
        <p className="font-medium">No problem matches these filters.</p>
        <p className="mt-1">Widen the time range or reset the filters.</p>
      </>
    );
  if (viewer.scope.kind === "leas")
    return (
      <>
        <p className="font-medium">
          No error events from your districts ({viewer.scope.leaCodes.join(", ")}) in this period.
        </p>
        <p className="mt-1">
          Their API submissions are going through. If you expected errors here, ask your Triage administrator whether
          your districts&apos; API hosts send their logs.
        </p>
      </>
    );
  return (
    <>
      <p className="font-medium">No error events in this period.</p>
      <p className="mt-1">
        {viewerCan(viewer, "admin")
          ? "Create an ingest key on the API keys page"
          : "An administrator creates an ingest key"}{" "}
        (or with <code className="font-mono">npm run keys -- create NAME</code>) and POSTs events to{" "}
        <code className="font-mono">/api/v1/events</code> (see the README);{" "}
        <code className="font-mono">npm run demo</code> loads demo data.
      </p>
    </>
  );
}
