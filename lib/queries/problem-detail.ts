// One problem as its page shows it: figures, series and top values inside the viewer's Scope, the
// triage state, and the article. A problem without events in the scope answers as missing. The
// routing rule's reason names only what the viewer may see (route-reasons.ts).
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { evidenceOf, getArticle, parseBody, type Team } from "../problems";
import { PROBLEM_COLUMNS, problemFactsOf, type ProblemDbRow, type ProblemFacts } from "./problem-stream";
import { routeReasonsFor } from "./route-reasons";
import { inScope, sql, type Sql } from "./sql-tag";
import { MAX_RANGE_DAYS } from "../trends/range-check";
import { lastLocalDays } from "../trends/periods";
import { eventsBetween, eventsInRange, localDayPieces, rangeDaysCondition, rangeWindow } from "./time-range";
import { NO_DISTRICT_FILTERS, seenCte, type RangeClock } from "./problem-filters";
import { oneProblemDayRows } from "./every-district-counts";

export interface ProblemDetail extends ProblemFacts {
  /** The article's own route (the suggestion may come from a rule). */
  articleRoute: Team;
  updatedAt: string;
  /** Events of the last 7 and 30 days (today and the days before it, local days of the viewer's zone), as the list and the API count them. */
  events7d: number;
  events30d: number;
  /** The detail of the latest event inside the scope. */
  sampleMessage: string | null;
}

type DetailRow = ProblemDbRow & { updated_at: Date; events_7d: bigint | null; events_30d: bigint | null };

/** The window of "the last N days" in a clock's zone. */
function lastDaysWindow(days: number, clock: RangeClock) {
  const { start, end } = lastLocalDays(days, clock.timeZone ?? "UTC", (clock.now ?? new Date()).getTime());
  return rangeWindow(new Date(start), new Date(end));
}

/**
 * A problem's figures inside districts, from its daily rows there: events (all time, last 7 and
 * 30 days), districts, first and last seen. Columns: problem_id, events, events_7d, events_30d,
 * districts, first_seen, last_seen; no row when it has no events there.
 */
function scopedCountsSql(scope: Scope, id: string, clock: RangeClock): Sql {
  return sql`SELECT d.problem_id, sum(d.count) AS events, sum(${eventsInRange(lastDaysWindow(7, clock))}) AS events_7d,
                    sum(${eventsInRange(lastDaysWindow(30, clock))}) AS events_30d,
                    count(DISTINCT nullif(d.lea, '')) AS districts, min(d.first_seen_at) AS first_seen, max(d.last_seen_at) AS last_seen
               FROM problem_daily_live d WHERE d.problem_id = ${id}::bigint AND ${inScope(scope, "d.lea")} GROUP BY d.problem_id`;
}

/**
 * The same figures of every district, at a cost per day and district rather than per row (at a
 * state's width the busiest problem has a row for about every other event): events from
 * problem_day (a row a UTC day, oneProblemDayRows); districts by a walk of the daily rollup's
 * (problem_id, lea) index, one probe per district (a row of the folded rollup has events: one
 * left at zero is deleted), and the pending counts' districts; first and last seen from the rows
 * of its first and last day (seenCte).
 */
function everyDistrictCountsSql(scope: Scope, id: string, clock: RangeClock): Sql {
  // seenCte reads its problems from a CTE named as the list's page of rows: here, the one problem.
  return sql`WITH RECURSIVE page AS (SELECT ${id}::bigint AS problem_id), ${seenCte(scope, NO_DISTRICT_FILTERS, "page")},
    folded_leas(lea) AS (
      SELECT min(x.lea) FROM problem_daily_count x WHERE x.problem_id = ${id}::bigint AND x.lea > ''
      UNION ALL
      SELECT (SELECT min(x.lea) FROM problem_daily_count x WHERE x.problem_id = ${id}::bigint AND x.lea > l.lea)
        FROM folded_leas l WHERE l.lea IS NOT NULL),
    totals AS (
      SELECT sum(d.count) AS events, sum(${eventsInRange(lastDaysWindow(7, clock))}) AS events_7d,
             sum(${eventsInRange(lastDaysWindow(30, clock))}) AS events_30d
        FROM ${oneProblemDayRows(scope, id, null)} d)
    SELECT s.problem_id, t.events, t.events_7d, t.events_30d, s.first_seen, s.last_seen,
           (SELECT count(*) FROM (SELECT lea FROM folded_leas WHERE lea IS NOT NULL
                                  UNION SELECT q.lea FROM share_pending q WHERE q.problem_id = ${id}::bigint AND q.lea <> '') u) AS districts
      FROM seen s CROSS JOIN totals t WHERE t.events > 0`;
}

export async function getProblemDetail(
  db: Database,
  scope: Scope,
  id: string,
  clock: RangeClock = {},
): Promise<ProblemDetail | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const counts = scope.kind === "all" ? everyDistrictCountsSql(scope, id, clock) : scopedCountsSql(scope, id, clock);
  const rows = await db.prisma.$queryRaw<DetailRow[]>`
    SELECT ${PROBLEM_COLUMNS}, p.updated_at, c.events_7d, c.events_30d
      FROM problem p
      JOIN (${counts}) c ON c.problem_id = p.id
      LEFT JOIN app_user u ON u.id = p.assignee_id
     WHERE p.id = ${id}::bigint`;
  const r = rows[0];
  if (!r) return null;
  const [latest, reasonView] = await Promise.all([
    db.prisma.$queryRaw<{ body: unknown }[]>`
      SELECT body FROM error_event WHERE problem_id = ${id}::bigint AND ${inScope(scope, "lea")} ORDER BY occurred_at DESC LIMIT 1`,
    routeReasonsFor(db, scope),
  ]);
  const parsed = latest[0]?.body === undefined || latest[0]?.body === null ? null : parseBody(latest[0].body);
  const article = getArticle(r.article_id);
  return {
    ...problemFactsOf(r),
    routeReason: reasonView(r.route_reason),
    articleRoute: article?.route ?? r.route,
    updatedAt: r.updated_at.toISOString(),
    events7d: Number(r.events_7d ?? 0),
    events30d: Number(r.events_30d ?? 0),
    sampleMessage: parsed ? (parsed.detail ?? parsed.messages[0]?.text ?? parsed.title) : null,
  };
}

/** Events per local day (the clock's zone) over the last `days` days inside the scope, zero-filled, oldest first. */
export async function problemDailySeries(
  db: Database,
  scope: Scope,
  id: string,
  requestedDays = 90,
  clock: RangeClock = {},
): Promise<{ day: string; events: number }[]> {
  const days = Math.max(1, Math.min(Math.trunc(requestedDays) || 1, MAX_RANGE_DAYS)); // one zero-filled entry per day: never unbounded
  const { start, end } = lastLocalDays(days, clock.timeZone ?? "UTC", (clock.now ?? new Date()).getTime());
  const { days: dates, piecesCte } = localDayPieces(new Date(start), new Date(end), clock.timeZone ?? "UTC");
  const w = rangeWindow(new Date(start), new Date(end));
  // Of every district, a row per UTC day (problem_day) instead of one per day, district and client.
  const rowsOfRange =
    scope.kind === "all"
      ? oneProblemDayRows(scope, id, w)
      : sql`(SELECT * FROM problem_daily_live d WHERE d.problem_id = ${id}::bigint AND ${rangeDaysCondition(w)} AND ${inScope(scope, "d.lea")})`;
  const rows = await db.prisma.$queryRaw<{ bucket: number; n: bigint }[]>`
    WITH ${piecesCte}
    SELECT p.bucket, sum(${eventsBetween("d", sql`p.q0`, sql`p.q1`)}) AS n FROM ${rowsOfRange} d JOIN pieces p ON p.day = d.day
     GROUP BY p.bucket`;
  const byBucket = new Map(rows.map((r) => [r.bucket, Number(r.n)]));
  return dates.map((day, i) => ({ day, events: byBucket.get(i) ?? 0 }));
}

export interface TopValue {
  value: string;
  count: number;
}
export interface TopValues {
  /** Exact, from the rollup (last 90 days). */
  districts: TopValue[];
  clients: TopValue[];
  /** From the latest `sampled` events inside the scope. */
  sampled: number;
  paths: TopValue[];
  descriptors: TopValue[];
  references: TopValue[];
  apiBases: TopValue[];
}

const SAMPLE = 1_000;

function top(counts: Map<string, number>, n = 8): TopValue[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, n);
}

export async function problemTopValues(
  db: Database,
  scope: Scope,
  id: string,
  clock: RangeClock = {},
): Promise<TopValues> {
  const w = lastDaysWindow(90, clock);
  const [districts, clients, events] = await Promise.all([
    db.prisma.$queryRaw<{ value: string; n: bigint }[]>`
      SELECT d.lea AS value, sum(${eventsInRange(w)}) AS n FROM problem_daily_live d
       WHERE d.problem_id = ${id}::bigint AND ${rangeDaysCondition(w)} AND d.lea <> '' AND ${inScope(scope, "d.lea")}
       GROUP BY 1 HAVING sum(${eventsInRange(w)}) > 0 ORDER BY n DESC LIMIT 8`,
    db.prisma.$queryRaw<{ value: string; n: bigint }[]>`
      SELECT d.client AS value, sum(${eventsInRange(w)}) AS n FROM problem_daily_live d
       WHERE d.problem_id = ${id}::bigint AND ${rangeDaysCondition(w)} AND d.client <> '' AND ${inScope(scope, "d.lea")}
       GROUP BY 1 HAVING sum(${eventsInRange(w)}) > 0 ORDER BY n DESC LIMIT 8`,
    db.prisma.$queryRaw<{ body: unknown; url: string | null }[]>(
      sql`SELECT body, url FROM error_event WHERE problem_id = ${id}::bigint AND ${inScope(scope, "lea")} ORDER BY occurred_at DESC LIMIT ${SAMPLE}`,
    ),
  ]);
  const counters = {
    paths: new Map<string, number>(),
    descriptors: new Map<string, number>(),
    references: new Map<string, number>(),
    apiBases: new Map<string, number>(),
  };
  const bump = (m: Map<string, number>, v: string) => m.set(v, (m.get(v) ?? 0) + 1);
  for (const e of events) {
    const evidence = evidenceOf(parseBody(e.body), e.url);
    evidence.paths.forEach((v) => bump(counters.paths, v));
    evidence.descriptors.forEach((v) => bump(counters.descriptors, v));
    evidence.references.forEach((v) => bump(counters.references, v));
    if (evidence.apiBase) bump(counters.apiBases, evidence.apiBase);
  }
  return {
    districts: districts.map((r) => ({ value: r.value, count: Number(r.n) })),
    clients: clients.map((r) => ({ value: r.value, count: Number(r.n) })),
    sampled: events.length,
    paths: top(counters.paths),
    descriptors: top(counters.descriptors),
    references: top(counters.references),
    apiBases: top(counters.apiBases),
  };
}

/** A problem whose every event was reclassified into another (npm run reclassify): where they went. */
export interface MergedProblem {
  id: string;
  articleId: string;
  articleTitle: string;
  mergedInto: string;
}

/** The merged problem `id`, or null when it is not one (or still has events). Staff read it; its events are gone, so no district owns it. */
export async function getMergedProblem(db: Database, id: string): Promise<MergedProblem | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const p = await db.prisma.problem.findUnique({
    where: { id: BigInt(id) },
    select: { id: true, articleId: true, mergedIntoId: true },
  });
  if (!p || p.mergedIntoId === null) return null;
  // Marked merged, then given events again (an older catalog's ingest): it is a problem like any other.
  if (await db.prisma.errorEvent.findFirst({ where: { problemId: p.id }, select: { id: true } })) return null;
  return {
    id: String(p.id),
    articleId: p.articleId,
    articleTitle: getArticle(p.articleId)?.title ?? p.articleId,
    mergedInto: String(p.mergedIntoId),
  };
}
