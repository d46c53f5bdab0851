// Problems per district (or API client) of every district, from the problem sets: a row per UTC
// day, value and block of 16,384 problem ids whose bits say which problems had events there
// (district_day_problems, client_day_problems; lib/ledger/problem-sets.ts keeps them). A range's
// whole UTC days are ORed per value and counted (bit_count), ANDed with the bits of the problems a
// filter keeps, where counting the pairs behind them read an index entry per (problem, district,
// client): ~760,000 for 30 days of 10M events over 500 districts. The pairs the bits do not hold
// (the pending counts, and the days a range cuts in the viewer's zone, which count quarter-hours)
// are added one by one where their bit is not set. Every district, no filter on the other
// dimension: the sets have none.
import { column, empty, raw, sql, type Sql } from "./sql-tag";
import { pairRows, problemsPerValueOfPairs } from "./problem-pairs";
import { cutDays, eventsInRange, inWholeDays, rangeDaysCondition, type RangeWindow } from "./time-range";

const SET_TABLE = { lea: "district_day_problems", client: "client_day_problems" } as const;

/**
 * CTEs `whole` (value, block, problems: the bits of the window's whole UTC days, ORed) and `extra`
 * (value, problem_id: the pairs with events in the window that the bits leave out or may: pending
 * counts of the whole days, and the days the window cuts), of values other than ''.
 */
function windowSets(w: RangeWindow, value: "lea" | "client"): Sql {
  const v = (alias: string) => column(`${alias}.${value}`);
  return sql`whole AS MATERIALIZED (
      SELECT ${v("s")} AS value, s.block, bit_or(s.problems) AS problems FROM ${raw(SET_TABLE[value])} s
       WHERE ${inWholeDays(w, "s")} AND ${v("s")} <> '' GROUP BY 1, 2),
    extra AS MATERIALIZED (
      SELECT ${v("q")} AS value, q.problem_id FROM share_pending q WHERE ${v("q")} <> '' AND ${inWholeDays(w, "q")}
      UNION
      SELECT ${v("d")}, d.problem_id FROM problem_daily_live d WHERE ${v("d")} <> '' AND d.day = ANY(${cutDays(w)}::date[])
       GROUP BY 1, 2 HAVING sum(${eventsInRange(w, "d")}) > 0)`;
}

/** An `extra` pair (alias e) whose problem's bit is not set in its value's whole days. */
const notInWhole = sql`NOT EXISTS (SELECT 1 FROM whole o WHERE o.value = e.value AND o.block = (e.problem_id >> 14)::int
                                AND get_bit(o.problems, (e.problem_id & 16383)::int) = 1)`;

/** A facet dimension's rollup by UTC day (its rows: the values with events each day, and their events). */
const VALUES_BY_DAY = { lea: "trend_district_day", client: "client_day" } as const;

/**
 * Problems per district (or client) with events in the window, of the problems `problems` keeps
 * (a condition on alias p; null: all). Columns: value, n. Each (value, day) row ORed costs about
 * what AND_COST_IN_PAIRS pairs do: where the range's events (an upper bound of its pairs) are
 * fewer than its (value, day) rows times `andCost`, from the pairs instead (client names are what
 * callers send: many names of a few events each took 2.1 s from the sets, 0.87 from the pairs);
 * the branch not taken is never read.
 */
export function problemsPerValueFromSets(
  w: RangeWindow,
  value: "lea" | "client",
  problems: Sql | null,
  andCost = AND_COST_IN_PAIRS,
): Sql {
  const kept = problems
    ? sql`, kept AS MATERIALIZED (SELECT (p.id >> 14)::int AS block, bit_or(problem_bit(p.id)) AS problems FROM problem p WHERE ${problems} GROUP BY 1)`
    : empty;
  const counted = problems
    ? sql`SELECT s.value, bit_count(s.problems & k.problems) AS n FROM whole s JOIN kept k ON k.block = s.block`
    : sql`SELECT s.value, bit_count(s.problems) AS n FROM whole s`;
  const keptExtra = problems ? sql` AND e.problem_id IN (SELECT p.id FROM problem p WHERE ${problems})` : empty;
  const v = column(`t.${value}`);
  return sql`WITH size AS MATERIALIZED (
      SELECT coalesce(count(*) * ${andCost}::float8 > sum(t.events), false) AS many FROM ${raw(VALUES_BY_DAY[value])} t
       WHERE ${rangeDaysCondition(w, "t")} AND ${v} <> ''),
    ${windowSets(w, value)}${kept}
    SELECT value, sum(n)::bigint AS n FROM (
      ${counted}
      UNION ALL
      SELECT e.value, count(*) FROM extra e WHERE ${notInWhole}${keptExtra} GROUP BY 1) x
     WHERE NOT (SELECT many FROM size) GROUP BY value HAVING sum(n) > 0
    UNION ALL
    SELECT y.value, y.n FROM (${problemsPerValueOfPairs(sql`${column(`d.${value}`)} <> ''`, w, value, problems)}) y
     WHERE (SELECT many FROM size)`;
}

/**
 * What one AND of a group's and a district's bits costs in pairs of problems and districts read
 * (~5 µs against ~0.6 µs at 10M events): the groups' districts come from the pairs where they are
 * fewer than the ANDs times this. A group is a resource any ingest key can name: 300 groups × 500
 * districts took 870 ms from the sets, 35 from the pairs, over a few thousand events; at 10M
 * events, 82 articles × 514 districts over 90 days ~500 ms from the sets, 1.36 s from 2.3 million
 * pairs. The range's events (trend_district_day) bound its pairs from above.
 */
export const AND_COST_IN_PAIRS = 8;

/**
 * CTE `districts` (key, districts): per group (`key`, an expression on alias p) of the problems
 * `conditions` keep, its districts with events in the window: a district counts where its whole
 * days' bits meet the group's, or one of its extra pairs is of the group (only those whose bit is
 * not set: the others' groups meet the bits already). Where the range's events are fewer than
 * groups × districts × `andCost`, from the pairs (pairRows), the branch not taken left unread.
 */
export function groupDistrictsCte(w: RangeWindow, key: Sql, conditions: Sql, andCost = AND_COST_IN_PAIRS): Sql {
  return sql`size AS MATERIALIZED (
      SELECT (SELECT count(DISTINCT ${key}) FROM problem p WHERE ${conditions}) * t.districts * ${andCost}::float8 > t.events AS many
        FROM (SELECT count(DISTINCT t.lea) AS districts, coalesce(sum(t.events), 0) AS events FROM trend_district_day t
               WHERE ${rangeDaysCondition(w, "t")} AND t.lea <> '') t),
    ${windowSets(w, "lea")},
    groups AS MATERIALIZED (
      SELECT ${key} AS key, (p.id >> 14)::int AS block, bit_or(problem_bit(p.id)) AS problems FROM problem p
       WHERE ${conditions} GROUP BY 1, 2),
    districts AS (
      SELECT key, count(*) AS districts FROM (
          SELECT g.key, s.value FROM whole s JOIN groups g ON g.block = s.block WHERE bit_count(s.problems & g.problems) > 0
          UNION
          SELECT ${key}, e.value FROM extra e JOIN problem p ON p.id = e.problem_id WHERE ${notInWhole} AND ${conditions}) kd
       WHERE NOT (SELECT many FROM size) GROUP BY key
      UNION ALL
      SELECT key, count(*) FROM (
          SELECT ${key} AS key, x.value FROM (${pairRows(sql`d.lea <> ''`, w, "lea")}) x JOIN problem p ON p.id = x.problem_id
           WHERE ${conditions} GROUP BY 1, 2) kd
       WHERE (SELECT many FROM size) GROUP BY key)`;
}
