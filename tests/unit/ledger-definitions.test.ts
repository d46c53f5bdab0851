// One definition per rollup: the newest migration that backfills a table does it with the
// definitions' SQL, verbatim (the ledger migration, then 20261204190000_daily_quarter_hours).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLLUPS, backfillSql } from "@/lib/ledger/definitions";

const root = "prisma/migrations";
const migrations = readdirSync(root)
  .filter((d) => /^\d{14}_/.test(d))
  .sort()
  .map((d) => ({ name: d, sql: readFileSync(`${root}/${d}/migration.sql`, "utf8") }));

describe("rollup definitions", () => {
  it.each(ROLLUPS.map((d) => [d.table, d] as const))(
    "the newest migration backfilling %s does it with its definition",
    (table, d) => {
      const newest = migrations.filter((m) => m.sql.includes(`INSERT INTO ${table} (`)).at(-1);
      expect(newest?.name).toBe("20261204190000_daily_quarter_hours");
      expect(newest!.sql).toContain(backfillSql(d));
    },
  );
});
