// One problem: what happened in plain words, its article and route, trend, what varies, recent
// events, and the triage panel with the history. Everything inside the viewer's districts: staff
// notes and triage history only as problemActivity lets the viewer read them, a routing rule's
// reason only as far as the viewer may see. Event text comes from untrusted API responses and is
// rendered as text only, with hidden characters (bidi overrides, zero-width) shown as markers.
// Its sections are in components/problem-page/.
import { educationOrgNames } from "@/lib/districts/store";
import { districtLabel } from "@/lib/districts/edorg-file";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { getPageContext } from "@/lib/auth/page-context";
import { viewerCan } from "@/lib/auth/viewer";
import type { RangeClock } from "@/lib/queries/problem-filters";
import { viewerTimeZone } from "@/lib/time/viewer-time-zone";
import { TimeZoneSync } from "@/components/trends/TimeZoneSync";
import { articlePage, routeInWords, showControls } from "@/lib/problems";
import { getMergedProblem, getProblemDetail } from "@/lib/queries/problem-detail";
import { assignableUsers, problemActivity } from "@/lib/triage/problem-triage";
import { TriagePanel } from "@/components/problems/TriagePanel";
import { BackToProblems } from "@/components/problems/BackToProblems";
import { RelativeTime } from "@/components/RelativeTime";
import { RouteBadge } from "@/components/RouteBadge";
import { StatusBadge } from "@/components/StatusBadge";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { MergedProblemPage } from "@/components/problem-page/MergedProblem";
import { ProblemHistory } from "@/components/problem-page/ProblemHistory";
import { ProblemTrend } from "@/components/problem-page/ProblemTrend";
import { RecentEvents, eventFilters } from "@/components/problem-page/RecentEvents";
import { TopValuesPanel } from "@/components/problem-page/TopValuesPanel";
import { WhatWentWrong } from "@/components/problem-page/WhatWentWrong";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Problem #${(await params).id.slice(0, 20)}` };
}

export default async function ProblemPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { viewer, db } = await getPageContext("read", `/problems/${encodeURIComponent(id)}`);
  const filters = eventFilters
    .catch({})
    .parse(Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const clock: RangeClock = { timeZone: await viewerTimeZone(), now: new Date() }; // the list's days: local days of the viewer's zone
  const problem = await getProblemDetail(db, viewer.scope, id, clock);
  if (!problem) {
    const merged = await getMergedProblem(db, id);
    if (!merged) notFound();
    // Its history is staff-internal; anyone else follows its events, where they may see them.
    if (viewer.scope.kind !== "all") {
      if (await getProblemDetail(db, viewer.scope, merged.mergedInto, clock))
        redirect(`/problems/${merged.mergedInto}`);
      notFound();
    }
    return <MergedProblemPage merged={merged} activity={await problemActivity(db, viewer.scope, merged.id)} />;
  }
  const page = articlePage(problem.articleId);
  const [users, activity, districtNames] = await Promise.all([
    viewerCan(viewer, "triage") ? assignableUsers(db) : [],
    problemActivity(db, viewer.scope, problem.id),
    educationOrgNames(db),
  ]);
  // A district's name only when the viewer may see the district: a code typed into the URL learns nothing.
  const districtShown = (lea: string) =>
    showControls(
      viewer.scope.kind === "all" || viewer.scope.leaCodes.includes(lea) ? districtLabel(lea, districtNames) : lea,
    );
  return (
    // One column below lg: facts, then the triage panel, then the events; beside each other above.
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <TimeZoneSync current={clock.timeZone!} />
      <div className="min-w-0 lg:col-start-1 lg:row-start-1">
        <BackToProblems />
        <h1 className="mt-2 flex flex-wrap items-center gap-2 text-lg font-semibold">
          {problem.articleTitle}
          {problem.httpStatus ? (
            <span className="rounded bg-accent px-1.5 font-mono text-sm font-normal">{problem.httpStatus}</span>
          ) : null}
          <StatusBadge status={problem.status} />
          <span className="font-mono text-sm font-normal text-muted-foreground">#{problem.id}</span>
        </h1>
        <section aria-labelledby="what-title" className="mt-3 max-w-3xl">
          <h2 id="what-title" className="sr-only">
            What happened
          </h2>
          <Suspense fallback={<Skeleton className="h-16" />}>
            <WhatWentWrong
              scope={viewer.scope}
              id={problem.id}
              events={problem.events}
              sample={problem.sampleMessage}
            />
          </Suspense>
          {page && <p className="mt-2">{page.meaning}</p>}
          <p className="mt-1 text-muted-foreground">
            <Link prefetch={false} href={`/kb/${problem.articleId}`} className="text-primary hover:underline">
              Our article: how to resolve
            </Link>
            {problem.kbUrl && (
              <>
                {" "}
                ·{" "}
                <a
                  href={problem.kbUrl}
                  className="text-primary hover:underline"
                  target="_blank"
                  rel="noreferrer noopener"
                >
                  Ed-Fi knowledge base section
                </a>
              </>
            )}
          </p>
        </section>
        <dl className="mt-4 grid max-w-3xl grid-cols-[9rem_minmax(0,1fr)] gap-y-1.5">
          <dt className="text-muted-foreground">Route</dt>
          <dd className="flex flex-wrap items-center gap-2" data-testid="route">
            <RouteBadge
              team={problem.assignedTeam ?? problem.suggestedRoute}
              alt={problem.assignedTeam ? null : problem.alt}
            />
            <span className="text-muted-foreground">
              {showControls(
                problem.assignedTeam
                  ? `assigned by a triager (suggested: ${problem.suggestedRoute}, ${problem.routeReason})`
                  : problem.routeReason === "article default"
                    ? "the article's usual route"
                    : problem.routeReason,
              )}
            </span>
            <span className="basis-full text-foreground" data-testid="route-words">
              {routeInWords(problem.assignedTeam ?? problem.suggestedRoute, problem.assignedTeam ? null : problem.alt)}
            </span>
          </dd>
          <dt className="text-muted-foreground">Type</dt>
          <dd className="font-mono text-xs break-all">
            {problem.canonicalType ? showControls(problem.canonicalType) : "—"}
          </dd>
          <dt className="text-muted-foreground">Resource</dt>
          <dd className="font-mono text-xs">{problem.resource ? showControls(problem.resource) : "—"}</dd>
          <dt className="text-muted-foreground">What varies</dt>
          <dd className="font-mono text-xs break-words">{showControls(problem.signature) || "—"}</dd>
          <dt className="text-muted-foreground">Events</dt>
          <dd>
            <span data-testid="problem-events-7d">{problem.events7d.toLocaleString("en-US")}</span> in the last 7 days ·{" "}
            {problem.events30d.toLocaleString("en-US")} in 30 days · {problem.events.toLocaleString("en-US")} in all ·{" "}
            {problem.districts} district{problem.districts === 1 ? "" : "s"}
            <span className="text-muted-foreground"> (days in {clock.timeZone})</span>
          </dd>
          <dt className="text-muted-foreground">First / last seen</dt>
          <dd>
            <RelativeTime iso={problem.firstSeenAt} /> · <RelativeTime iso={problem.lastSeenAt} />
          </dd>
          <dt className="text-muted-foreground">Assignee</dt>
          <dd>{problem.assignee?.name ?? "nobody"}</dd>
        </dl>
        <div className="mt-5 grid gap-4 xl:grid-cols-2">
          <Suspense fallback={<Skeleton className="h-60" />}>
            <ProblemTrend scope={viewer.scope} id={problem.id} clock={clock} />
          </Suspense>
          <Suspense fallback={<Skeleton className="h-60" />}>
            <TopValuesPanel scope={viewer.scope} id={problem.id} clock={clock} />
          </Suspense>
        </div>
      </div>
      <aside className="space-y-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <TriagePanel
          problemId={problem.id}
          team={problem.assignedTeam}
          suggested={problem.suggestedRoute}
          assigneeId={problem.assignee?.id ?? null}
          assigneeName={problem.assignee?.name ?? null}
          status={problem.status}
          updatedAt={problem.updatedAt}
          users={users.map((u) => ({ id: u.id, name: u.name }))}
          canTriage={viewerCan(viewer, "triage")}
          canNote={viewerCan(viewer, "note")}
        />
        <ProblemHistory activity={activity} staff={viewer.scope.kind === "all"} />
      </aside>
      <div className="min-w-0 lg:col-start-1 lg:row-start-2">
        <h2 className="mb-2 font-semibold" id="events">
          Recent events
          {filters.lea && (
            <span className="ml-2 font-normal text-muted-foreground">district {districtShown(filters.lea)}</span>
          )}
          {filters.client && (
            <span className="ml-2 font-normal text-muted-foreground">client {showControls(filters.client)}</span>
          )}
          {(filters.lea || filters.client) && (
            <Link
              prefetch={false}
              href={`/problems/${problem.id}#events`}
              className="ml-2 text-sm font-normal text-primary hover:underline"
            >
              show all
            </Link>
          )}
          <a
            href={`/api/v1/events/export?problemId=${problem.id}${filters.lea ? `&lea=${encodeURIComponent(filters.lea)}` : ""}${filters.client ? `&client=${encodeURIComponent(filters.client)}` : ""}`}
            className="ml-3 text-sm font-normal text-primary hover:underline"
            download
          >
            Export CSV
          </a>
        </h2>
        <Suspense
          key={JSON.stringify(filters)}
          fallback={<TableSkeleton rows={8} columns={6} label="Loading events…" />}
        >
          <RecentEvents scope={viewer.scope} id={problem.id} filters={filters} firstSeenAt={problem.firstSeenAt} />
        </Suspense>
      </div>
    </div>
  );
}
