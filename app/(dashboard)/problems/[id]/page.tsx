// One problem: what happened in plain words, its article and route, trend, what varies, recent
// events, and the triage panel with the history. Everything inside the viewer's districts: staff
// notes and triage history only as problemActivity lets the viewer read them, a routing rule's
// reason only as far as the viewer may see. Event text comes from untrusted API responses and is
// rendered as text only, with hidden characters (bidi overrides, zero-width) shown as markers.
import { educationOrgNames } from "@/lib/districts/store";
import { districtLabel } from "@/lib/districts/edorg-file";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { getPageContext } from "@/lib/auth/page-context";
import type { Scope } from "@/lib/auth/scope";
import { viewerCan } from "@/lib/auth/viewer";
import { getDatabase } from "@/lib/runtime/database";
import type { RangeClock } from "@/lib/queries/problem-filters";
import { viewerTimeZone } from "@/lib/time/viewer-time-zone";
import { TimeZoneSync } from "@/components/trends/TimeZoneSync";
import { articlePage, routeInWords, showControls } from "@/lib/problems";
import { listEvents } from "@/lib/queries/event-list";
import { problemTopMessages } from "@/lib/queries/top-messages";
import {
  getMergedProblem,
  getProblemDetail,
  problemDailySeries,
  problemTopValues,
  type MergedProblem,
  type TopValue,
} from "@/lib/queries/problem-detail";
import { assignableUsers, problemActivity, type ActivityEntry } from "@/lib/triage/problem-triage";
import { DailyEventsChart } from "@/components/charts/DailyEventsChart";
import { EventTable } from "@/components/events/EventTable";
import { RetiredEventsNotice } from "@/components/events/RetiredEventsNotice";
import { eventsKeptFrom, keptFromInstant } from "@/lib/retention/retired";
import { TriagePanel } from "@/components/problems/TriagePanel";
import { BackToProblems } from "@/components/problems/BackToProblems";
import { RelativeTime } from "@/components/RelativeTime";
import { RouteBadge } from "@/components/RouteBadge";
import { StatusBadge } from "@/components/StatusBadge";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Problem #${(await params).id.slice(0, 20)}` };
}

const eventFilters = z.object({
  lea: z.string().max(40).optional(),
  client: z.string().max(200).optional(),
  cursor: z.string().max(200).optional(),
});

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
            <Trend scope={viewer.scope} id={problem.id} clock={clock} />
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
        <History activity={activity} staff={viewer.scope.kind === "all"} />
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

/** The API's own words, most telling first, with how many of the problem's events (in scope) said each. */
async function WhatWentWrong({
  scope,
  id,
  events,
  sample,
}: {
  scope: Scope;
  id: string;
  events: number;
  sample: string | null;
}) {
  const lines = await problemTopMessages(await getDatabase(), scope, id);
  const share = (n: number) => (events > 0 ? ` (${Math.round((n / events) * 100)}%)` : "");
  if (!lines.length)
    return sample ? (
      <p
        className="rounded bg-muted p-2 font-mono text-xs break-words whitespace-pre-wrap"
        data-testid="sample-message"
      >
        {showControls(sample)}
      </p>
    ) : null;
  return (
    <ol
      className="space-y-1 rounded bg-muted p-2 text-sm"
      data-testid="top-messages"
      aria-label="Messages of its events, most frequent first"
    >
      {lines.map((l) => (
        <li
          key={l.text}
          className={`flex flex-wrap items-baseline gap-x-2 break-words ${l.generic ? "text-muted-foreground" : ""}`}
        >
          {l.path && <span className="font-mono text-xs text-foreground">{showControls(l.path)}</span>}
          <span className="min-w-0 flex-1">{showControls(l.message)}</span>
          <span className="text-xs whitespace-nowrap text-muted-foreground tabular-nums">
            {l.events.toLocaleString("en-US")} event{l.events === 1 ? "" : "s"}
            {share(l.events)}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** A problem left with no events by reclassification: where they went, and its triage history. */
function MergedProblemPage({ merged, activity }: { merged: MergedProblem; activity: ActivityEntry[] }) {
  return (
    <div className="grid max-w-3xl gap-4">
      <div>
        <BackToProblems />
        <h1 className="mt-2 flex flex-wrap items-center gap-2 text-lg font-semibold">
          {merged.articleTitle}{" "}
          <span className="font-mono text-sm font-normal text-muted-foreground">#{merged.id}</span>
        </h1>
      </div>
      <p className="rounded-md border border-tone-warning-ring bg-tone-warning-bg p-3" data-testid="merged-into">
        This problem has no events any more: today&apos;s classifier moved them into{" "}
        <Link href={`/problems/${merged.mergedInto}`} className="font-medium text-primary underline">
          problem #{merged.mergedInto}
        </Link>
        . Its triage history stays below.
      </p>
      <History activity={activity} staff />
    </div>
  );
}

function History({ activity, staff }: { activity: ActivityEntry[]; staff: boolean }) {
  return (
    <section aria-labelledby="history-title" className="rounded-md border border-border p-3">
      <h2 id="history-title" className="mb-2 font-semibold">
        History
      </h2>
      {!staff && (
        <p className="mb-2 text-xs text-muted-foreground">
          Staff notes and triage changes are internal to the Triage team; you see the entries about your districts.
        </p>
      )}
      {activity.length === 0 ? (
        <p className="text-muted-foreground">
          {staff
            ? "No triage yet: assign a team or person, set a status or leave a note."
            : "Nothing about your districts yet."}
        </p>
      ) : (
        <ol className="space-y-2" data-testid="history">
          {activity.map((a) => (
            <li key={a.id} className="border-l-2 border-border pl-2">
              <div className="text-xs text-muted-foreground">
                <RelativeTime iso={a.at} /> · {a.actor ?? "Triage"}
              </div>
              <div className={a.kind === "note" ? "break-words whitespace-pre-wrap" : ""}>
                {showControls(a.text)}
                {a.eventId && (
                  <>
                    {" "}
                    (event{" "}
                    <Link prefetch={false} href={`/events/${a.eventId}`} className="text-primary hover:underline">
                      #{a.eventId}
                    </Link>
                    )
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

async function Trend({ scope, id, clock }: { scope: Scope; id: string; clock: RangeClock }) {
  const series = await problemDailySeries(await getDatabase(), scope, id, 90, clock);
  return (
    <DailyEventsChart
      title="Events per day, last 90 days"
      series={series}
      fileName={`problem-${id}-events-per-day.csv`}
    />
  );
}

async function TopValuesPanel({ scope, id, clock }: { scope: Scope; id: string; clock: RangeClock }) {
  const db = await getDatabase();
  const [top, districts] = await Promise.all([problemTopValues(db, scope, id, clock), educationOrgNames(db)]);
  type Group = { title: string; values: TopValue[]; href: (v: string) => string; label?: (v: string) => string };
  const all: Group[] = [
    {
      title: "Districts",
      values: top.districts,
      href: (v) => `/problems/${id}?lea=${encodeURIComponent(v)}#events`,
      label: (v) => districtLabel(v, districts),
    },
    {
      title: "API clients",
      values: top.clients,
      href: (v) => `/problems/${id}?client=${encodeURIComponent(v)}#events`,
    },
    { title: "Property paths", values: top.paths, href: (v) => `/search?q=${encodeURIComponent(v)}` },
    { title: "Descriptor values", values: top.descriptors, href: (v) => `/search?q=${encodeURIComponent(v)}` },
    { title: "Referenced resources", values: top.references, href: (v) => `/search?q=${encodeURIComponent(v)}` },
    { title: "API versions (URL path)", values: top.apiBases, href: (v) => `/search?q=${encodeURIComponent(v)}` },
  ];
  const groups = all.filter((g) => g.values.length);
  return (
    <section aria-labelledby="top-title" className="rounded-md border border-border p-3">
      <h2 id="top-title" className="font-medium">
        Top values
      </h2>
      <p className="mb-2 text-xs text-muted-foreground">
        Districts and clients: every event of the last 90 days. Others: the latest {top.sampled.toLocaleString("en-US")}{" "}
        events. Click to filter.
      </p>
      {groups.length === 0 ? (
        <p className="text-muted-foreground">Nothing varies between these events.</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          {groups.map((g) => {
            const max = Math.max(...g.values.map((v) => v.count));
            return (
              <div key={g.title}>
                <h3 className="text-xs font-medium text-muted-foreground">{g.title}</h3>
                <ul className="mt-1 space-y-0.5">
                  {g.values.map((v) => (
                    <li key={v.value}>
                      <Link
                        prefetch={false}
                        href={g.href(v.value)}
                        className="group relative flex min-h-6 items-center justify-between gap-2 rounded px-1 py-0.5 hover:bg-muted"
                      >
                        <span
                          aria-hidden
                          className="absolute inset-y-0 left-0 rounded bg-tone-brand-bg"
                          style={{ width: `${(v.count / max) * 100}%` }}
                        />
                        <span
                          className={`relative truncate text-xs ${g.label ? "" : "font-mono"}`}
                          title={showControls(v.value)}
                        >
                          {showControls(g.label ? g.label(v.value) : v.value)}
                        </span>
                        <span className="relative text-xs text-muted-foreground tabular-nums">
                          {v.count.toLocaleString("en-US")}
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

async function RecentEvents({
  scope,
  id,
  filters,
  firstSeenAt,
}: {
  scope: Scope;
  id: string;
  filters: z.infer<typeof eventFilters>;
  /** The problem's first event in the viewer's scope (counted, whether or not it is still kept). */
  firstSeenAt: string;
}) {
  const districtNames = await educationOrgNames(await getDatabase());
  let result;
  try {
    result = await listEvents(await getDatabase(), scope, {
      problemId: id,
      lea: filters.lea,
      client: filters.client,
      cursor: filters.cursor,
      limit: 25,
    });
  } catch {
    result = await listEvents(await getDatabase(), scope, {
      problemId: id,
      lea: filters.lea,
      client: filters.client,
      limit: 25,
    }); // a cursor that is not ours: first page
  }
  // The last page of a problem older than what retention keeps: say why the list ends early.
  const keptFrom = result.nextCursor ? null : await (await getDatabase()).session(eventsKeptFrom);
  const base = `/problems/${id}?${new URLSearchParams(Object.entries({ lea: filters.lea, client: filters.client }).filter((e): e is [string, string] => !!e[1]))}`;
  return (
    <>
      <EventTable events={result.events} districtNames={districtNames} empty="No events match." />
      <nav aria-label="Event pages" className="mt-2 flex gap-3">
        {filters.cursor && (
          <Link prefetch={false} href={`${base}#events`} className="text-primary hover:underline">
            ← Newest
          </Link>
        )}
        {result.nextCursor && (
          <Link
            prefetch={false}
            href={`${base}&cursor=${encodeURIComponent(result.nextCursor)}#events`}
            className="text-primary hover:underline"
          >
            Older events →
          </Link>
        )}
      </nav>
      {keptFrom && Date.parse(firstSeenAt) < keptFromInstant(keptFrom) && <RetiredEventsNotice keptFrom={keptFrom} />}
    </>
  );
}
