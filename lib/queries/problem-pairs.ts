// Which problems have events in which district (or from which API client) over a range: the pairs
// behind the problem list's district and client facets and the districts of a page's rows. Pending
// counts included; the days a range cuts in the viewer's zone counted from their quarter-hours.
import type { Scope } from "../auth/scope";
import { assertEveryDistrict } from "./every-district-counts";
import type { ProblemStreamFilters } from "./problem-filters";
import { column, raw, sql, type Sql } from "./sql-tag";
import { cutDays, eventsInRange, inWholeDays, rangeDaysCondition, rangeWindow, type RangeWindow } from "./time-range";

/**
 * The distinct (value, problem_id) pairs of rollup rows kept by `where` (alias d, no day
 * condition) with events in the window: value is the row's district or client. A whole UTC day's
 * rows have events (a row left at zero is deleted), so its pairs come from problem_daily_count's
 * day index alone (it holds problem, district and client); the days the window cuts count the
 * pairs with events in it, from the rows' quarter-hours; pending counts are added to both.
 */
export function pairsWithEvents(where: Sql, w: RangeWindow, value: "lea" | "client"): Sql {
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
 * condition) with events in the window, of the problems `problems` keeps (alias p; null: all),
 * while `only` holds. Columns: value, n.
 */
export function problemsPerValueOfPairs(
  where: Sql,
  w: RangeWindow,
  value: "lea" | "client",
  problems: Sql | null,
  only: Sql = sql`TRUE`,
): Sql {
  return sql`SELECT x.value, count(*) AS n FROM (${pairsWithEvents(where, w, value)}) x
     WHERE ${only} AND ${inProblems(sql`x.problem_id`, problems)} GROUP BY 1`;
}

/** `id` among the problems `problems` keeps (alias p), TRUE when null. */
function inProblems(id: Sql, problems: Sql | null): Sql {
  return problems ? sql`${id} IN (SELECT p.id FROM problem p WHERE ${problems})` : sql`TRUE`;
}

/** A facet dimension's rollup by UTC day: the values with events on each day. */
const VALUES_BY_DAY = { lea: "trend_district_day", client: "client_day" } as const;

/**
 * At most this many districts (clients) are counted one by one (problemsPerValue); beyond it, all
 * at once. Client names are what API callers send: a per-value scan must not multiply by them.
 */
export const PER_VALUE_SCAN_LIMIT = 2_000;

/**
 * Problems per district (or client) with events in the window, of every district and with no
 * filter on the other dimension (else: pairsWithEvents, whose filters keep its rows few). Columns:
 * value, n. Per value one range scan of problem_daily_count's index on (value, day), which holds
 * the problem, and count(DISTINCT) over that value's entries: hashing every pair at once held
 * 415,000 of them for 30 days of 10M events (~400 -> ~200 ms). A whole UTC day's folded rows have
 * events (a row left at zero is deleted) and pending counts are above zero (a check constraint:
 * only new events are appended, moves go to the folded rows), so a row of a whole day means a
 * pair; the days the window cuts count the pairs with events in it. Those and the pending pairs
 * are added per value as an array. Beyond `limit` values the same statement counts every pair at
 * once (pairsWithEvents). `problems`: a condition on the problems (alias p) to count, or null; one
 * that keeps a few chosen problems ("new", "rising": their ids) is problemsPerValueOfKept's.
 */
export function problemsPerValue(
  w: RangeWindow,
  value: "lea" | "client",
  problems: Sql | null,
  limit = PER_VALUE_SCAN_LIMIT,
): Sql {
  const v = (alias: string) => column(`${alias}.${value}`);
  return sql`WITH extra AS (SELECT e.value, array_agg(e.problem_id) AS ids FROM (
        SELECT ${v("q")} AS value, q.problem_id FROM share_pending q WHERE ${v("q")} <> '' AND ${inWholeDays(w, "q")}
        UNION
        SELECT ${v("d")}, d.problem_id FROM problem_daily_live d WHERE ${v("d")} <> '' AND d.day = ANY(${cutDays(w)}::date[])
         GROUP BY 1, 2 HAVING sum(${eventsInRange(w, "d")}) > 0) e
       GROUP BY e.value),
    vals AS MATERIALIZED (
      SELECT ${v("t")} AS value FROM ${raw(VALUES_BY_DAY[value])} t WHERE ${rangeDaysCondition(w, "t")} AND ${v("t")} <> ''
      UNION SELECT value FROM extra),
    many AS MATERIALIZED (SELECT count(*) > ${limit}::int AS found FROM vals)
    ${perValueOfProblems(w, value, problems)}
    UNION ALL
    ${problemsPerValueOfPairs(sql`${v("d")} <> ''`, w, value, problems, sql`(SELECT found FROM many)`)}`;
}

/**
 * Problems per district (or client) with events in the window, of the problems `problems` keeps
 * (alias p: the ids "new" or "rising" chose, problem-facets.ts withSeenChosen, and the other
 * filters): only their pairs are read, through problem_daily_count's key (problem, day, district,
 * client) for the window's days where they are few, where a value's scan of every problem's pairs
 * reads them all to keep a few (the "new" facets of every district read 700,000 pairs for 30 days
 * at 10M events and kept none). Columns: value, n.
 */
export function problemsPerValueOfKept(w: RangeWindow, value: "lea" | "client", problems: Sql): Sql {
  const where = sql`d.problem_id IN (SELECT kept.id FROM kept) AND ${column(`d.${value}`)} <> ''`;
  return sql`WITH kept AS MATERIALIZED (SELECT p.id FROM problem p WHERE ${problems})
    SELECT x.value, count(*) AS n FROM (${pairsWithEvents(where, w, value)}) x GROUP BY 1`;
}

/**
 * problemsPerValue's count of a value's problems (of those `problems` keeps), one range scan of
 * its (value, day) index per value: a simple condition on the problems is a hash the planner
 * builds once.
 */
function perValueOfProblems(w: RangeWindow, value: "lea" | "client", problems: Sql | null): Sql {
  return sql`SELECT vals.value, x.n FROM vals LEFT JOIN extra ON extra.value = vals.value
     CROSS JOIN LATERAL (SELECT count(DISTINCT y.problem_id) AS n FROM (${valueProblems(w, value)}) y
       WHERE ${inProblems(sql`y.problem_id`, problems)}) x
     WHERE NOT (SELECT found FROM many) AND x.n > 0`;
}

/** A value's (vals.value) problems with events on the window's whole days, and its `extra` ones (ids). */
function valueProblems(w: RangeWindow, value: "lea" | "client"): Sql {
  return sql`SELECT d.problem_id FROM problem_daily_count d WHERE ${column(`d.${value}`)} = vals.value AND ${inWholeDays(w, "d")}
         UNION ALL SELECT unnest(extra.ids)`;
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
