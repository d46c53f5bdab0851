// district_day_problems and client_day_problems (definitions.ts problemSets): which problems have
// events per UTC day and district (client), as bits in blocks of 16,384 problem ids; and the same
// ORed by UTC week (district_week_problems, client_week_problems: weekSets). Written with the
// folded tables, after problem_daily_count (apply.ts applyFolded): a pair that gets events sets
// its bit, and its day row's bits are ORed into the day's week; a (day, value, block) that a move
// took events out of is recomputed from problem_daily_count's rows with events, and its week from
// its days (rows left with no bit set are deleted). Every writer holds the fold lock.
import type { SqlSession } from "../db/sql-session";
import { arrayLiteral } from "../db/array-literal";
import type { Count } from "./apply";
import { weekOf } from "./set-definitions";

/** The two sets, in the ledger's table order: their tables, value column and a count's value. */
const PROBLEM_SETS = [
  { days: "district_day_problems", weeks: "district_week_problems", column: "lea", of: (c: Count) => c.lea },
  { days: "client_day_problems", weeks: "client_week_problems", column: "client", of: (c: Count) => c.client },
] as const;

/** No problem's bit set. */
const NONE = "repeat('0', 16384)::bit(16384)";

/** A bit set per pair that got events, and the rows events left recomputed (deleted when empty). */
export async function updateProblemSets(tx: SqlSession, counts: readonly Count[]): Promise<void> {
  for (const set of PROBLEM_SETS) {
    const added = distinct(counts.filter((c) => c.events > 0).map((c) => [c.day, set.of(c), c.problemId]));
    // The day rows as they are after the bits are set, ORed into their weeks: one pass over the
    // pairs. A row whose bits are all set already is not written (most are, after a day's first
    // folds), nor is its week, which holds them (a week is its days ORed).
    if (added.length)
      await tx.query(
        `WITH days AS (
           INSERT INTO ${set.days} AS t (day, ${set.column}, block, problems)
           SELECT u.day, u.value, (u.problem_id >> 14)::int, bit_or(problem_bit(u.problem_id))
             FROM unnest($1::date[], $2::text[], $3::bigint[]) AS u(day, value, problem_id)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
           ON CONFLICT (day, ${set.column}, block) DO UPDATE SET problems = t.problems | EXCLUDED.problems
            WHERE (t.problems | EXCLUDED.problems) <> t.problems
           RETURNING t.day, t.${set.column}, t.block, t.problems)
         INSERT INTO ${set.weeks} AS w (day, ${set.column}, block, problems)
         SELECT ${weekOf("d.day")}, d.${set.column}, d.block, bit_or(d.problems) FROM days d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (day, ${set.column}, block) DO UPDATE SET problems = w.problems | EXCLUDED.problems
          WHERE (w.problems | EXCLUDED.problems) <> w.problems`,
        columnsOf(added),
      );
    const left = distinct(counts.filter((c) => c.events < 0).map((c) => [c.day, set.of(c), blockOf(c.problemId)]));
    if (!left.length) continue;
    // The listed rows of a table (alias t) by their day: the listed day, or its week's Monday.
    const listed = (day: string) => `unnest($1::date[], $2::text[], $3::int[]) AS u(day, value, block)
        WHERE t.day = ${day} AND t.${set.column} = u.value AND t.block = u.block`;
    await tx.query(
      `UPDATE ${set.days} t SET problems = coalesce(
         (SELECT bit_or(problem_bit(d.problem_id)) FROM problem_daily_count d
           WHERE d.${set.column} = t.${set.column} AND d.day = t.day AND (d.problem_id >> 14)::int = t.block AND d.count > 0),
         ${NONE})
         FROM ${listed("u.day")}`,
      columnsOf(left),
    );
    await tx.query(
      `UPDATE ${set.weeks} t SET problems = coalesce(
         (SELECT bit_or(d.problems) FROM ${set.days} d
           WHERE d.${set.column} = t.${set.column} AND d.day >= t.day AND d.day < t.day + 7 AND d.block = t.block),
         ${NONE})
         FROM ${listed(weekOf("u.day"))}`,
      columnsOf(left),
    );
    await tx.query(`DELETE FROM ${set.days} t USING ${listed("u.day")} AND bit_count(t.problems) = 0`, columnsOf(left));
    await tx.query(
      `DELETE FROM ${set.weeks} t USING ${listed(weekOf("u.day"))} AND bit_count(t.problems) = 0`,
      columnsOf(left),
    );
  }
}

/** A problem id's block of 16,384 (id >> 14), as text. */
function blockOf(problemId: string): string {
  return String(BigInt(problemId) >> 14n);
}

/** Each tuple once. (Rows are written in key order by the statement's ORDER BY; only fold-lock holders write them.) */
function distinct(tuples: string[][]): string[][] {
  const seen = new Map<string, string[]>();
  for (const t of tuples) seen.set(t.join("\u0000"), t);
  return [...seen.values()];
}

/** Tuples as one array literal per column. */
function columnsOf(tuples: string[][]): string[] {
  return [0, 1, 2].map((i) => arrayLiteral(tuples.map((t) => t[i])));
}
