import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createPostgresDatabase, createTestDatabase, dbKinds, testPostgresUrl, type TestDatabase } from "../support/db";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { verifyRollups } from "@/lib/ledger/verify";
import { eventPartitions } from "@/lib/retention/partitions";

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

describe("the migrated PGlite template the tests start from (tests/support/pglite-template.ts)", () => {
  /**
   * The public schema (columns, indexes, constraints, views, enums, functions, triggers, table
   * options, extensions) and every table's rows (seeded ones, the applied migrations).
   */
  async function schemaOf(db: Database): Promise<unknown[]> {
    const schema = await db.prisma.$queryRawUnsafe<{ kind: string; what: string }[]>(`
      SELECT 'column' AS kind, table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS what
        FROM information_schema.columns WHERE table_schema = 'public'
      UNION ALL SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT 'constraint', conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT 'view', viewname || ' ' || pg_get_viewdef(format('%I.%I', schemaname, viewname)::regclass) FROM pg_views WHERE schemaname = 'public'
      UNION ALL SELECT 'enum', t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname
      UNION ALL SELECT 'function', p.oid::regprocedure || ' ' || md5(prosrc) FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
      UNION ALL SELECT 'trigger', pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
      UNION ALL SELECT 'options', relname || ' ' || array_to_string(reloptions, ',') FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND reloptions IS NOT NULL
      UNION ALL SELECT 'extension', extname || ' ' || extversion FROM pg_extension
      ORDER BY 1, 2`);
    // Rows without their timestamps (when a row was written differs; what it holds must not).
    const tables = await db.prisma.$queryRawUnsafe<{ name: string; columns: string[] }[]>(
      `SELECT table_name AS name, array_agg(quote_ident(column_name) ORDER BY ordinal_position) AS columns
         FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type NOT LIKE 'timestamp%'
          AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')
        GROUP BY 1 ORDER BY 1`,
    );
    const rows: { kind: string; what: string }[] = [];
    for (const { name, columns } of tables) {
      const [r] = await db.prisma.$queryRawUnsafe<{ n: bigint; digest: string | null }[]>(
        `SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest
           FROM (SELECT ${columns.join(", ")} FROM "${name}") x`,
      );
      rows.push({ kind: "rows", what: `${name} ${r.n} ${r.digest ?? ""}` });
    }
    return [...schema, ...rows];
  }

  it("holds what migrating a new database from nothing makes, so no test runs on a stale schema", async () => {
    const fromTemplate = await createTestDatabase("pglite");
    const fromNothing = await openDatabase({ kind: "pglite", dataDir: undefined });
    try {
      await migrate(fromNothing);
      const expected = await schemaOf(fromNothing);
      expect(expected.length).toBeGreaterThan(100);
      expect(expected.filter((e) => (e as { kind: string }).kind === "view").length).toBeGreaterThan(0);
      expect(await schemaOf(fromTemplate.db)).toEqual(expected);
    } finally {
      await fromNothing.close();
      await fromTemplate.drop();
    }
  });
});

describe.each(dbKinds())("the partitioning migration on %s", (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (kind === "pglite") {
      db = await openDatabase({ kind: "pglite", dataDir: undefined });
      drop = () => db.close();
    } else {
      const target = await createPostgresDatabase(testPostgresUrl(), "triage_migrate");
      db = await openDatabase({ kind: "postgres", url: target.url });
      drop = async () => {
        await db.close();
        await target.drop();
      };
    }
  });
  afterAll(() => drop?.());

  it("moves the events of an earlier schema into their months, keeps their eventIds unique, recounts their texts", async () => {
    const all = readMigrations();
    const last = all.findIndex((m) => m.name === "20261205210000_event_partitions");
    await migrate(db, all.slice(0, last));
    // Events as the earlier schema stored them: two months, with and without eventIds.
    await db.exec(`
      INSERT INTO problem (id, fingerprint, article_id, signature, route) VALUES (1, 'f1', 'data-validation-failed', 's', 'dev');
      INSERT INTO error_event (event_id, occurred_at, status, format, article_id, matched_articles, route, fingerprint, problem_id, api_key_id, lea, body)
      SELECT CASE WHEN i % 2 = 0 THEN 'e-' || i END, timestamptz '2026-10-31 23:00:00+00' + i * interval '10 minutes', 400, 'problem-details',
             'data-validation-failed', '{data-validation-failed}', 'dev', 'f1', 1, 3, '255901',
             jsonb_build_object('detail', 'Data validation failed.',
                                'validationErrors', jsonb_build_object('$.x', jsonb_build_array('value ' || (i % 3) || ' is not valid.')))
        FROM generate_series(1, 20) i;
      -- More events than one batch of the recount holds: its counts add up across batches. And the
      -- same texts in a second district: the texts of every district sum both.
      INSERT INTO error_event (occurred_at, status, format, article_id, matched_articles, route, fingerprint, problem_id, api_key_id, lea, body)
      SELECT s.start + i * interval '10 seconds', 400, 'problem-details',
             'data-validation-failed', '{data-validation-failed}', 'dev', 'f1', 1, 3, s.lea,
             jsonb_build_object('detail', 'Data validation failed.',
                                'validationErrors', jsonb_build_object('$.x', jsonb_build_array('value ' || (i % 3) || ' is not valid.')))
        FROM (VALUES (timestamptz '2026-11-02 00:00:00+00', 12000, '255901'), (timestamptz '2026-11-03 00:00:00+00', 30, '4801234')) s(start, n, lea),
             generate_series(1, s.n) i;
      INSERT INTO event_message (problem_id, lea, digest, text, events) VALUES (1, '255901', 'stale', 'a stale text', 5);
    `);
    const keyTimes = all.findIndex((m) => m.name === "20261206090000_event_key_times");
    await migrate(db, all.slice(0, keyTimes));
    // A key whose event a merge moved earlier kept the later time before 20261206090000.
    await db.exec("UPDATE event_key SET occurred_at = occurred_at + interval '1 hour' WHERE event_id = 'e-2'");
    // And a key that outlived its event (such a merged event's month already dropped).
    await db.exec(
      "INSERT INTO event_key (event_id, api_key_id, event_row, occurred_at) VALUES ('orphan', 3, 999999, '2026-11-20T00:00:00Z')",
    );
    await migrate(db, all);
    const count = async (sql: string) => Number((await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql))[0].n);
    const [key] = await db.prisma.$queryRawUnsafe<{ same: boolean }[]>(
      "SELECT k.occurred_at = e.occurred_at AS same FROM event_key k JOIN error_event e ON e.id = k.event_row WHERE k.event_id = 'e-2'",
    );
    expect(key.same).toBe(true);
    expect(await count("SELECT count(*) AS n FROM event_key WHERE event_id = 'orphan'")).toBe(0);
    const partitions = (await db.session(eventPartitions)).map((p) => p.month);
    expect(partitions).toEqual(expect.arrayContaining(["2026-10-01", "2026-11-01"]));
    expect(await count("SELECT count(*) AS n FROM error_event")).toBe(12_050);
    expect(await count("SELECT count(*) AS n FROM error_event_2026_10")).toBe(5); // 23:10 … 23:50
    expect(await count("SELECT count(*) AS n FROM error_event_default")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM event_key WHERE api_key_id = 3")).toBe(10);
    // The same eventId from the same key is refused by the key table, whatever its month.
    await expect(
      db.prisma.$executeRawUnsafe(
        "INSERT INTO event_key (event_id, api_key_id, event_row, occurred_at) VALUES ('e-2', 3, 999, now())",
      ),
    ).rejects.toThrow();
    // The texts were recounted from the bodies, by month: the stale row is gone, nothing differs.
    expect(await count("SELECT count(*) AS n FROM event_message WHERE digest = 'stale'")).toBe(0);
    expect(await count("SELECT count(DISTINCT month) AS n FROM event_message")).toBe(2);
    expect((await verifyRollups(db)).filter((d) => d.table === "event_message")).toEqual([]);
    expect(await count("SELECT max(events) AS n FROM event_message")).toBe(4_000 + 5);
    // And summed over districts, each text once (20261209090000_message_texts).
    expect(
      (await verifyRollups(db)).filter((d) => d.table === "problem_message" || d.table === "message_text"),
    ).toEqual([]);
    expect(await count("SELECT count(*) AS n FROM message_text")).toBe(3);
    expect(await count("SELECT sum(events) AS n FROM problem_message")).toBe(12_050);
    expect(await count("SELECT max(events) AS n FROM problem_message")).toBe(4_000 + 5 + 10);
    // New events still get ids after the old ones (one sequence, kept).
    const [{ next }] = await db.prisma.$queryRawUnsafe<{ next: bigint }[]>(
      "SELECT nextval('error_event_id_seq') AS next",
    );
    expect(Number(next)).toBeGreaterThan(20);
  });
});
