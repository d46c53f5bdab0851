// The ledger's lock order (lib/ledger/apply.ts): a move locks every problem it involves in id
// order before it folds their pending counts, so it cannot deadlock with a writer that locks
// problems in id order without the fold lock (triage, routing rules, a regression). PostgreSQL
// only: it takes two connections.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { ingestEvents } from "@/lib/ingest/ingest";
import { foldPending } from "@/lib/ledger/fold";
import { holdFoldLock, moveShares } from "@/lib/ledger/apply";
import { verifyRollups } from "@/lib/ledger/verify";
import { pgSession } from "@/lib/db/sql-session";
import { SHARE_COLUMNS, shareOfStored, type StoredShareRow } from "@/lib/ledger/share";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { retireOldEvents } from "@/lib/retention/retention";
import { searchEverything } from "@/lib/queries/search";
import { ALL_DISTRICTS } from "@/lib/auth/scope";

const event = (i: number, resource: string) => ({
  eventId: `lock-${resource}-${i}`,
  occurredAt: new Date(Date.UTC(2026, 10, 22, 9)).toISOString(),
  status: 403,
  url: `https://h/data/v3/ed-fi/${resource}`,
  client: "C",
  body: { type: "urn:ed-fi:api:security:authorization", detail: "Access to the resource could not be authorized." },
});

/** Until the backend `pid` waits on a lock (of the given kind: "advisory", "tuple"…), seen from `client`. */
async function waitsOnLock(client: pg.Client, pid: number, kind?: string): Promise<void> {
  await expect
    .poll(async () => {
      const r = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock' AND ($2::text IS NULL OR wait_event = $2)",
        [pid, kind ?? null],
      );
      return r.rows[0].n;
    })
    .toBe(1);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("the ledger's lock order on postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
  });
  afterAll(() => t?.drop());

  it("a move whose higher problem has pending counts waits for a lower one held elsewhere, then goes on (no deadlock)", async () => {
    await ingestEvents(t.db, [event(0, "aaa"), event(0, "bbb")], { apiKeyId: null });
    const mover = new pg.Client({ connectionString: t.url! });
    const other = new pg.Client({ connectionString: t.url! });
    await mover.connect();
    await other.connect();
    try {
      await mover.query("BEGIN");
      await foldPending(pgSession(mover));
      await mover.query("COMMIT");
      const rows = (
        await mover.query<{ id: string; resource: string }>("SELECT id::text, resource FROM problem ORDER BY id")
      ).rows;
      const [low, high] = rows;
      await ingestEvents(t.db, [event(1, high.resource)], { apiKeyId: null }); // the higher problem pending again
      const stored = (
        await mover.query<StoredShareRow>(
          `SELECT ${SHARE_COLUMNS} FROM error_event WHERE problem_id = ANY($1::bigint[]) ORDER BY id`,
          [[low.id, high.id]],
        )
      ).rows;
      // Another writer holds the lower problem (as triage or a routing rule does, in id order).
      await other.query("BEGIN");
      await other.query("SELECT id FROM problem WHERE id = $1 FOR NO KEY UPDATE", [low.id]);
      const moverPid = (await mover.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      await mover.query("BEGIN");
      await mover.query("UPDATE error_event SET lea = '4801234' WHERE id = ANY($1::bigint[])", [
        stored.map((r) => r.id),
      ]);
      const move = moveShares(
        pgSession(mover),
        stored.map((r) => {
          const from = shareOfStored(r);
          return { from, to: { ...from, lea: "4801234", message: null } };
        }),
      ).then(
        () => "moved",
        (e: { code?: string }) => `failed ${e.code}`,
      );
      // The move waits on a row lock (on the lower problem, before it locked the higher one).
      await waitsOnLock(other, moverPid);
      // The other writer goes on to the higher problem: with the move holding it, one of the two
      // would be chosen as a deadlock victim.
      const second = await other.query("SELECT id FROM problem WHERE id = $1 FOR NO KEY UPDATE", [high.id]).then(
        () => "locked",
        (e: { code?: string }) => `failed ${e.code}`,
      );
      await other.query("ROLLBACK");
      expect([await move, second]).toEqual(["moved", "locked"]);
      await mover.query("COMMIT");
      const [zero] = (
        await mover.query<{ n: number }>("SELECT count(*)::int AS n FROM problem_daily_count WHERE count <= 0")
      ).rows;
      expect(zero.n).toBe(0);
    } finally {
      await mover.query("ROLLBACK").catch(() => {});
      await other.query("ROLLBACK").catch(() => {});
      await mover.end();
      await other.end();
    }
  });

  it("a route change waits for a fold holding the fold lock, and every rollup still equals the events", async () => {
    // A problem folded under one route, another pending on the same day and status under the route
    // the first is about to take: the fold creates the trend_all_day row the route change also writes.
    const at = new Date(Date.UTC(2026, 10, 23, 9)).toISOString();
    await ingestEvents(t.db, [{ ...event(10, "ccc"), occurredAt: at }], { apiKeyId: null });
    const folder = new pg.Client({ connectionString: t.url! });
    const changer = new pg.Client({ connectionString: t.url! });
    await folder.connect();
    await changer.connect();
    try {
      await folder.query("BEGIN");
      await foldPending(pgSession(folder));
      await folder.query("COMMIT");
      const [folded] = (
        await folder.query<{ id: string; route: string }>(
          "SELECT id::text, route::text FROM problem WHERE resource = 'ccc'",
        )
      ).rows;
      const team = folded.route === "ops" ? "data" : "ops";
      await ingestEvents(t.db, [{ ...event(11, "ddd"), occurredAt: at, lea: "4801234" }], { apiKeyId: null });
      await changer.query("BEGIN");
      await holdFoldLock(pgSession(changer));
      await changer.query(`UPDATE problem SET assigned_team = $1::"Team" WHERE resource = 'ddd'`, [team]);
      await changer.query("COMMIT");
      // The fold holds the fold lock, read its rows, and has not written them yet.
      await folder.query("BEGIN");
      await folder.query("SELECT pg_advisory_xact_lock(7264001)");
      const changerPid = (await changer.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      await changer.query("BEGIN");
      const change = holdFoldLock(pgSession(changer))
        .then(() =>
          changer.query(`UPDATE problem SET assigned_team = $1::"Team" WHERE id = $2::bigint`, [team, folded.id]),
        )
        .then(() => changer.query("COMMIT"))
        .then(() => "changed");
      await waitsOnLock(folder, changerPid, "advisory");
      await foldPending(pgSession(folder)); // creates the row of the pending event's day, status and route
      await folder.query("COMMIT");
      expect(await change).toBe("changed");
      // (Message counts aside: the first test's move leaves its texts out on purpose.)
      const messageTables = ["event_message", "problem_message", "message_text", "message_pending"];
      expect((await verifyRollups(t.db)).filter((d) => !messageTables.includes(d.table))).toEqual([]);
    } finally {
      await folder.query("ROLLBACK").catch(() => {});
      await changer.query("ROLLBACK").catch(() => {});
      await folder.end();
      await changer.end();
    }
  });

  it("retention's sweep of unused texts waits for a fold that is adding a count of one, and keeps it", async () => {
    // A text of October (folded), and again in November (pending): the fold below adds November's
    // count to the text's row while retention drops October, whose count was the text's only one.
    const body = { type: "urn:ed-fi:api:security:authorization", detail: "A text of October and of November." };
    await ingestEvents(t.db, [{ ...event(20, "eee"), occurredAt: "2026-10-15T09:00:00Z", body }], { apiKeyId: null });
    await t.db.procedure("foldPending");
    await ingestEvents(t.db, [{ ...event(21, "eee"), occurredAt: "2026-11-20T09:00:00Z", body }], { apiKeyId: null });
    const folder = new pg.Client({ connectionString: t.url! });
    await folder.connect();
    try {
      await folder.query("BEGIN");
      await foldPending(pgSession(folder));
      const folderPid = (await folder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      const retention = retireOldEvents(t.db, { now: Date.parse("2027-12-10T00:00:00Z"), days: 400 });
      await expect
        .poll(async () => {
          const r = await folder.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> $1 AND wait_event_type = 'Lock'",
            [folderPid],
          );
          return r.rows[0].n;
        })
        .toBe(1);
      await folder.query("COMMIT");
      expect((await retention).retired.map((r) => r.month)).toContain("2026-10-01");
      const [orphans] = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        "SELECT count(*) AS n FROM problem_message m WHERE NOT EXISTS (SELECT 1 FROM message_text x WHERE x.digest = m.digest)",
      );
      expect(Number(orphans.n)).toBe(0);
      // November's count, folded, with its text (the first test's move left other texts out on purpose).
      expect((await searchEverything(t.db, ALL_DISTRICTS, "text of October")).textEvents).toBe(1);
      const [held] = await t.db.prisma.$queryRawUnsafe<{ events: number; pending: bigint }[]>(
        `SELECT (SELECT sum(m.events)::int FROM problem_message m JOIN message_text x ON x.digest = m.digest
                  WHERE x.text = $1 AND m.month = '2026-11-01') AS events,
                (SELECT count(*) FROM message_pending) AS pending`,
        body.detail,
      );
      expect([held.events, Number(held.pending)]).toEqual([1, 0]);
    } finally {
      await folder.query("ROLLBACK").catch(() => {});
      await folder.end();
    }
  });
});
