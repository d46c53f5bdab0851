// One definition per rollup: the newest migration that backfills a table from the events does it
// with the definitions' SQL, verbatim (the ledger migration, then 20261204190000_daily_quarter_hours).
// The rollups added after retention (whose dropped months have counts and no events) are summed
// from trend_day instead; migrate.test.ts verifies every rollup of a migrated database with data.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLLUPS, backfillSql } from "@/lib/ledger/definitions";

const root = "prisma/migrations";
const migrations = readdirSync(root)
  .filter((d) => /^\d{14}_/.test(d))
  .sort()
  .map((d) => ({ name: d, sql: readFileSync(`${root}/${d}/migration.sql`, "utf8") }));

describe("rollup definitions", () => {
  const fromTrendDay = new Set(["trend_all_day", "trend_district_day"]);
  it.each(ROLLUPS.filter((d) => !fromTrendDay.has(d.table)).map((d) => [d.table, d] as const))(
    "the newest migration backfilling %s does it with its definition",
    (table, d) => {
      const newest = migrations.filter((m) => m.sql.includes(`INSERT INTO ${table} (`)).at(-1);
      expect(newest?.name).toBe("20261204190000_daily_quarter_hours");
      expect(newest!.sql).toContain(backfillSql(d));
    },
  );

  it.each([...fromTrendDay])("%s is summed from trend_day, which keeps the counts of dropped months", (table) => {
    const newest = migrations.filter((m) => m.sql.includes(`INSERT INTO ${table} (`)).at(-1);
    expect(newest?.name).toBe("20261206110000_route_moves_hold_fold_lock");
    expect(newest!.sql).toMatch(new RegExp(`INSERT INTO ${table} \\([^)]*\\)\\nSELECT [^;]* FROM trend_day GROUP BY`));
  });
});
