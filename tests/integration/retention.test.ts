// Retention (lib/retention): events partitioned by month; a month whose every day is older than
// TRIAGE_RETENTION_DAYS is dropped whole, and its counts stay. Idempotency holds across months.
// On both databases (one schema).
import pg from "pg";
import { resetEnv } from "@/lib/env";
import { openDatabase } from "@/lib/runtime/database";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFiles, summaryLines } from "@/lib/cli/import";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { toWriteBatch } from "@/lib/ingest/write";
import { prepareEvent } from "@/lib/ingest/prepare";
import { verifyRollups, formatDifference } from "@/lib/ledger/verify";
import { rebuildRollups } from "@/lib/ledger/rebuild";
import { ROLLUPS } from "@/lib/ledger/definitions";
import { retireOldEvents } from "@/lib/retention/retention";
import { ensureEventMonths, eventPartitions, isRetiredMonthError } from "@/lib/retention/partitions";
import { eventsKeptFrom } from "@/lib/retention/retired";
import { validateEvents } from "@/lib/ingest/validate";
import { searchEverything } from "@/lib/queries/search";
import { ALL_DISTRICTS } from "@/lib/auth/scope";

const at = (iso: string, minutes = 0) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const events = (seed: string, day: string, n: number): IngestEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    eventId: `${seed}-${i}`,
    occurredAt: at(`${day}T08:00:00Z`, i * 7),
    url: `https://h/data/v3/ed-fi/${i % 2 ? "students" : "grades"}`,
    status: 400,
    lea: i % 3 ? "255901" : "255902",
    client: "43",
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "Data validation failed.",
      validationErrors: { "$.studentUniqueId": [`Student ${seed}-${i % 4} was not found.`] },
    },
  }));

/** Every rollup's rows of a range of days, as reads see them (folded plus pending), by table. */
async function rollupsOf(t: TestDatabase, from: string, until: string) {
  const out: Record<string, unknown[]> = {};
  for (const d of ROLLUPS) {
    out[d.table] = await t.db.prisma.$queryRawUnsafe(
      `SELECT ${[...d.key, ...d.values].map((c) => `${c}::text AS ${c}`).join(", ")} FROM (${d.live}) l
        WHERE day >= $1::date AND day < $2::date ORDER BY ${d.key.map((_, i) => i + 1).join(", ")}`,
      from,
      until,
    );
  }
  return out;
}

/** A rejected POST of one request (correlationId), and the log record ingest merges with its response. */
const postOf = (correlationId: string) => ({
  method: "POST" as const,
  url: "https://h/data/v3/ed-fi/students",
  status: 400,
  lea: "255901",
  correlationId,
});
const log = { format: "edfi-log4net", level: "ERROR", message: "Validation failed", statusFrom: "log" } as const;

const count = async (t: TestDatabase, sql: string) =>
  Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql))[0].n);

describe.each(dbKinds())("retention on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("keeps an eventId idempotent across months: the same id with another date is a duplicate", async () => {
    const first = await ingestEvents(t.db, events("idem", "2026-11-10", 1), { apiKeyId: 7 });
    const again = events("idem", "2026-12-01", 1);
    const second = await ingestEvents(t.db, again, { apiKeyId: 7 });
    expect(second.duplicates).toBe(1);
    expect(second.events[0].id).toBe(first.events[0].id);
    // Another key's event with that id is its own event.
    expect((await ingestEvents(t.db, again, { apiKeyId: 8 })).duplicates).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM error_event WHERE event_id = 'idem-0'")).toBe(2);
  });

  it("drops a month older than the retention whole, keeps its counts exactly, and verify still finds 0 differences", async () => {
    await ingestEvents(t.db, events("oct", "2026-10-10", 120), { apiKeyId: null });
    await ingestEvents(t.db, events("nov", "2026-11-12", 80), { apiKeyId: null });
    await t.db.procedure("foldPending");
    await ingestEvents(t.db, events("oct-late", "2026-10-20", 30), { apiKeyId: null }); // still pending
    // A writer that did not ask for its month's partition: its rows wait in the default partition.
    const prepared = events("sep", "2026-09-15", 10).map((e) =>
      prepareEvent(e, { receivedAt: new Date(), apiKeyId: null, rules: [], clientDistricts: new Map() }),
    );
    await t.db.procedure("writeEvents", toWriteBatch(prepared, 0));
    expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(10);
    expect(await verifyRollups(t.db)).toEqual([]);
    const before = await rollupsOf(t, "2026-09-01", "2026-11-01");
    const novemberBefore = await rollupsOf(t, "2026-11-01", "2026-12-01");
    for (const rows of Object.values(before)) expect(rows.length).toBeGreaterThan(0);
    const texts = await count(t, "SELECT count(*) AS n FROM event_message WHERE month = '2026-11-01'");
    expect(texts).toBeGreaterThan(0);
    // Each seed's texts are its own: October's (folded, and oct-late's pending) are searchable now.
    const novemberTexts = await count(t, "SELECT count(*) AS n FROM message_text WHERE text LIKE '%nov-%'");
    expect(novemberTexts).toBe(4);
    expect(await count(t, "SELECT count(*) AS n FROM message_pending WHERE text LIKE '%oct-late-%'")).toBe(4);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "Student oct-1")).textEvents).toBe(30);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "Student oct-late-1")).textEvents).toBe(8);

    // A year later, with 400 days kept: the horizon is 2026-11-05, so September and October go.
    const result = await retireOldEvents(t.db, { now: Date.parse("2027-12-10T00:00:00Z"), days: 400 });
    expect(result.retired.map((r) => [r.month, r.events])).toEqual([
      ["2026-09-01", 10],
      ["2026-10-01", 150],
    ]);
    expect(result.keysDeleted).toBe(160);
    expect((await t.db.session(eventPartitions)).map((p) => p.month)).not.toContain("2026-10-01");
    expect(await t.db.session(eventsKeptFrom)).toBe("2026-11-01");
    expect(await count(t, "SELECT count(*) AS n FROM error_event WHERE occurred_at < '2026-11-01'")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM event_message WHERE month < '2026-11-01'")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM event_message WHERE month = '2026-11-01'")).toBe(texts);
    // The texts of every district go with their months, pending or folded; a text no kept month
    // holds is gone from the dictionary, November's stay.
    expect(await count(t, "SELECT count(*) AS n FROM problem_message WHERE month < '2026-11-01'")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM message_pending WHERE month < '2026-11-01'")).toBe(0);
    // (verify, below, finds no text that no count refers to)
    expect(await count(t, "SELECT count(*) AS n FROM message_text WHERE text ~ '(oct|sep)-'")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM message_text WHERE text LIKE '%nov-%'")).toBe(novemberTexts);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "Student oct-1")).textEvents).toBe(0);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "Student oct-late-1")).textEvents).toBe(0);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "Student nov-1")).textEvents).toBe(20);
    expect(await count(t, "SELECT count(*) AS n FROM event_key WHERE occurred_at < '2026-11-01'")).toBe(0);
    // The counts of the dropped months read exactly as before; November is untouched.
    expect(await rollupsOf(t, "2026-09-01", "2026-11-01")).toEqual(before);
    expect(await rollupsOf(t, "2026-11-01", "2026-12-01")).toEqual(novemberBefore);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);

    // A rebuild recomputes what the events still hold and keeps what only the rollups hold; a
    // dropped month's problem_month row that drifted from problem_day's sum (what an older process
    // folding after the migration would leave) is reported, and mended from problem_day.
    await t.db.exec(
      "UPDATE problem_month SET events = events + 1 WHERE day = '2026-10-01' AND problem_id = (SELECT min(problem_id) FROM problem_month WHERE day = '2026-10-01')",
    );
    expect((await verifyRollups(t.db)).map((d) => d.table)).toEqual(["problem_month"]);
    await rebuildRollups(t.db);
    expect(await rollupsOf(t, "2026-09-01", "2026-11-01")).toEqual(before);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);

    // A dropped month is not brought back by a late event of it: refused, naming the event.
    const late = [...events("nov-again", "2026-11-20", 1), ...events("oct-again", "2026-10-11", 1)];
    await expect(ingestEvents(t.db, late, { apiKeyId: null })).rejects.toMatchObject({
      status: 400,
      validationErrors: { "$[1].occurredAt": [expect.stringMatching(/^events of 2026-10 are no longer kept/)] },
    });
    expect(await count(t, "SELECT count(*) AS n FROM error_event WHERE event_id = 'nov-again-0'")).toBe(0);
    // Running again drops nothing more, but still takes what a run stopped after a month's drop
    // left: that month's totals (pending or folded) and the texts no count refers to.
    await t.db.exec(`
      INSERT INTO message_text (digest, text) VALUES ('left-behind', 'a text of a dropped month');
      INSERT INTO problem_message (problem_id, month, digest, events) VALUES (1, '2026-10-01', 'left-behind', 3);
      INSERT INTO message_pending (problem_id, month, digest, text, events) VALUES (1, '2026-10-01', 'left-behind', 'a text of a dropped month', 1);
      INSERT INTO message_text (digest, text) VALUES ('unused', 'a text no count refers to')`);
    expect((await retireOldEvents(t.db, { now: Date.parse("2027-12-10T00:00:00Z"), days: 400 })).retired).toEqual([]);
    expect(await count(t, "SELECT count(*) AS n FROM message_text WHERE digest IN ('left-behind', 'unused')")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM problem_message WHERE month < '2026-11-01'")).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM message_pending WHERE month < '2026-11-01'")).toBe(0);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
  });
});

const YEAR_LATER = { now: Date.parse("2027-12-10T00:00:00Z"), days: 400 }; // horizon 2026-11-05
const prepared = (list: IngestEvent[]) =>
  list.map((e) => prepareEvent(e, { receivedAt: new Date(), apiKeyId: null, rules: [], clientDistricts: new Map() }));

describe.each(dbKinds())("retention meeting other work on %s", (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(() => t?.drop());

  it("a rebuild during which retention drops a month keeps that month's rows", async () => {
    // 250 problems (one per resource): the rebuild works through them in two batches.
    const spread = (seed: string, day: string) =>
      events(seed, day, 250).map((e, i) => ({ ...e, url: `https://h/data/v3/ed-fi/resource${i}` }));
    await ingestEvents(t.db, spread("oct", "2026-10-10"), { apiKeyId: null });
    await ingestEvents(t.db, spread("nov", "2026-11-10"), { apiKeyId: null });
    await t.db.procedure("foldPending");
    expect(await count(t, "SELECT count(*) AS n FROM problem")).toBe(250);
    const october = await rollupsOf(t, "2026-10-01", "2026-11-01");
    const seen: string[] = [];
    await rebuildRollups(t.db, async (p) => {
      seen.push(`${p.phase} ${p.done}/${p.total}`);
      // Between the first and the second batch of problems, retention drops October.
      if (p.phase === "problems" && p.done === 200)
        expect((await retireOldEvents(t.db, YEAR_LATER)).retired).toHaveLength(1);
    });
    expect(seen.slice(0, 2)).toEqual(["problems 200/250", "problems 250/250"]);
    expect(await rollupsOf(t, "2026-10-01", "2026-11-01")).toEqual(october);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
  });

  it("a write of a dropped month is refused in its transaction, naming the event, whatever the process knew", async () => {
    await ingestEvents(t.db, events("oct", "2026-10-10", 3), { apiKeyId: null }); // this process knows October
    await ingestEvents(t.db, events("nov", "2026-11-10", 3), { apiKeyId: null });
    await retireOldEvents(t.db, YEAR_LATER);
    // As a process whose list of months is older than the drop writes: straight to the write.
    const stale = toWriteBatch(prepared([...events("nov2", "2026-11-11", 1), ...events("oct2", "2026-10-12", 2)]), 0);
    const refused = await t.db.procedure("writeEvents", stale).catch((e: unknown) => e);
    expect(isRetiredMonthError(refused)).toBe(true);
    expect((refused as { retired: unknown }).retired).toEqual([
      [1, "2026-10-01"],
      [2, "2026-10-01"],
    ]);
    expect(await count(t, "SELECT count(*) AS n FROM error_event")).toBe(3);
    expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(0);
    // Asking for the month first refuses it too, and creates no partition for it.
    await expect(ensureEventMonths(t.db, [Date.parse("2026-09-03T00:00:00Z")])).rejects.toSatisfy(isRetiredMonthError);
    expect((await t.db.session(eventPartitions)).map((p) => p.month)).not.toContain("2026-09-01");
  });

  it("verify leaves out the rows of a dropped month a writer put in the default partition; the next run drops them", async () => {
    await ingestEvents(t.db, events("oct", "2026-10-10", 4), { apiKeyId: null });
    await ingestEvents(t.db, events("nov", "2026-11-10", 4), { apiKeyId: null });
    await retireOldEvents(t.db, YEAR_LATER);
    // A writer outside the ledger (a restore, a hand-made fix): one row of October, no counts.
    await t.db.exec(`
      CREATE TEMP TABLE stray AS SELECT * FROM error_event LIMIT 1;
      UPDATE stray SET id = id + 1000000, event_id = NULL, occurred_at = '2026-10-15T00:00:00Z';
      INSERT INTO error_event SELECT * FROM stray;
      DROP TABLE stray;`);
    expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(1);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
    const again = await retireOldEvents(t.db, YEAR_LATER);
    expect(again.retired.map((r) => [r.month, r.events])).toEqual([["2026-10-01", 1]]);
    expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(0);
    expect(await count(t, "SELECT events AS n FROM retired_month WHERE month = '2026-10-01'")).toBe(5);
  });

  it("an event a merge moved into an earlier month takes its key along: gone with it, and its eventId stored again after", async () => {
    const request = postOf("corr-boundary");
    const body = { message: "The request is invalid.", validationErrors: { "$.birthDate": ["bad date"] } };
    // The log's record first (November, just after midnight), the response a few minutes earlier.
    const stored = await ingestEvents(t.db, [{ ...request, eventId: "m-1", occurredAt: "2026-11-01T00:05:00Z", log }], {
      apiKeyId: 4,
    });
    const merged = await ingestEvents(
      t.db,
      [{ ...request, eventId: "m-2", occurredAt: "2026-10-31T23:55:00Z", body }],
      { apiKeyId: 4 },
    );
    expect(merged.enriched).toBe(1);
    const [key] = await t.db.prisma.$queryRawUnsafe<{ key: Date; event: Date }[]>(
      `SELECT k.occurred_at AS key, e.occurred_at AS event FROM event_key k JOIN error_event e ON e.id = k.event_row
        WHERE k.event_id = 'm-1'`,
    );
    expect(key.key.toISOString()).toBe("2026-10-31T23:55:00.000Z");
    expect(key.event).toEqual(key.key);
    const result = await retireOldEvents(t.db, YEAR_LATER);
    expect(result.retired.map((r) => [r.month, r.events])).toEqual([["2026-10-01", 1]]);
    expect(result.keysDeleted).toBe(1);
    // The log's record sent again is a new event: its first copy went with October.
    const again = await ingestEvents(t.db, [{ ...request, eventId: "m-1", occurredAt: "2026-11-01T00:05:00Z", log }], {
      apiKeyId: 4,
    });
    expect(again.duplicates).toBe(0);
    expect(again.events[0].id).not.toBe(stored.events[0].id);
  });

  it.runIf(kind === "postgres")(
    "a month whose partition waits on a long read takes its events in the default partition meanwhile, then gets them",
    async () => {
      const reader = new pg.Client({ connectionString: t.url! });
      await reader.connect();
      try {
        await reader.query("BEGIN");
        await reader.query("SELECT count(*) FROM error_event"); // holds every partition until COMMIT
        const stored = await ingestEvents(t.db, events("aug", "2026-08-10", 3), { apiKeyId: null });
        expect(stored.accepted).toBe(3);
        expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(3);
        expect((await t.db.session(eventPartitions)).map((p) => p.month)).not.toContain("2026-08-01");
      } finally {
        await reader.query("COMMIT");
        await reader.end();
      }
      // Asked again once its wait is over (30 s later), the month is made and its rows moved in.
      await ensureEventMonths(t.db, [Date.parse("2026-08-11T00:00:00Z")], Date.now() + 31_000);
      expect(await count(t, "SELECT count(*) AS n FROM error_event_2026_08")).toBe(3);
      expect(await count(t, "SELECT count(*) AS n FROM error_event_default")).toBe(0);
      expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
    },
  );

  /** Waits until some session of this database waits for a lock (a condition, not a delay). */
  const someoneWaits = () =>
    expect
      .poll(async () =>
        count(
          t,
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        ),
      )
      .toBeGreaterThan(0);

  it.runIf(kind === "postgres")("verify that starts while a drop is committing sees the drop whole", async () => {
    await ingestEvents(t.db, events("oct", "2026-10-10", 4), { apiKeyId: null });
    await ingestEvents(t.db, events("nov", "2026-11-10", 4), { apiKeyId: null });
    await t.db.procedure("foldPending");
    const dropper = new pg.Client({ connectionString: t.url! });
    await dropper.connect();
    // A drop's transaction between its DROP and its COMMIT.
    await dropper.query("BEGIN");
    await dropper.query("DROP TABLE error_event_2026_10");
    await dropper.query("INSERT INTO retired_month (month, events) VALUES ('2026-10-01', 4)");
    await dropper.query("DELETE FROM event_message WHERE month = '2026-10-01'");
    const verifying = verifyRollups(t.db);
    await someoneWaits();
    await dropper.query("COMMIT");
    await dropper.end();
    expect((await verifying).map(formatDifference)).toEqual([]);
  });

  it.runIf(kind === "postgres")(
    "a month being retired takes no more events, from any process, while its drop waits for a long read",
    async () => {
      await ingestEvents(t.db, events("oct", "2026-10-10", 4), { apiKeyId: null });
      await ingestEvents(t.db, events("nov", "2026-11-10", 4), { apiKeyId: null });
      const reader = new pg.Client({ connectionString: t.url! });
      await reader.connect();
      await reader.query("BEGIN");
      await reader.query("SELECT count(*) FROM error_event"); // the drop's table lock waits, gives up, tries again
      const retention = retireOldEvents(t.db, YEAR_LATER); // npm run retention, keeping fewer days than the server
      await expect.poll(() => t.db.session(eventsKeptFrom)).toBe("2026-11-01"); // closed, not dropped yet
      // A server keeping more days takes a late September log: refused (its month is closed).
      await expect(ingestEvents(t.db, events("sep", "2026-09-20", 3), { apiKeyId: null })).rejects.toMatchObject({
        status: 400,
      });
      // Another run meanwhile does nothing (one at a time), and says so.
      expect((await retireOldEvents(t.db, YEAR_LATER)).busy).toBe(true);
      await reader.query("COMMIT");
      await reader.end();
      expect((await retention).retired.map((r) => [r.month, r.events])).toEqual([["2026-10-01", 4]]);
      expect(await count(t, "SELECT count(*) AS n FROM error_event WHERE occurred_at < '2026-11-01'")).toBe(0);
      expect(await count(t, "SELECT events AS n FROM retired_month WHERE month = '2026-10-01'")).toBe(4);
      await rebuildRollups(t.db);
      expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
    },
  );

  it("a stray row of a month already retired goes with its own count, and a key left of a dropped event is taken over", async () => {
    await ingestEvents(t.db, events("oct", "2026-10-10", 2), { apiKeyId: 6 });
    await ingestEvents(t.db, events("nov", "2026-11-10", 2), { apiKeyId: 6 });
    await retireOldEvents(t.db, YEAR_LATER);
    // A key whose event was dropped, not deleted yet (a run stopped between its drop and its keys).
    await t.db.exec(
      "INSERT INTO event_key (event_id, api_key_id, event_row, occurred_at) VALUES ('ghost', 6, 999999999, '2026-10-20T00:00:00Z')",
    );
    const ghost = events("ghost", "2026-11-12", 1).map((e) => ({ ...e, eventId: "ghost" }));
    const stored = await ingestEvents(t.db, ghost, { apiKeyId: 6 });
    expect(stored.duplicates).toBe(0);
    expect((await ingestEvents(t.db, ghost, { apiKeyId: 6 })).duplicates).toBe(1);
  });

  it("a log import skips the lines of a dropped month, with the reason, and stores the rest", async () => {
    await ingestEvents(t.db, events("oct", "2026-10-10", 2), { apiKeyId: null });
    await ingestEvents(t.db, events("nov", "2026-11-10", 2), { apiKeyId: null });
    await retireOldEvents(t.db, YEAR_LATER);
    const dir = mkdtempSync(join(tmpdir(), "triage-retired-import-"));
    try {
      const file = join(dir, "late.ndjson");
      const lines = [...events("late-oct", "2026-10-12", 2), ...events("late-nov", "2026-11-12", 1)];
      writeFileSync(file, lines.map((e) => JSON.stringify(e)).join("\n") + "\n");
      const summary = await importFiles(t.db, [file], {
        format: "ndjson",
        timeZone: "UTC",
        defaults: {},
        progress: () => {},
      });
      expect(summary.imported).toBe(1);
      expect(summaryLines(summary).join("\n")).toMatch(
        /skipped 2: its month's events are no longer kept \(retention dropped every month before 2026-11\) \(.*late\.ndjson:1, .*late\.ndjson:2\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(kind === "postgres")("runs with a pool of one connection (TRIAGE_DB_POOL=1)", async () => {
    const saved = process.env.TRIAGE_DB_POOL;
    process.env.TRIAGE_DB_POOL = "1";
    resetEnv();
    const one = await openDatabase({ kind: "postgres", url: t.url! });
    try {
      await ingestEvents(one, events("oct", "2026-10-10", 2), { apiKeyId: 9 });
      await ingestEvents(one, events("nov", "2026-11-10", 2), { apiKeyId: 9 });
      const result = await retireOldEvents(one, YEAR_LATER);
      expect(result.retired.map((r) => [r.month, r.events])).toEqual([["2026-10-01", 2]]);
      expect(result.keysDeleted).toBe(2);
    } finally {
      await one.close();
      if (saved === undefined) delete process.env.TRIAGE_DB_POOL;
      else process.env.TRIAGE_DB_POOL = saved;
      resetEnv();
    }
  });

  it("an event completing a stored one of a month being retired is stored on its own, not refused", async () => {
    const request = postOf("corr-closing");
    await ingestEvents(t.db, [{ ...request, eventId: "c-1", occurredAt: "2026-10-31T23:55:00Z", log }], {
      apiKeyId: 4,
    });
    // What retention's first step writes: October is closed (its drop comes next).
    await t.db.exec("INSERT INTO retired_month (month, events) VALUES ('2026-10-01', 0)");
    const body = { message: "The request is invalid.", validationErrors: { "$.birthDate": ["bad date"] } };
    const completing = await ingestEvents(
      t.db,
      [{ ...request, eventId: "c-2", occurredAt: "2026-11-01T00:05:00Z", body }],
      { apiKeyId: 4 },
    );
    expect(completing.accepted).toBe(1);
    expect(completing.enriched).toBe(0);
    expect(await count(t, "SELECT count(*) AS n FROM error_event WHERE event_id = 'c-2'")).toBe(1);
  });

  it("keys of kept events stay in a database whose time zone is not UTC", async () => {
    if (kind === "pglite") await t.db.exec("SET TIME ZONE 'Pacific/Pago_Pago'");
    else {
      const [{ name }] = await t.db.prisma.$queryRawUnsafe<{ name: string }[]>("SELECT current_database() AS name");
      await t.db.exec(`ALTER DATABASE "${name}" SET timezone = 'Pacific/Pago_Pago'`);
    }
    await ingestEvents(t.db, events("oct", "2026-10-10", 2), { apiKeyId: 5 });
    // 03:00 UTC on November 1st: still October 31st at UTC−11.
    const early = events("nov", "2026-11-01", 1).map((e) => ({ ...e, occurredAt: "2026-11-01T03:00:00Z" }));
    await ingestEvents(t.db, early, { apiKeyId: 5 });
    const result = await retireOldEvents(t.db, YEAR_LATER);
    expect(result.keysDeleted).toBe(2);
    expect((await ingestEvents(t.db, early, { apiKeyId: 5 })).duplicates).toBe(1);
  });
});

describe("the ingest contract", () => {
  it("refuses an event older than the retention, naming the setting", () => {
    const old = new Date(Date.now() - 401 * 86_400_000).toISOString();
    const refused = (() => {
      try {
        validateEvents([{ occurredAt: old, status: 400 }]);
      } catch (error) {
        return error as { status: number; validationErrors?: Record<string, string[]> };
      }
    })();
    expect(refused?.status).toBe(400);
    expect(JSON.stringify(refused)).toContain("within the last 400 days (TRIAGE_RETENTION_DAYS");
    const recent = new Date(Date.now() - 399 * 86_400_000).toISOString();
    expect(validateEvents([{ occurredAt: recent, status: 400 }])).toHaveLength(1);
  });
});
