// One definition per rollup: the newest migration that backfills a table from the events does it
// with the definitions' SQL, verbatim (the ledger migration, then 20261204190000_daily_quarter_hours).
// The rollups added after retention (whose dropped months have counts and no events) are summed
// from an older rollup instead (trend_day, problem_trend_day); migrate.test.ts verifies every rollup of a migrated database with data.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MESSAGE_TOTALS_FROM_EVENT_MESSAGE, ROLLUPS, backfillSql } from "@/lib/ledger/definitions";
import { VERIFY_ALIASES } from "@/lib/ledger/verify";

const root = "prisma/migrations";
const migrations = readdirSync(root)
  .filter((d) => /^\d{14}_/.test(d))
  .sort()
  .map((d) => ({ name: d, sql: readFileSync(`${root}/${d}/migration.sql`, "utf8") }));

describe("rollup definitions", () => {
  it.each(ROLLUPS.map((d) => [d.table, d] as const))("%s names no column as verify names a whole row", (_, d) => {
    expect([...d.key, ...d.values].filter((c) => VERIFY_ALIASES.includes(c))).toEqual([]);
  });

  /** The rollups added after retention, and the rollup each is summed from by the newest migration that fills it. */
  const summedFrom = new Map([
    ["trend_all_day", { source: "trend_day", migration: "20261206110000_route_moves_hold_fold_lock" }],
    ["trend_district_day", { source: "trend_day", migration: "20261206110000_route_moves_hold_fold_lock" }],
    ["problem_day", { source: "problem_trend_day", migration: "20261206120000_problem_day" }],
    ["client_day", { source: "client_trend_day", migration: "20261206140000_client_day" }],
    ["problem_month", { source: "problem_day", migration: "20261209100000_problem_month" }],
    ["district_day_problems", { source: "problem_daily_count", migration: "20261211090000_problem_sets" }],
    ["client_day_problems", { source: "problem_daily_count", migration: "20261211090000_problem_sets" }],
    ["district_week_problems", { source: "district_day_problems", migration: "20261212090000_problem_week_sets" }],
    ["client_week_problems", { source: "client_day_problems", migration: "20261212090000_problem_week_sets" }],
  ]);
  it.each(ROLLUPS.filter((d) => !summedFrom.has(d.table)).map((d) => [d.table, d] as const))(
    "the newest migration backfilling %s does it with its definition",
    (table, d) => {
      const newest = migrations.filter((m) => m.sql.includes(`INSERT INTO ${table} (`)).at(-1);
      expect(newest?.name).toBe("20261204190000_daily_quarter_hours");
      expect(newest!.sql).toContain(backfillSql(d));
    },
  );

  it.each([...summedFrom].map(([table, s]) => [table, s.source, s.migration] as const))(
    "%s is summed from %s, which keeps the counts of dropped months",
    (table, source, migration) => {
      const newest = migrations.filter((m) => m.sql.includes(`INSERT INTO ${table} (`)).at(-1);
      expect(newest?.name).toBe(migration);
      expect(newest!.sql).toMatch(
        new RegExp(`INSERT INTO ${table} \\([^)]*\\)\\nSELECT [^;]* FROM ${source} GROUP BY`),
      );
    },
  );

  it("every rollup is backfilled by some migration", () => {
    for (const d of ROLLUPS) expect(migrations.some((m) => m.sql.includes(`INSERT INTO ${d.table} (`))).toBe(true);
  });

  it("the texts of every district are backfilled from event_message with their definition", () => {
    for (const table of ["message_text", "problem_message"]) {
      const newest = migrations.filter((m) => m.sql.includes(`INSERT INTO ${table} (`)).at(-1);
      expect(newest?.name).toBe("20261209090000_message_texts");
    }
    const migration = migrations.find((m) => m.name === "20261209090000_message_texts")!;
    for (const statement of MESSAGE_TOTALS_FROM_EVENT_MESSAGE) expect(migration.sql).toContain(statement);
  });
});
