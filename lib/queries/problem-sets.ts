// Problems per district (or API client) of every district, from the problem sets: a row per UTC
// day (and per UTC week), value and block of 16,384 problem ids whose bits say which problems had
// events there (district_day_problems, client_day_problems, and by week district_week_problems,
// client_week_problems; lib/ledger/problem-sets.ts keeps them). A range's whole UTC days (its
// whole weeks in one row each) are ORed per value and counted (bit_count), ANDed with the bits of
// the problems a filter keeps, where counting the pairs behind them read an index entry per
// (problem, district, client): ~760,000 for 30 days of 10M events over 500 districts. The pairs
// the bits do not hold (the pending counts, and the days a range cuts in the viewer's zone, which
// count quarter-hours) are added one by one where their bit is not set. A group's districts walk
// each district's bits in code (problem-set-bits.ts). Every district, no filter on the other
// dimension: the sets have none.
import type { Database } from "../db/database";
import { column, empty, raw, sql, type Sql } from "./sql-tag";
import { weekOf } from "../ledger/set-definitions";
import { BLOCK_BITS, valueBits, valuesPerKey, type ExtraPair, type SentSetRow } from "./problem-set-bits";
import { pairRows, problemsPerValueOfPairs } from "./problem-pairs";
import { cutDays, eventsInRange, inWholeDays, inWholeWeeks, rangeDaysCondition, type RangeWindow } from "./time-range";

const SET_TABLE = {
  lea: { days: "district_day_problems", weeks: "district_week_problems" },
  client: { days: "client_day_problems", weeks: "client_week_problems" },
} as const;

/**
 * CTEs `whole` (value, block, problems: the bits of the window's whole UTC days, ORed: its whole
 * weeks from the week rows, the days around them from the day rows) and `extra` (value,
 * problem_id: the pairs with events in the window that the bits leave out or may: pending counts
 * of the whole days, and the days the window cuts), of values other than ''.
 */
function windowSets(w: RangeWindow, value: "lea" | "client"): Sql {
  const v = (alias: string) => column(`${alias}.${value}`);
  return sql`whole AS MATERIALIZED (
      SELECT value, block, bit_or(problems) AS problems FROM (
        SELECT ${v("s")} AS value, s.block, s.problems FROM ${raw(SET_TABLE[value].weeks)} s
         WHERE ${inWholeWeeks(w, "s", "weeks")} AND ${v("s")} <> ''
        UNION ALL
        SELECT ${v("s")}, s.block, s.problems FROM ${raw(SET_TABLE[value].days)} s
         WHERE ${inWholeDays(w, "s")} AND NOT ${inWholeWeeks(w, "s", "days")} AND ${v("s")} <> '') b
       GROUP BY 1, 2),
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
 * (a condition on alias p; null: all). Columns: value, n. Each row of the sets ORed (a value's
 * day, or its whole week) costs about what ROW_COST_IN_PAIRS pairs do: where the range's events
 * (an upper bound of its pairs) are fewer than those rows times `rowCost`, from the pairs instead
 * (client names are what callers send: many names of a few events each took 2.1 s from the sets,
 * 0.87 from the pairs); the branch not taken is never read.
 */
export function problemsPerValueFromSets(
  w: RangeWindow,
  value: "lea" | "client",
  problems: Sql | null,
  rowCost = ROW_COST_IN_PAIRS,
): Sql {
  const kept = problems
    ? sql`, kept AS MATERIALIZED (SELECT (p.id >> 14)::int AS block, bit_or(problem_bit(p.id)) AS problems FROM problem p WHERE ${problems} GROUP BY 1)`
    : empty;
  const counted = problems
    ? sql`SELECT s.value, bit_count(s.problems & k.problems) AS n FROM whole s JOIN kept k ON k.block = s.block`
    : sql`SELECT s.value, bit_count(s.problems) AS n FROM whole s`;
  const keptExtra = problems ? sql` AND e.problem_id IN (SELECT p.id FROM problem p WHERE ${problems})` : empty;
  return sql`WITH size AS MATERIALIZED (${fewerEventsThanRows(w, value, rowCost)}),
    ${windowSets(w, value)}${kept}
    SELECT value, sum(n)::bigint AS n FROM (
      ${counted}
      UNION ALL
      SELECT e.value, count(*) FROM extra e WHERE ${notInWhole}${keptExtra} GROUP BY 1) x
     WHERE NOT (SELECT use_pairs FROM size) GROUP BY value HAVING sum(n) > 0
    UNION ALL
    SELECT y.value, y.n FROM (${problemsPerValueOfPairs(sql`${column(`d.${value}`)} <> ''`, w, value, problems)}) y
     WHERE (SELECT use_pairs FROM size)`;
}

/**
 * What ORing one (value, day) row of the sets costs in pairs of problems and values read (~5 µs
 * against ~0.6 µs at 10M events): the facets and the groups' districts come from the pairs where
 * the range's events (an upper bound of its pairs) are fewer than its (value, day) rows times this.
 */
export const ROW_COST_IN_PAIRS = 8;

/**
 * At most this many (district, block) bit strings of 2 KB are sent to be walked in this process
 * (40 MB): past it (districts are what senders name), a group's districts are counted from the
 * pairs by the database, which spills to disk where this process would hold them all.
 */
export const MAX_SENT_SETS = 20_000;

/**
 * Per group (`key`, an expression on alias p) of the problems `conditions` keep, its districts
 * with events in the window, in one statement. From the problem sets: each district's bits of the
 * window's whole days (ORed by the database), the pairs they leave out, and the problems with a bit
 * set among them (with their group), walked here once (problem-set-bits.ts), where SQL ANDed every
 * group's bits with every district's (82 articles × 514 districts: 42,000 ANDs of 2 KB, ~5 µs
 * each). Counted from the pairs by the database where the range's events are fewer than the
 * rows of the sets it ORs × `rowCost`, or its districts × blocks are over MAX_SENT_SETS; the part
 * not chosen is never read.
 */
export async function groupDistrictsOfSets(
  db: Database,
  w: RangeWindow,
  key: Sql,
  conditions: Sql,
  rowCost = ROW_COST_IN_PAIRS,
): Promise<Map<string, number>> {
  const rows = await db.prisma.$queryRaw<GroupDistrictsRow[]>(sql`
    WITH size AS MATERIALIZED (${fewerEventsThanRows(w, "lea", rowCost, tooManySets)}),
    ${windowSets(w, "lea")},
    ids AS (
      SELECT b.block::bigint * ${BLOCK_BITS} + i AS id
        FROM (SELECT block, bit_or(problems) AS problems FROM whole GROUP BY block) b, generate_series(0, ${BLOCK_BITS - 1}) i
       WHERE get_bit(b.problems, i) = 1
      UNION SELECT problem_id FROM extra)
    SELECT 'set' AS kind, value, block, varbit_send(problems) AS bits, NULL::bigint AS problem_id, NULL::text AS key, NULL::bigint AS districts
      FROM whole WHERE NOT (SELECT use_pairs FROM size)
    UNION ALL SELECT 'pair', value, NULL, NULL, problem_id, NULL, NULL FROM extra WHERE NOT (SELECT use_pairs FROM size)
    UNION ALL SELECT 'problem', NULL, NULL, NULL, p.id, ${key}, NULL FROM problem p
      WHERE NOT (SELECT use_pairs FROM size) AND p.id IN (SELECT id FROM ids) AND ${conditions}
    UNION ALL SELECT 'counted', NULL, NULL, NULL, NULL, key, count(*) FROM (
        SELECT ${key} AS key, x.value FROM (${pairRows(sql`d.lea <> ''`, w, "lea")}) x JOIN problem p ON p.id = x.problem_id
         WHERE (SELECT use_pairs FROM size) AND ${conditions} GROUP BY 1, 2) kd
      GROUP BY key`);
  const counted = rows.filter((r) => r.kind === "counted");
  if (counted.length) return new Map(counted.map((r) => [r.key!, Number(r.districts)]));
  const sets = valueBits(
    rows.filter((r): r is GroupDistrictsRow & SentSetRow => r.kind === "set"),
    rows.filter((r): r is GroupDistrictsRow & ExtraPair => r.kind === "pair"),
  );
  const problems = rows.filter((r) => r.kind === "problem").map((r) => ({ id: r.problem_id!, key: r.key! }));
  return valuesPerKey(sets, problems);
}

/** groupDistrictsOfSets' rows: a district's bits of a block, an extra pair, a problem and its group, or a group's districts counted. */
interface GroupDistrictsRow {
  kind: "set" | "pair" | "problem" | "counted";
  value: string | null;
  block: number | null;
  bits: Uint8Array | null;
  problem_id: bigint | null;
  key: string | null;
  districts: bigint | null;
}

/** More (district, block) bit strings than MAX_SENT_SETS may be sent (over fewerEventsThanRows' rows g, of the range). */
const tooManySets = sql`count(DISTINCT g.value) * (coalesce((SELECT max(id) FROM problem), 0) / ${BLOCK_BITS} + 1) > ${MAX_SENT_SETS}`;

/**
 * Whether the window's events are fewer than the rows of the sets it would OR × rowCost (then its
 * pairs cost less than its sets), or `orElse` holds over those rows (alias g: value, events):
 * column use_pairs. The rows ORed: a value's days with events, those of its whole weeks counted
 * once a week (grouped by hashing: a count of distinct pairs sorted them, 144 ms for 90 days).
 */
function fewerEventsThanRows(w: RangeWindow, value: "lea" | "client", rowCost: number, orElse: Sql = sql`FALSE`): Sql {
  const v = column(`t.${value}`);
  return sql`SELECT coalesce(count(*) * ${rowCost}::float8 > sum(g.events), false) OR ${orElse} AS use_pairs
       FROM (SELECT ${v} AS value, CASE WHEN ${inWholeWeeks(w, "t", "days")} THEN ${raw(weekOf("t.day"))} ELSE t.day END,
                    sum(t.events) AS events
               FROM ${raw(VALUES_BY_DAY[value])} t WHERE ${rangeDaysCondition(w, "t")} AND ${v} <> '' GROUP BY 1, 2) g`;
}
