// The trends page's read model: errors per local hour or day (by route, status and district),
// top/new/rising problems, top resources and API clients, each against the period before. Every
// figure is a sum over the trend rollups (trend_all_day, trend_day, trend_district_day,
// problem_trend_day, problem_day, client_trend_day, client_day) — never a scan of events — taken over the quarter-hour
// pieces of UTC days that make up each local bucket (lib/trends/periods.ts, as SQL in
// trend-pieces.ts), always inside the caller's Scope. This module: the series by route and status,
// the clients, and the page's assembly; the districts in trend-districts.ts, the problems in
// trend-problems.ts.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems/catalog";
import { piecesOf, totalPiecesOf, type TrendPeriods } from "../trends/periods";
import { daysOf, inPiece, pendingInPiece, periodSum, piecesCte } from "./trend-pieces";
import { districtSeriesSql } from "./trend-districts";
import { problemTotalsSql, seenBeforeSql, unseenBeforeSql } from "./trend-problems";
import { inScope, join, raw, sql, type Sql } from "./sql-tag";
import type { Team, TriageStatus } from "./problem-filters";
import { byRise, isRising } from "../trends/rising";
import { compareText } from "../ingest/key-order";

export const TEAMS: readonly Team[] = ["dev", "data", "ops"];
/** The statuses drawn as their own series; the rest are summed as "other". */
export const STATUS_SERIES = 5;

export interface Change {
  events: number;
  previous: number;
  /** Percent change against the previous period; null when it had none. */
  changePercent: number | null;
}

export interface TrendBucket {
  start: string;
  end: string;
  events: number;
  /** The matching bucket of the period before (the ghost line), cut like for like while this one is unfinished. */
  previous: number;
  byRoute: Record<Team, number>;
  byStatus: Record<string, number>;
  /** Now falls in it: it is still filling. */
  unfinished: boolean;
}

export interface ProblemTrend extends Change {
  id: string;
  articleId: string;
  articleTitle: string;
  kbUrl: string | null;
  resource: string | null;
  signature: string;
  httpStatus: number | null;
  route: Team;
  status: TriageStatus;
}

export interface TrendReport {
  timeZone: string;
  bucket: "hour" | "day";
  label: string;
  range: { start: string; end: string };
  previousRange: { start: string; end: string };
  totals: Change;
  /** Series keys of `byStatus`, busiest first ("other" last when some are folded into it). */
  statuses: string[];
  /** The statuses summed as "other". */
  otherStatuses: string[];
  buckets: TrendBucket[];
  topProblems: ProblemTrend[];
  /** Problems whose first event inside the scope falls in the range. */
  newProblems: ProblemTrend[];
  /** Problems seen before the range whose events grew most: ranked by events minus previous. */
  risingProblems: ProblemTrend[];
  resources: (Change & { resource: string })[];
  districts: (Change & { lea: string; series: number[] })[];
  clients: (Change & { client: string })[];
}

const LIST = 10;

export function changeOf(events: number, previous: number): Change {
  return {
    events,
    previous,
    changePercent: previous > 0 ? Math.round(((events - previous) / previous) * 1000) / 10 : null,
  };
}

/**
 * Events per bucket of both periods, by route and by status, folded and pending: for every
 * district from trend_all_day (no district dimension), inside districts from their trend_day rows;
 * both carry each problem's route now, and the pending counts read their route from their problem
 * now. `g` says which grouping a row is (as GROUPING(route, status) would: 1 route, 2 status).
 */
export function seriesSql(scope: Scope, periods: TrendPeriods): Sql {
  const pieces = piecesOf(periods);
  const pendingByRoute = sql`SELECT p.period, p.bucket, coalesce(pr.assigned_team, pr.route) AS route, q.status, q.events AS n
              FROM share_pending q JOIN quarters p ON ${pendingInPiece} JOIN problem pr ON pr.id = q.problem_id
             WHERE ${daysOf(pieces, "q")} AND ${inScope(scope, "q.lea")}`;
  // Every district: the rollup without the district (inScope is TRUE then, naming no column).
  const byRoute = raw(scope.kind === "all" ? "trend_all_day" : "trend_day");
  const foldedByRoute = sql`SELECT p.period, p.bucket, t.route, t.status, ${inPiece} AS n
              FROM ${byRoute} t JOIN pieces p ON p.day = t.day WHERE ${daysOf(pieces, "t")} AND ${inScope(scope, "t.lea")}`;
  // Each row's share of a bucket is taken first, so that no aggregation carries the 97-value arrays.
  return sql`WITH ${piecesCte(pieces)}
    SELECT period, bucket, GROUPING(route, status) AS g, route::text, status, sum(n)::bigint AS n
      FROM (${foldedByRoute} UNION ALL ${pendingByRoute}) shares
     GROUP BY GROUPING SETS ((period, bucket, route), (period, bucket, status))`;
}

/** Events per API client in the range and in the period before (folded and pending): client_day for every district, else client_trend_day. */
export function clientTotalsSql(scope: Scope, periods: TrendPeriods): Sql {
  const pieces = totalPiecesOf(periods);
  // Every district: the rollup without the district (inScope is TRUE then, naming no column).
  const byClient = raw(scope.kind === "all" ? "client_day" : "client_trend_day");
  return sql`WITH ${piecesCte(pieces)},
    shares AS (SELECT t.client, p.period, ${inPiece} AS n FROM ${byClient} t JOIN pieces p ON p.day = t.day
                WHERE ${daysOf(pieces, "t")} AND ${inScope(scope, "t.lea")}
               UNION ALL
               SELECT q.client, p.period, q.events FROM share_pending q JOIN quarters p ON ${pendingInPiece}
                WHERE ${daysOf(pieces, "q")} AND ${inScope(scope, "q.lea")})
    SELECT client, ${periodSum(0)}::bigint AS n, ${periodSum(1)}::bigint AS prev FROM shares GROUP BY client`;
}

interface SeriesRow {
  period: number;
  bucket: number;
  g: number;
  route: string | null;
  status: number | null;
  n: bigint;
}
interface DistrictRow {
  lea: string;
  buckets: number[] | null;
  counts: number[] | null;
  previous: bigint;
}
interface ProblemRow {
  id: string;
  article_id: string;
  resource: string | null;
  signature: string;
  http_status: number | null;
  route: Team;
  status: TriageStatus;
  n: bigint;
  prev: bigint;
}

const byChange = (a: Pick<Change, "events" | "previous">, b: Pick<Change, "events" | "previous">) =>
  b.events - a.events || b.previous - a.previous;

export async function trendReport(db: Database, scope: Scope, periods: TrendPeriods): Promise<TrendReport> {
  const { current, previous } = periods;
  const [seriesRows, districtRows, problemRows, clientRows, unseenByEvery] = await Promise.all([
    db.prisma.$queryRaw<SeriesRow[]>(seriesSql(scope, periods)),
    db.prisma.$queryRaw<DistrictRow[]>(districtSeriesSql(scope, periods)),
    db.prisma.$queryRaw<ProblemRow[]>(problemTotalsSql(scope, periods)),
    db.prisma.$queryRaw<{ client: string; n: bigint; prev: bigint }[]>(clientTotalsSql(scope, periods)),
    scope.kind === "all"
      ? db.prisma.$queryRaw<{ id: string | null; top: string | null }[]>(unseenBeforeSql(scope, current.starts[0]))
      : null,
  ]);
  const n = current.starts.length;
  const zeros = () => new Array<number>(n).fill(0);
  const totals = [zeros(), zeros()];
  const route: Record<Team, number[]> = { dev: zeros(), data: zeros(), ops: zeros() };
  const status = new Map<string, number[]>();
  for (const r of seriesRows) {
    const count = Number(r.n);
    if (r.g === 0b01) {
      // grouped by route
      totals[r.period][r.bucket] += count;
      if (r.period === 0) route[r.route as Team][r.bucket] += count;
    } else if (r.g === 0b10 && r.period === 0) {
      const key = String(r.status);
      if (!status.has(key)) status.set(key, zeros());
      status.get(key)![r.bucket] += count;
    }
  }
  const districts = districtRows.map((d) => {
    const series = zeros();
    d.buckets?.forEach((bucket, i) => (series[bucket] += d.counts![i]));
    return { lea: d.lea ?? "", series, previous: Number(d.previous) };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // The busiest statuses drawn apart, the rest as "other".
  const ranked = [...status.entries()]
    .filter(([, s]) => sum(s) > 0)
    .sort((a, b) => sum(b[1]) - sum(a[1]) || a[0].localeCompare(b[0]));
  const drawn = ranked.slice(0, ranked.length > STATUS_SERIES + 1 ? STATUS_SERIES : STATUS_SERIES + 1);
  const folded = ranked.slice(drawn.length);
  const statusSeries = new Map(drawn);
  if (folded.length)
    statusSeries.set(
      "other",
      zeros().map((_, i) => sum(folded.map(([, s]) => s[i]))),
    );

  const end = (i: number) => (i + 1 < n ? current.starts[i + 1] : current.end);
  const buckets: TrendBucket[] = current.starts.map((start, i) => ({
    start: new Date(start).toISOString(),
    end: new Date(end(i)).toISOString(),
    events: totals[0][i],
    previous: totals[1][i],
    byRoute: { dev: route.dev[i], data: route.data[i], ops: route.ops[i] },
    byStatus: Object.fromEntries([...statusSeries].map(([k, s]) => [k, s[i]])),
    unfinished: periods.unfinished === i,
  }));

  // Every problem's figures; a whole ProblemTrend only for the few the page lists.
  const problems = problemRows.map((row) => ({ row, events: Number(row.n), previous: Number(row.prev) }));
  const inRange = problems.filter((p) => p.events > 0);
  let seenBefore: (id: string) => boolean;
  if (unseenByEvery) {
    const unseen = new Set(unseenByEvery.map((r) => r.id));
    const top = BigInt(unseenByEvery[0]?.top ?? 0);
    seenBefore = (id) => !unseen.has(id) && BigInt(id) <= top;
  } else {
    // A problem with events inside the scope in the period before the range (which ends where the
    // range starts, or earlier) was seen before it, as seenBefore says: only the others are probed.
    const seen = new Set(inRange.filter((p) => p.previous > 0).map((p) => p.row.id));
    const toProbe = inRange.filter((p) => p.previous === 0).map((p) => p.row.id);
    const rows = toProbe.length
      ? await db.prisma.$queryRaw<{ id: string }[]>(seenBeforeSql(scope, toProbe, current.starts[0]))
      : [];
    for (const r of rows) seen.add(r.id);
    seenBefore = (id) => seen.has(id);
  }
  const listed = (ps: typeof problems): ProblemTrend[] =>
    ps.slice(0, LIST).map(({ row: r, events, previous }) => ({
      id: r.id,
      ...articleFields(r.article_id),
      resource: r.resource,
      signature: r.signature,
      httpStatus: r.http_status,
      route: r.route,
      status: r.status,
      ...changeOf(events, previous),
    }));
  const resources = new Map<string, [number, number]>();
  for (const p of problems) {
    const key = p.row.resource ?? "";
    const r = resources.get(key) ?? [0, 0];
    resources.set(key, [r[0] + p.events, r[1] + p.previous]);
  }
  return {
    timeZone: periods.timeZone,
    bucket: periods.bucket,
    label: periods.label,
    range: { start: new Date(current.starts[0]).toISOString(), end: new Date(current.end).toISOString() },
    previousRange: { start: new Date(previous.starts[0]).toISOString(), end: new Date(previous.end).toISOString() },
    totals: changeOf(sum(totals[0]), sum(totals[1])),
    statuses: [...statusSeries.keys()],
    otherStatuses: folded.map(([key]) => key),
    buckets,
    topProblems: listed([...inRange].sort(byChange)),
    newProblems: listed(inRange.filter((p) => !seenBefore(p.row.id)).sort(byChange)),
    risingProblems: listed(
      inRange
        .filter((p) => isRising({ seenBefore: seenBefore(p.row.id), events: p.events, previous: p.previous }))
        .sort(byRise),
    ),
    resources: [...resources]
      .map(([resource, [e, prev]]) => ({ resource, ...changeOf(e, prev) }))
      .filter((r) => r.events > 0)
      .sort(byChange)
      .slice(0, LIST),
    districts: districts
      .map(({ lea, series, previous }) => ({ lea, series, ...changeOf(sum(series), previous) }))
      .filter((d) => d.events > 0 || d.previous > 0)
      .sort((a, b) => byChange(a, b) || compareText(a.lea, b.lea)),
    clients: clientRows
      .map((c) => ({ client: c.client, ...changeOf(Number(c.n), Number(c.prev)) }))
      .filter((c) => c.events > 0 || c.previous > 0)
      .sort((a, b) => byChange(a, b) || compareText(a.client, b.client)),
  };
}
