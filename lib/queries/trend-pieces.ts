// The trends page's pieces as SQL: the quarter-hour spans of UTC days that make up each bucket
// of both periods (lib/trends/periods.ts) as tables, and a rollup row's events in a piece from its
// running totals. Shared by the trends page's statements (trends.ts, trend-districts.ts,
// trend-problems.ts) and the problem list's counts of every district (every-district-counts.ts).
import type { Piece } from "../trends/periods";
import { QUARTERS_PER_DAY } from "../trends/quarter-hours";
import { raw, sql, type Sql } from "./sql-tag";

/** A query's pieces tables: "pieces", and "before" where one query reads two sets (districtSeriesSql). */
export type PiecesName = "pieces" | "before";
/** The quarter-hours of a pieces table (for the pending counts): "quarters", "before_quarters". */
export const quartersOf = (name: PiecesName) => raw(name === "pieces" ? "quarters" : `${name}_quarters`);

/** The pieces as a table `name` (day, period, bucket, q0, q1). */
export function piecesTable(pieces: Piece[], name: string): Sql {
  return sql`${raw(name)} AS (SELECT * FROM unnest(${pieces.map((p) => p.day)}::date[], ${pieces.map((p) => p.period)}::int[],
      ${pieces.map((p) => p.bucket)}::int[], ${pieces.map((p) => p.from)}::int[], ${pieces.map((p) => p.to)}::int[])
      AS p(day, period, bucket, q0, q1))`;
}

/** The pieces as a table `name` (piecesTable) and their quarter-hours (quartersOf). */
export function piecesCte(pieces: Piece[], name: PiecesName = "pieces"): Sql {
  return sql`${piecesTable(pieces, name)},
    ${quartersOf(name)} AS (SELECT p.day, p.period, p.bucket, g.quarter FROM ${raw(name)} p, generate_series(p.q0, p.q1 - 1) AS g(quarter))`;
}

/** The rows' days the pieces cover (`alias`.day): a range condition, the join picks the days
 * (a list of 180 days in `= ANY(…)` cost a linear search per row). */
export function daysOf(pieces: Piece[], alias: "t" | "q"): Sql {
  const sorted = pieces.map((p) => p.day).sort();
  return sql`${raw(alias)}.day BETWEEN ${sorted[0]}::date AND ${sorted.at(-1)}::date`;
}

/** The pending counts (share_pending, alias q) of a quarter-hour of the pieces (alias p, see
 * piecesCte): an equality join, where a range condition on the pieces would pair each count
 * with every piece of its day (24 a day in hours) before filtering. */
export const pendingInPiece = sql`p.day = q.day AND p.quarter = q.quarter`;
/** The events of a period (0: the range, 1: the one before) over a query's shares. */
export const periodSum = (period: 0 | 1) => sql`coalesce(sum(n) FILTER (WHERE period = ${period}::int), 0)`;

/** A piece of a pieces table (alias p) that is a whole UTC day (isWholeDay). */
export const wholePiece = sql`p.q0 = 0 AND p.q1 = ${QUARTERS_PER_DAY}::int`;

/** A folded rollup row's (alias t) running total at quarter-hour `q` of its day (0: none yet, 96: its events). */
export const totalAt = (q: Sql) =>
  sql`(CASE WHEN ${q} = 0 THEN 0 WHEN ${q} = ${QUARTERS_PER_DAY}::int THEN t.events ELSE quarter_total(t.cumulative, ${q} + 1) END)`;

/** A folded rollup row's events in a piece (alias p): its running totals at the piece's two ends
 * (no array read for a whole day). */
export const inPiece = sql`(${totalAt(sql`p.q1`)} - ${totalAt(sql`p.q0`)})`;
