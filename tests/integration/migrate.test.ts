import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

describe.each(dbKinds())("migrations on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind); // migrates
  });
  afterAll(() => t?.drop());

  it("records what it applied and applies nothing twice", async () => {
    const recorded = await t.db.prisma.$queryRawUnsafe<{ name: string }[]>(
      "SELECT name FROM _triage_migrations ORDER BY name",
    );
    expect(recorded.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
    expect(await migrate(t.db)).toEqual([]);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrate(t.db, changed)).rejects.toThrow(/changed after it was applied/);
  });

  it("rolls back a failing migration whole", async () => {
    const bad = [
      ...readMigrations(),
      { name: "99999999999999_bad", sql: "CREATE TABLE half_done (id int); SELECT nope FROM nowhere;", checksum: "x" },
    ];
    await expect(migrate(t.db, bad)).rejects.toThrow(/99999999999999_bad failed/);
    const tables = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(Number(tables[0].n)).toBe(0);
    const recorded = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM _triage_migrations WHERE name = '99999999999999_bad'",
    );
    expect(Number(recorded[0].n)).toBe(0);
  });
});
