// Whether a problem was seen before an instant inside the viewer's scope: what "new" (not seen
// before the range) and "rising" (seen before it) mean, once, for the trends page's new and
// rising problems and the problem list's presets, its facets and groups.
import type { Scope } from "../auth/scope";
import { quarterOfDay, utcDayOf } from "../trends/quarter-hours";
import { inScope, raw, sql, type Sql } from "./sql-tag";

/**
 * A problem (the problem row `alias`) has an event inside the scope before `start`, folded or
 * pending: probes of the rollups' keys, one a problem, never a scan of its rows. Of every district
 * from problem_month (the UTC months before the start's; its key index stays in memory where
 * problem_day's does not: 10,000 probes at 10M events, 39 -> 18 ms) and problem_day (the month's
 * days before the start's day); inside districts from problem_trend_day (a probe walks a problem's
 * rows until one is in the districts). The start's own UTC day from its rows' quarter-hours
 * (quarter_total(k + 1): the events of the quarters before k), the pending counts as one hashed
 * set (share_pending has no index: a probe per problem read the whole table each time, 45 -> 178
 * ms with a fold's worth pending). Exact for a start on a quarter-hour, as every range's is.
 */
export function seenBefore(scope: Scope, start: number, alias = "c"): Sql {
  const day = utcDayOf(start);
  const quarter = quarterOfDay(start);
  const id = raw(`${alias}.id`);
  const rollup = raw(scope.kind === "all" ? "problem_day" : "problem_trend_day");
  const month = `${day.slice(0, 7)}-01`;
  const daysBefore =
    scope.kind === "all"
      ? sql`(EXISTS (SELECT 1 FROM problem_month t WHERE t.problem_id = ${id} AND t.day < ${month}::date)
             OR EXISTS (SELECT 1 FROM problem_day t WHERE t.problem_id = ${id} AND t.day >= ${month}::date AND t.day < ${day}::date))`
      : sql`EXISTS (SELECT 1 FROM ${rollup} t WHERE t.problem_id = ${id} AND t.day < ${day}::date AND ${inScope(scope, "t.lea")})`;
  return sql`(${daysBefore}
        OR EXISTS (SELECT 1 FROM ${rollup} t WHERE t.problem_id = ${id} AND t.day = ${day}::date
                     AND quarter_total(t.cumulative, ${quarter + 1}::int) > 0 AND ${inScope(scope, "t.lea")})
        OR ${id} IN (SELECT q.problem_id FROM share_pending q
                     WHERE (q.day < ${day}::date OR (q.day = ${day}::date AND q.quarter < ${quarter}::int)) AND ${inScope(scope, "q.lea")}))`;
}
