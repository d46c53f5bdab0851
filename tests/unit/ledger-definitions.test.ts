// One definition per rollup: the ledger migration's backfill is the definitions' SQL, verbatim.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLLUPS, backfillSql } from "@/lib/ledger/definitions";

describe("rollup definitions", () => {
  const migration = readFileSync("prisma/migrations/20261204160000_ledger/migration.sql", "utf8");
  it.each(ROLLUPS.map((d) => [d.table, d] as const))("the migration backfills %s with its definition", (_, d) => {
    expect(migration).toContain(backfillSql(d));
  });
});
