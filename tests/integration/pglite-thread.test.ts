// PGlite in its worker thread answers as PGlite in-process does: values, errors, transactions,
// COPY, and a thread that cannot start fails every call instead of hanging.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { startPGliteWorker } from "@/lib/runtime/database";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite, messages, types } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGliteThread } from "@/lib/db/pglite-thread";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const SETUP = `
  CREATE TYPE mood AS ENUM ('calm', 'busy');
  CREATE TABLE t (id bigserial PRIMARY KEY, n int, big bigint, num numeric(10,2), s text, ok bool, at timestamptz, d date,
                  j jsonb, tags text[], nums int[], m mood, u uuid UNIQUE);
  INSERT INTO t (n, big, num, s, ok, at, d, j, tags, nums, m, u) VALUES
    (1, 9007199254740993, 12.50, 'a "quoted" \\ text', true, '2026-11-24T10:00:00.123Z', '2026-11-24', '{"a": [1, {"b": null}]}',
     '{"x","y,z",NULL}', '{1,2,3}', 'busy', '00000000-0000-0000-0000-000000000001'),
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`;
const QUERY = "SELECT * FROM t ORDER BY id";

describe("PGlite in a worker thread", () => {
  let inProcess: PGlite;
  let thread: PGliteThread;

  beforeAll(async () => {
    inProcess = new PGlite();
    thread = new PGliteThread(undefined, undefined, {}, startPGliteWorker);
    await Promise.all([inProcess.waitReady, thread.waitReady]);
    await inProcess.exec(SETUP);
    await thread.exec(SETUP);
  });
  afterAll(async () => {
    await inProcess?.close();
    await thread?.close();
  });

  it("parses every value as PGlite in-process does, by row object or array, with the caller's parsers", async () => {
    expect(await thread.query(QUERY)).toEqual(await inProcess.query(QUERY));
    const asArrays = {
      rowMode: "array" as const,
      parsers: { [types.INT8]: (v: string) => `int8:${v}`, [types.TIMESTAMPTZ]: (v: string) => `at:${v}` },
    };
    const got = await thread.query(QUERY, [], asArrays);
    expect(got).toEqual(await inProcess.query(QUERY, [], asArrays));
    expect((got.rows[0] as unknown[])[2]).toBe("int8:9007199254740993"); // the caller's parser ran, not a lossy default
  });

  it("rebuilds PostgreSQL errors as PGlite DatabaseErrors, with their fields", async () => {
    const error = await thread
      .query("INSERT INTO t (u) VALUES ('00000000-0000-0000-0000-000000000001')")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({ code: "23505", constraint: "t_u_key", table: "t" });
    expect(await thread.query("SELECT 1 AS one")).toMatchObject({ rows: [{ one: 1 }] }); // still usable
  });

  it("commits a transaction, rolls back a failed or abandoned one, and holds other queries until it ends", async () => {
    await thread.transaction(async (tx) => {
      await tx.query("INSERT INTO t (s) VALUES ('committed')");
    });
    await expect(
      thread.transaction(async (tx) => {
        await tx.query("INSERT INTO t (s) VALUES ('thrown')");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await thread.transaction(async (tx) => {
      await tx.query("INSERT INTO t (s) VALUES ('rolled back')");
      await tx.rollback();
      await expect(tx.query("SELECT 1")).rejects.toThrow(/closed/);
    });
    let outsideSaw: unknown;
    let outside: Promise<unknown> | undefined;
    await thread.transaction(async (tx) => {
      await tx.query("INSERT INTO t (s) VALUES ('seen after commit')");
      // One session: a query from outside waits for the transaction, then sees its row. The
      // thread answers messages in order, so had the outside query not waited, it would have
      // been answered before this round trip inside the transaction.
      outside = thread
        .query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE s = 'seen after commit'")
        .then((r) => (outsideSaw = r.rows[0].n));
      await tx.query("SELECT pg_sleep(0)");
      await tx.query("SELECT 1");
      expect(outsideSaw).toBeUndefined();
    });
    await outside;
    expect(outsideSaw).toBe(1);
    const kept = await thread.query<{ s: string }>(
      "SELECT s FROM t WHERE s IN ('committed', 'thrown', 'rolled back') ORDER BY s",
    );
    expect(kept.rows.map((r) => r.s)).toEqual(["committed"]);
  });

  it("fails every call, as unavailable, when the thread cannot open its database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pglite-thread-"));
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "not a data directory");
    const broken = new PGliteThread(notADirectory, undefined, {}, startPGliteWorker);
    try {
      const error = await broken.waitReady.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
      await expect(broken.query("SELECT 1")).rejects.toThrow(/PGlite is unavailable/);
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(dbKinds())("SQL sessions on %s", (kind) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    db = t.db;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("bulk-load with COPY inside a transaction, and roll it back with it", async () => {
    await db.exec("CREATE TABLE copied (n int, s text)");
    await db.transaction((tx) => tx.copyIn("copied", ["n", "s"], "1\ta\\tb\n2\t\\N\n"));
    await expect(
      db.transaction(async (tx) => {
        await tx.copyIn("copied", ["n", "s"], "3\tc\n");
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await db.prisma.$queryRawUnsafe("SELECT n, s FROM copied ORDER BY n")).toEqual([
      { n: 1, s: "a\tb" },
      { n: 2, s: null },
    ]);
  });
});

describe("opening a PGlite data directory", () => {
  it("opens, migrates, closes and opens again in a new thread", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pglite-reopen-"));
    try {
      for (let i = 0; i < 2; i++) {
        const db = await openDatabase({ kind: "pglite", dataDir: join(dir, "data") });
        await db.exec("CREATE TABLE IF NOT EXISTS visits (n int)");
        await db.exec("INSERT INTO visits VALUES (1)");
        const [row] = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM visits");
        expect(Number(row.n)).toBe(i + 1);
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
