// The problem sets' definitions (definitions.ts keeps every rollup's; ROLLUPS lists these with
// them): which problems have events per UTC day, and per UTC week, in each district (client), as
// bits in blocks of 16,384 problem ids. Their own module: bits, blocks and weeks are their
// vocabulary alone (the fold's writer is problem-sets.ts, the reads lib/queries/problem-sets.ts).
import type { RollupDefinition } from "./definitions";

/**
 * The problems with events per UTC day and district (client), as bits in blocks of 16,384
 * ids (`block` = id >> 14, bit id & 16383; migration problem_sets): the problem list's district
 * and client facets and its groups' districts of every district (problem-sets.ts in lib/queries).
 * A pair's bit is set while problem_daily_count has a row of it (fromRollup: verify checks both
 * agree, of retired months too); the pending counts' pairs are ORed in by reads.
 */
function problemSets(table: string, column: "lea" | "client"): RollupDefinition {
  // A row's block and bits from rows of (day, value, problem_id) pairs, grouped by the first three columns.
  const bits = "(problem_id >> 14)::int AS block, bit_or(problem_bit(problem_id)) AS problems";
  return {
    table,
    key: ["day", column, "block"],
    values: ["problems"],
    batchBy: "day",
    fromEvents: (where = "TRUE") => `SELECT day, ${column}, ${bits}
  FROM (SELECT DISTINCT utc_day(e.occurred_at) AS day, coalesce(e.${column}, '') AS ${column}, e.problem_id FROM error_event e WHERE ${where}) s
 GROUP BY 1, 2, 3`,
    live: `SELECT day, ${column}, block, bit_or(problems) AS problems FROM (
    SELECT day, ${column}, block, problems FROM ${table}
    UNION ALL SELECT day, ${column}, ${bits} FROM share_pending GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3`,
    fromRollup: (where = "TRUE") => `SELECT day, ${column}, ${bits}
  FROM problem_daily_count WHERE ${where} GROUP BY 1, 2, 3`,
    // The problem ids whose bits are set.
    valuesText: (a) => `'problems ' || coalesce(nullif(array_to_string(ARRAY(
      SELECT ${a}.block::bigint * 16384 + i FROM generate_series(0, 16383) i WHERE get_bit(${a}.problems, i) = 1), ' '), ''), '(none)')`,
  };
}

export const districtDayProblems = problemSets("district_day_problems", "lea");
export const clientDayProblems = problemSets("client_day_problems", "client");

/** A UTC day's week (`day`, a date expression), as its Monday. (`::timestamp`: a date's date_trunc would go through the session's time zone.) */
export const weekOf = (day: string) => `date_trunc('week', ${day}::timestamp)::date`;

/**
 * A problem set ORed by UTC week (`day`: the week's Monday; migration problem_week_sets): the
 * whole weeks of a range in one row per value and block (problem-sets.ts in lib/queries). Each
 * week is the OR of its days' rows (fromRollup: verify checks it, of retired months too, and
 * rebuild sums each week from them once its days are rebuilt); pending pairs are ORed in by reads.
 */
function weekSets(table: string, days: RollupDefinition): RollupDefinition {
  const column = days.key[1];
  return {
    ...days,
    table,
    batchBy: "week",
    fromEvents: (
      where = "TRUE",
    ) => `SELECT day, ${column}, (problem_id >> 14)::int AS block, bit_or(problem_bit(problem_id)) AS problems
  FROM (SELECT DISTINCT ${weekOf("utc_day(e.occurred_at)")} AS day, coalesce(e.${column}, '') AS ${column}, e.problem_id
          FROM error_event e WHERE ${where}) s
 GROUP BY 1, 2, 3`,
    live: `SELECT day, ${column}, block, bit_or(problems) AS problems FROM (
    SELECT day, ${column}, block, problems FROM ${table}
    UNION ALL SELECT ${weekOf("day")}, ${column}, (problem_id >> 14)::int, bit_or(problem_bit(problem_id)) FROM share_pending GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3`,
    fromRollup: (where = "TRUE") =>
      `SELECT ${weekOf("day")} AS day, ${column}, block, bit_or(problems) AS problems FROM ${days.table} WHERE ${where} GROUP BY 1, 2, 3`,
  };
}

export const districtWeekProblems = weekSets("district_week_problems", districtDayProblems);
export const clientWeekProblems = weekSets("client_week_problems", clientDayProblems);
