// Which problems have events in which district (or from which API client) over a range: the pairs
// behind the problem list's district and client facets inside districts or with a filter on the
// other dimension (of every district without one: problem-sets.ts), and the districts of a page's
// rows. Pending counts included; the days a range cuts in the viewer's zone counted from their
// quarter-hours.
import type { Scope } from "../auth/scope";
import { assertEveryDistrict } from "./every-district-counts";
import type { ProblemStreamFilters } from "./problem-filters";
import { column, sql, type Sql } from "./sql-tag";
import { cutDays, eventsInRange, inWholeDays, rangeWindow, type RangeWindow } from "./time-range";

/**
 * The distinct (value, problem_id) pairs of rollup rows kept by `where` (alias d, no day
 * condition) with events in the window: value is the row's district or client. A whole UTC day's
 * rows have events (a row left at zero is deleted), so its pairs come from problem_daily_count's
 * day index alone (it holds problem, district and client); the days the window cuts count the
 * pairs with events in it, from the rows' quarter-hours; pending counts are added to both.
 */
function pairsWithEvents(where: Sql, w: RangeWindow, value: "lea" | "client"): Sql {
  return sql`SELECT DISTINCT value, problem_id FROM (${pairRows(where, w, value)}) pairs`;
}

/** pairsWithEvents' rows before DISTINCT (a pair may repeat): for a caller that groups them further. */
export function pairRows(where: Sql, w: RangeWindow, value: "lea" | "client"): Sql {
  const v = column(`d.${value}`);
  return sql`SELECT ${v} AS value, d.problem_id FROM problem_daily_count d WHERE ${where} AND ${inWholeDays(w, "d")}
      UNION ALL
      SELECT ${v}, d.problem_id FROM share_pending d WHERE ${where} AND ${inWholeDays(w, "d")}
      UNION ALL
      SELECT ${v}, d.problem_id FROM problem_daily_live d WHERE ${where} AND d.day = ANY(${cutDays(w)}::date[])
       GROUP BY 1, 2 HAVING sum(${eventsInRange(w, "d")}) > 0`;
}

/**
 * Problems per district (or client) from the pairs of rollup rows `where` keeps (alias d, no day
 * condition) with events in the window, of the problems `problems` keeps (alias p; null: all).
 * Columns: value, n.
 */
export function problemsPerValueOfPairs(
  where: Sql,
  w: RangeWindow,
  value: "lea" | "client",
  problems: Sql | null,
): Sql {
  return sql`SELECT x.value, count(*) AS n FROM (${pairsWithEvents(where, w, value)}) x
     WHERE ${inProblems(sql`x.problem_id`, problems)} GROUP BY 1`;
}

/** `id` among the problems `problems` keeps (alias p), TRUE when null. */
function inProblems(id: Sql, problems: Sql | null): Sql {
  return problems ? sql`${id} IN (SELECT p.id FROM problem p WHERE ${problems})` : sql`TRUE`;
}

/**
 * Problems per district (or client) with events in the window, of a few chosen problems (alias p:
 * the ids "new" or "rising" kept, problem-facets.ts withSeenChosen, and the other filters): only
 * their pairs are read, through problem_daily_count's key (problem, day, district, client), where
 * the problem sets OR every problem's bits of the window's days (~140 ms for 30 days at 10M events)
 * to keep a few. Columns: value, n.
 */
export function problemsPerValueOfKept(w: RangeWindow, value: "lea" | "client", problems: Sql): Sql {
  const where = sql`d.problem_id IN (SELECT kept.id FROM kept) AND ${column(`d.${value}`)} <> ''`;
  return sql`WITH kept AS MATERIALIZED (SELECT p.id FROM problem p WHERE ${problems})
    SELECT x.value, count(*) AS n FROM (${pairsWithEvents(where, w, value)}) x GROUP BY 1`;
}

/**
 * Per group (`key`, an expression on alias p) of a few chosen problems (`problems` on alias p, as
 * problemsPerValueOfKept), its districts with events in the window, from their own pairs.
 * Columns: key, districts.
 */
export function groupDistrictsOfKept(w: RangeWindow, key: Sql, problems: Sql): Sql {
  const where = sql`d.problem_id IN (SELECT kept.id FROM kept) AND d.lea <> ''`;
  return sql`WITH kept AS MATERIALIZED (SELECT p.id FROM problem p WHERE ${problems})
    SELECT ${key} AS key, count(DISTINCT x.value) AS districts
      FROM (${pairsWithEvents(where, w, "lea")}) x JOIN problem p ON p.id = x.problem_id GROUP BY 1`;
}

/**
 * The districts of each problem of the CTE `page` (its problem_id) in the range, every district
 * and no district or client filter (countsByDay, whose counts have none): counted for a page's
 * rows. Columns: problem_id, districts.
 */
export function pageDistrictsCte(scope: Scope, f: ProblemStreamFilters): Sql {
  assertEveryDistrict(scope, f);
  const page = sql`d.problem_id = ANY(ARRAY(SELECT problem_id FROM page)) AND d.lea <> ''`;
  return sql`districts AS (
    SELECT x.problem_id, count(*) AS districts FROM (${pairsWithEvents(page, rangeWindow(f.since, f.until), "lea")}) x
     GROUP BY x.problem_id)`;
}
