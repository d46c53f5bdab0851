// The one description of a stored event (lib/ingest/event-columns.ts) is the table in the
// database: same columns, types and nullability, on PGlite and PostgreSQL; and what it derives
// (the COPY column list, the read models' select list) runs there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_COPY_COLUMNS, EVENT_IDEMPOTENCY_INDEX, EVENT_SELECT, EVENT_TABLE } from "@/lib/ingest/event-columns";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

describe.each(dbKinds())("error_event on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("has exactly the columns of the spec, with their types and nullability", async () => {
    const columns = await t.db.prisma.$queryRawUnsafe<{ column_name: string; udt_name: string; is_nullable: string }[]>(
      "SELECT column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'error_event' ORDER BY column_name",
    );
    const inDatabase = columns.map((c) => ({
      column: c.column_name,
      udtName: c.udt_name,
      nullable: c.is_nullable === "YES",
    }));
    const inSpec = EVENT_TABLE.map((c) => ({ column: c.column, udtName: c.udtName, nullable: c.nullable })).sort(
      (a, b) => (a.column < b.column ? -1 : 1),
    );
    expect(inSpec).toEqual(inDatabase);
  });

  it("writes every column that has no default, and selects what the read side names", async () => {
    const defaults = await t.db.prisma.$queryRawUnsafe<{ column_name: string }[]>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'error_event' AND column_default IS NULL AND is_nullable = 'NO'",
    );
    for (const { column_name } of defaults) expect(EVENT_COPY_COLUMNS).toContain(column_name);
    await expect(t.db.prisma.$queryRawUnsafe(`SELECT ${EVENT_SELECT} FROM error_event LIMIT 0`)).resolves.toEqual([]);
  });

  it("has the idempotency index the write path's retry names", async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<{ indexdef: string }[]>(
      "SELECT indexdef FROM pg_indexes WHERE indexname = $1",
      EVENT_IDEMPOTENCY_INDEX,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].indexdef).toMatch(/UNIQUE INDEX .* \(event_id, api_key_id\)/);
  });
});
