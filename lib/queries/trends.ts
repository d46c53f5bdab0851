// The trends page's read model: errors per local hour or day (by route, status and district),
// top/new/rising problems, top resources and API clients, each against the period before. Every
// figure is a sum over the trend rollups (trend_all_day, trend_day, trend_district_day,
// problem_trend_day, problem_day, client_trend_day, client_day) — never a scan of events — taken over the quarter-hour
// pieces of UTC days that make up each local bucket (lib/trends/periods.ts), always inside the
// caller's Scope.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems/catalog";
import {
  piecesOf,
  totalPiecesOf,
  monthReadsOf,
  wholeAndCutDays,
  type Piece,
  type TrendPeriods,
} from "../trends/periods";
import { QUARTERS_PER_DAY, quarterOfDay, utcDayOf } from "../trends/quarter-hours";
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

/** A query's pieces tables: "pieces", and "before" where one query reads two sets (districtSeriesSql). */
type PiecesName = "pieces" | "before";
/** The quarter-hours of a pieces table (for the pending counts): "quarters", "before_quarters". */
const quartersOf = (name: PiecesName) => raw(name === "pieces" ? "quarters" : `${name}_quarters`);

/** The pieces as a table `name` (day, period, bucket, q0, q1). */
function piecesTable(pieces: Piece[], name: string): Sql {
  return sql`${raw(name)} AS (SELECT * FROM unnest(${pieces.map((p) => p.day)}::date[], ${pieces.map((p) => p.period)}::int[],
      ${pieces.map((p) => p.bucket)}::int[], ${pieces.map((p) => p.from)}::int[], ${pieces.map((p) => p.to)}::int[])
      AS p(day, period, bucket, q0, q1))`;
}

/** The pieces as a table `name` (piecesTable) and their quarter-hours (quartersOf). */
function piecesCte(pieces: Piece[], name: PiecesName = "pieces"): Sql {
  return sql`${piecesTable(pieces, name)},
    ${quartersOf(name)} AS (SELECT p.day, p.period, p.bucket, g.quarter FROM ${raw(name)} p, generate_series(p.q0, p.q1 - 1) AS g(quarter))`;
}

/** The rows' days the pieces cover (`alias`.day): a range condition, the join picks the days
 * (a list of 180 days in `= ANY(…)` cost a linear search per row). */
function daysOf(pieces: Piece[], alias: "t" | "q"): Sql {
  const sorted = pieces.map((p) => p.day).sort();
  return sql`${raw(alias)}.day BETWEEN ${sorted[0]}::date AND ${sorted.at(-1)}::date`;
}

/** A folded rollup row's events in a piece: running totals at its two ends, where a day's start
 * is 0 and its end the row's events (no array read for a whole day). */
const inPiece = sql`(CASE WHEN p.q1 = ${QUARTERS_PER_DAY}::int THEN t.events ELSE quarter_total(t.cumulative, p.q1 + 1) END
  - CASE WHEN p.q0 = 0 THEN 0 ELSE quarter_total(t.cumulative, p.q0 + 1) END)`;
/** The pending counts (share_pending, alias q) of a quarter-hour of the pieces (alias p, see
 * piecesCte): an equality join, where a range condition on the pieces would pair each count
 * with every piece of its day (24 a day in hours) before filtering. */
const pendingInPiece = sql`p.day = q.day AND p.quarter = q.quarter`;
/** The events of a period (0: the range, 1: the one before) over a query's shares. */
const periodSum = (period: 0 | 1) => sql`coalesce(sum(n) FILTER (WHERE period = ${period}::int), 0)`;

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

/** A piece of a pieces table (alias p) that is a whole UTC day (isWholeDay). */
const wholePiece = sql`p.q0 = 0 AND p.q1 = ${QUARTERS_PER_DAY}::int`;

/** A folded rollup row's (alias t) running total at quarter-hour `q` of its day (0: none yet, 96: its events). */
const totalAt = (q: Sql) =>
  sql`(CASE WHEN ${q} = 0 THEN 0 WHEN ${q} = ${QUARTERS_PER_DAY}::int THEN t.events ELSE quarter_total(t.cumulative, ${q} + 1) END)`;

/** A UTC day of a range and its one or two pieces, in order. */
interface DayPair {
  day: string;
  first: Piece;
  second: Piece | null;
}

/** Pieces as their UTC days (DayPair); null when a day holds more than two (buckets of hours). */
function dayPairsOf(pieces: readonly Piece[]): DayPair[] | null {
  const byDay = new Map<string, Piece[]>();
  for (const p of pieces) (byDay.get(p.day) ?? byDay.set(p.day, []).get(p.day)!).push(p);
  const pairs: DayPair[] = [];
  for (const [day, own] of byDay) {
    if (own.length > 2) return null;
    own.sort((a, b) => a.from - b.from);
    pairs.push({ day, first: own[0], second: own[1] ?? null });
  }
  return pairs;
}

/**
 * The range's series (CTE `series`: lea, buckets, counts) where a UTC day holds at most two of its
 * pieces (buckets of days): each row is read once and both its pieces taken from its running
 * totals, and nothing is summed by (district, bucket), since the page adds each count to its
 * bucket (90 days of 500 districts, the statement 113 -> 80 ms). A bucket may repeat.
 */
function pairedSeries(scope: Scope, range: Piece[], pairs: DayPair[], pending: Sql): Sql {
  const second = (pick: (p: Piece) => number) => pairs.map((d) => (d.second ? pick(d.second) : null));
  return sql`pairs AS (SELECT * FROM unnest(${pairs.map((d) => d.day)}::date[], ${pairs.map((d) => d.first.bucket)}::int[],
        ${pairs.map((d) => d.first.from)}::int[], ${pairs.map((d) => d.first.to)}::int[],
        ${second((p) => p.bucket)}::int[], ${second((p) => p.from)}::int[], ${second((p) => p.to)}::int[])
        AS p(day, b1, f1, t1, b2, f2, t2)),
    halves AS (SELECT t.lea, p.b1, ${totalAt(sql`p.t1`)} - ${totalAt(sql`p.f1`)} AS n1,
                      p.b2, CASE WHEN p.b2 IS NOT NULL THEN ${totalAt(sql`p.t2`)} - ${totalAt(sql`p.f2`)} END AS n2
                 FROM trend_district_day t JOIN pairs p ON p.day = t.day
                WHERE ${daysOf(range, "t")} AND ${inScope(scope, "t.lea")}),
    folded_series AS (SELECT lea, array_agg(b1) || coalesce(array_agg(b2) FILTER (WHERE b2 IS NOT NULL), '{}') AS buckets,
                             array_agg(n1) || coalesce(array_agg(n2) FILTER (WHERE b2 IS NOT NULL), '{}') AS counts
                        FROM halves GROUP BY lea),
    pending_series AS (SELECT lea, array_agg(bucket) AS buckets, array_agg(n) AS counts FROM (${pending}) s GROUP BY lea),
    series AS (SELECT coalesce(f.lea, q.lea) AS lea, coalesce(f.buckets, '{}') || coalesce(q.buckets, '{}') AS buckets,
                      coalesce(f.counts, '{}') || coalesce(q.counts, '{}') AS counts
                 FROM folded_series f FULL JOIN pending_series q ON q.lea = f.lea)`;
}

/** The range's series (CTE `series`) summed by district and bucket: days of any number of pieces (buckets of hours). */
function summedSeries(scope: Scope, range: Piece[], pending: Sql): Sql {
  return sql`buckets AS (SELECT lea, bucket, sum(n)::int AS n
                           FROM (SELECT p.bucket, t.lea, ${inPiece} AS n FROM trend_district_day t JOIN pieces p ON p.day = t.day
                                  WHERE ${daysOf(range, "t")} AND ${inScope(scope, "t.lea")}
                                 UNION ALL ${pending}) s
                          GROUP BY lea, bucket),
    series AS (SELECT lea, array_agg(bucket ORDER BY bucket) AS buckets, array_agg(n ORDER BY bucket) AS counts
                 FROM buckets GROUP BY lea)`;
}

/**
 * Each district's events per bucket of the range and in the whole period before (folded and
 * pending), from trend_district_day: one row per district, its buckets as two arrays (bucket,
 * events; a bucket may repeat, the page adds them: pairedSeries), since a sparkline needs the
 * range's buckets but a change only the period before's sum.
 * (Both periods by bucket were a row per district and bucket: 90,000 rows for a 90-day page of
 * 500 districts, most of the page's time.) The period before is read as whole UTC days, from the
 * day index alone (day, lea, events: no running totals; 90 days of 500 districts, the statement
 * 124 -> 109 ms), and the two days its ends cut.
 */
export function districtSeriesSql(scope: Scope, periods: TrendPeriods): Sql {
  const range = piecesOf(periods).filter((p) => p.period === 0);
  const before = totalPiecesOf(periods).filter((p) => p.period === 1);
  const pending = (pieces: Piece[], name: PiecesName) =>
    sql`SELECT p.bucket, q.lea, q.events AS n FROM share_pending q JOIN ${quartersOf(name)} p ON ${pendingInPiece}
                WHERE ${daysOf(pieces, "q")} AND ${inScope(scope, "q.lea")}`;
  const pairs = dayPairsOf(range);
  const series = pairs
    ? pairedSeries(scope, range, pairs, pending(range, "pieces"))
    : summedSeries(scope, range, pending(range, "pieces"));
  const { runs, cut } = wholeAndCutDays(before);
  const beforeShares = [
    ...runs.map(
      (run) => sql`SELECT 0 AS bucket, t.lea, t.events AS n FROM trend_district_day t
                    WHERE t.day BETWEEN ${run.first}::date AND ${run.last}::date AND ${inScope(scope, "t.lea")}`,
    ),
    ...(cut.length
      ? [
          sql`SELECT p.bucket, t.lea, ${inPiece} AS n FROM trend_district_day t JOIN before p ON p.day = t.day
               WHERE t.day = ANY(${cut}::date[]) AND NOT (${wholePiece}) AND ${inScope(scope, "t.lea")}`,
        ]
      : []),
    pending(before, "before"),
  ];
  return sql`WITH ${piecesCte(range)}, ${piecesCte(before, "before")},
    ${series},
    previous AS (SELECT lea, sum(n)::bigint AS n FROM (${join(beforeShares, " UNION ALL ")}) s GROUP BY lea)
    SELECT coalesce(series.lea, previous.lea) AS lea, series.buckets, series.counts, coalesce(previous.n, 0)::bigint AS previous
      FROM series FULL JOIN previous ON previous.lea = series.lea`;
}

/**
 * Events per problem in the range and in the period before (folded and pending). Every district:
 * whole UTC months from problem_month (one row a problem, from its day index), and days from
 * problem_day (a row per problem and day; whole days from its day index alone, day, problem,
 * events, and the days the periods cut from their quarter-hours), each month read the cheaper
 * way (monthReadsOf): its days in the period, or its row less its days outside the period.
 * Inside districts: their problem_trend_day rows. The periods' `now` picks the reads, never the sums.
 */
export function problemTotalsSql(scope: Scope, periods: TrendPeriods): Sql {
  const pieces = totalPiecesOf(periods);
  const folded: Sql[] = [];
  const tables = [piecesCte(pieces)];
  if (scope.kind === "all") {
    const { months, plus, minus } = monthReadsOf(pieces, utcDayOf(periods.now));
    if (months.length)
      folded.push(sql`SELECT t.problem_id, m.period, t.events AS n
                        FROM problem_month t JOIN unnest(${months.map((m) => m.month)}::date[], ${months.map((m) => m.period)}::int[])
                          AS m(day, period) ON m.day = t.day
                       WHERE t.day = ANY(${months.map((m) => m.month)}::date[])`);
    for (const [name, days, sign] of [
      ["plus", plus, 1],
      ["minus", minus, -1],
    ] as const) {
      if (!days.length) continue;
      tables.push(piecesTable(days, name));
      folded.push(...dayReads(days, name, sign));
    }
  } else {
    folded.push(sql`SELECT t.problem_id, p.period, ${inPiece} AS n FROM problem_trend_day t JOIN pieces p ON p.day = t.day
                      WHERE ${daysOf(pieces, "t")} AND ${inScope(scope, "t.lea")}`);
  }
  return sql`WITH ${join(tables, ", ")},
    shares AS (${join(folded, " UNION ALL ")}
               UNION ALL
               SELECT q.problem_id, p.period, q.events FROM share_pending q JOIN quarters p ON ${pendingInPiece}
                WHERE ${daysOf(pieces, "q")} AND ${inScope(scope, "q.lea")}),
    totals AS (SELECT problem_id, ${periodSum(0)} AS n, ${periodSum(1)} AS prev FROM shares GROUP BY problem_id)
    SELECT pr.id::text AS id, pr.article_id, pr.resource, pr.signature, pr.http_status, coalesce(pr.assigned_team, pr.route)::text AS route,
           pr.triage_status::text AS status, totals.n::bigint AS n, totals.prev::bigint AS prev
      FROM totals JOIN problem pr ON pr.id = totals.problem_id
     WHERE totals.n > 0 OR totals.prev > 0`;
}

/**
 * problem_day's events in pieces (the pieces table `name`), signed: runs of whole days from the
 * day index alone, cut days from their running totals. Each row is joined to its own day's
 * pieces, one a period.
 */
function dayReads(pieces: Piece[], name: "plus" | "minus", sign: 1 | -1): Sql[] {
  const { runs, cut } = wholeAndCutDays(pieces);
  const events = sign > 0 ? sql`t.events` : sql`-t.events`;
  const cutEvents = sign > 0 ? inPiece : sql`-${inPiece}`;
  const rows = sql`FROM problem_day t JOIN ${raw(name)} p ON p.day = t.day`;
  const reads = runs.map(
    (run) => sql`SELECT t.problem_id, p.period, ${events} AS n ${rows}
                  WHERE t.day BETWEEN ${run.first}::date AND ${run.last}::date AND ${wholePiece}`,
  );
  if (cut.length)
    reads.push(sql`SELECT t.problem_id, p.period, ${cutEvents} AS n ${rows}
                    WHERE t.day = ANY(${cut}::date[]) AND NOT (${wholePiece})`);
  return reads;
}

/**
 * Of the given problems, those with an event inside the scope before `start` (not new). Inside
 * districts, problem_trend_day for the totals' problems (a probe walks a problem's rows until one
 * is in the districts). The pending counts as one hashed set (share_pending has no index: a probe
 * per problem read the whole table each time, 45 -> 178 ms with a fold's worth pending).
 */
export function seenBeforeSql(scope: Scope, ids: string[], start: number): Sql {
  return sql`SELECT c.id::text AS id FROM unnest(${ids}::bigint[]) AS c(id) WHERE ${seenBefore(scope, start)}`;
}

/**
 * Of every district, every problem without an event before `start` (new, or not seen at all), so
 * that the page asks for every problem at once, beside its other queries, instead of after the
 * totals that say which problems to ask for; the few that are new come back, not the thousands
 * seen before (10,000 rows parsed: most of the statement's time on the page). It reads
 * problem_month and problem_day (a probe of their keys a problem). `top`: the greatest problem id
 * it saw (every row; one row with a null id when none is new), so that a problem the totals see
 * and this statement did not (created in between) is taken as new, not as seen before.
 */
export function unseenBeforeSql(scope: Scope, start: number): Sql {
  if (scope.kind !== "all") throw new Error("every problem's first event is read of every district");
  return sql`SELECT u.id::text AS id, m.top::text AS top
      FROM (SELECT max(id) AS top FROM problem) m
      LEFT JOIN (SELECT c.id FROM problem AS c WHERE NOT (${seenBefore(scope, start)})) u ON TRUE`;
}

/** A problem (alias c) has an event inside the scope before `start`, folded or pending. */
function seenBefore(scope: Scope, start: number): Sql {
  const day = utcDayOf(start);
  const quarter = quarterOfDay(start);
  const rollup = raw(scope.kind === "all" ? "problem_day" : "problem_trend_day");
  // Of every district, the UTC months before the start's from problem_month first: its key index
  // stays in memory where problem_day's does not (10,000 probes, 10M events: 39 -> 18 ms).
  const month = `${day.slice(0, 7)}-01`;
  const daysBefore =
    scope.kind === "all"
      ? sql`(EXISTS (SELECT 1 FROM problem_month t WHERE t.problem_id = c.id AND t.day < ${month}::date)
             OR EXISTS (SELECT 1 FROM problem_day t WHERE t.problem_id = c.id AND t.day >= ${month}::date AND t.day < ${day}::date))`
      : sql`EXISTS (SELECT 1 FROM ${rollup} t WHERE t.problem_id = c.id AND t.day < ${day}::date AND ${inScope(scope, "t.lea")})`;
  return sql`(${daysBefore}
        OR EXISTS (SELECT 1 FROM ${rollup} t WHERE t.problem_id = c.id AND t.day = ${day}::date
                     AND quarter_total(t.cumulative, ${quarter + 1}::int) > 0 AND ${inScope(scope, "t.lea")})
        OR c.id IN (SELECT q.problem_id FROM share_pending q
                     WHERE (q.day < ${day}::date OR (q.day = ${day}::date AND q.quarter < ${quarter}::int)) AND ${inScope(scope, "q.lea")}))`;
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
    const ids = inRange.map((p) => p.row.id);
    const rows = ids.length
      ? await db.prisma.$queryRaw<{ id: string }[]>(seenBeforeSql(scope, ids, current.starts[0]))
      : [];
    const seen = new Set(rows.map((r) => r.id));
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
