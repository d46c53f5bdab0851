// The trends page's problems: each problem's events in the range and in the period before it
// (top, new and rising problems, top resources), and which problems were seen before the range.
// Its reads of every district by months and days (everyDistrictShares) also count the problem
// list of every district (every-district-counts.ts dayTotals).
import type { Scope } from "../auth/scope";
import { totalPiecesOf, type Piece, type TrendPeriods } from "../trends/periods";
import { monthReadsOf, wholeAndCutDays } from "../trends/piece-reads";
import { utcDayOf } from "../trends/quarter-hours";
import { seenBefore } from "./seen-before";
import { daysOf, inPiece, pendingInPiece, periodSum, piecesCte, piecesTable, wholePiece } from "./trend-pieces";
import { inScope, join, raw, sql, type Sql } from "./sql-tag";

/**
 * Events per problem in the range and in the period before (folded and pending). Every district:
 * everyDistrictShares. Inside districts: their problem_trend_day rows. The periods' `now` picks
 * the reads, never the sums.
 */
export function problemTotalsSql(scope: Scope, periods: TrendPeriods): Sql {
  const pieces = totalPiecesOf(periods);
  const shares =
    scope.kind === "all"
      ? everyDistrictShares(scope, pieces, utcDayOf(periods.now))
      : {
          tables: [piecesCte(pieces)],
          rows: sql`SELECT t.problem_id, p.period, ${inPiece} AS n FROM problem_trend_day t JOIN pieces p ON p.day = t.day
                     WHERE ${daysOf(pieces, "t")} AND ${inScope(scope, "t.lea")}
                    UNION ALL ${pendingShares(scope, pieces)}`,
        };
  return sql`WITH ${join(shares.tables, ", ")},
    shares AS (${shares.rows}),
    totals AS (SELECT problem_id, ${periodSum(0)} AS n, ${periodSum(1)} AS prev FROM shares GROUP BY problem_id)
    SELECT pr.id::text AS id, pr.article_id, pr.resource, pr.signature, pr.http_status, coalesce(pr.assigned_team, pr.route)::text AS route,
           pr.triage_status::text AS status, totals.n::bigint AS n, totals.prev::bigint AS prev
      FROM totals JOIN problem pr ON pr.id = totals.problem_id
     WHERE totals.n > 0 OR totals.prev > 0`;
}

/**
 * Every district's events per problem in pieces (one span a period, totalPiecesOf), folded and
 * pending, as rows (problem_id, period, n) over the CTEs `tables` (pieces, quarters, plus, minus):
 * whole UTC months from problem_month (one row a problem, from its day index), and days from
 * problem_day (a row per problem and day; whole days from its day index alone, day, problem,
 * events, and the days the periods cut from their quarter-hours), each month read the cheaper
 * way (monthReadsOf): its days in the period, or its row less its days outside the period.
 * `today` (UTC) picks the reads, never the sums. The trends page's problems and, of every district
 * with no district or client filter, the problem list's counts (every-district-counts.ts dayTotals).
 */
export function everyDistrictShares(scope: Scope, pieces: Piece[], today: string): { tables: Sql[]; rows: Sql } {
  if (scope.kind !== "all") throw new Error("problem_month and problem_day read inside districts");
  const tables = [piecesCte(pieces)];
  const folded: Sql[] = [];
  const { months, plus, minus } = monthReadsOf(pieces, today);
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
  return { tables, rows: join([...folded, pendingShares(scope, pieces)], " UNION ALL ") };
}

/** The pending counts (share_pending) inside the scope in the pieces (the CTE quarters): rows (problem_id, period, n). */
function pendingShares(scope: Scope, pieces: Piece[]): Sql {
  return sql`SELECT q.problem_id, p.period, q.events FROM share_pending q JOIN quarters p ON ${pendingInPiece}
              WHERE ${daysOf(pieces, "q")} AND ${inScope(scope, "q.lea")}`;
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

/** Of the given problems (the totals' of a district admin), those with an event inside the scope before `start` (not new). */
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
