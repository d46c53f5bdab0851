// The fold's shortcut (lib/ledger/pending-batches.ts): the batches a thread appended are deleted
// by batch and counted from memory, never trusted over the table. A batch that rolled back, one
// another process folded first (whole or in part), and one whose rows disagree with memory all end with every
// rollup equal to the events (`rollups verify`), nothing lost and nothing counted twice.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { demoEvents } from "@/prisma/demo/generate";
import { prepareEvent } from "@/lib/ingest/prepare";
import { toWriteBatch, writeEvents } from "@/lib/ingest/write";
import { foldPending, foldedEvents, pendingShares } from "@/lib/ledger/fold";
import { startFolder, type Folder } from "@/lib/ledger/folder";
import { ingestEvents } from "@/lib/ingest/ingest";
import { rememberBatch, takeBatches } from "@/lib/ledger/pending-batches";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";
import { FieldMatcher } from "@/lib/problems";
import { routingRulesForIngest } from "@/lib/triage/routing-rules";
import { clientDistrictsForIngest } from "@/lib/clients/store";
import type { IngestEvent } from "@/lib/ingest/events.schema";

const EVENTS = [...demoEvents({ count: 900, days: 3, seed: 11 })].slice(0, 900) as IngestEvent[];

describe.each(dbKinds())("the fold's remembered batches on %s", (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
    takeBatches(new Set(allProblemIds())); // nothing another test left behind
  });
  afterEach(async () => {
    await t.drop();
  });

  /** Writes events in this thread (so that this thread remembers the batch), in one transaction. */
  async function write(events: IngestEvent[], fail = false): Promise<void> {
    const [rules, clientDistricts] = [await routingRulesForIngest(t.db), await clientDistrictsForIngest(t.db)];
    const rows = events.map((e) =>
      prepareEvent(e, {
        receivedAt: new Date(),
        apiKeyId: 0,
        rules,
        clientDistricts,
        fields: new FieldMatcher([]),
        maskResponseValues: false,
      }),
    );
    await t.db.transaction(async (tx) => {
      await writeEvents(tx, toWriteBatch(rows, 0));
      if (fail) throw new Error("rolled back on purpose");
    });
  }
  const fold = async () => foldedEvents(await t.db.transaction((tx) => foldPending(tx)));
  const pending = () => t.db.transaction((tx) => pendingShares(tx));
  const stored = async () =>
    Number(
      (await t.db.transaction((tx) => tx.query<{ n: string }>("SELECT count(*)::text AS n FROM error_event")))[0].n,
    );
  const expectExact = async () => expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
  /** A folder on the test's database for `run`, stopped after; its timer far off: only the count triggers it, as ingest does. */
  async function withFolder(
    options: Parameters<typeof startFolder>[1],
    run: (folder: Folder) => Promise<void>,
    start: typeof startFolder = startFolder,
  ): Promise<void> {
    const folder = start(t.db, { everyMs: 3_600_000, ...options });
    try {
      await run(folder);
    } finally {
      folder.stop();
    }
  }

  it("folds the batches it wrote from memory, and a batch that rolled back adds nothing", async () => {
    await write(EVENTS.slice(0, 300));
    await expect(write(EVENTS.slice(300, 600), true)).rejects.toThrow("rolled back on purpose");
    expect(await stored()).toBe(300);
    expect(await fold()).toBe(300);
    expect(await pending()).toEqual({ rows: 0, events: 0 });
    expect(takeBatches(new Set(allProblemIds()))).toEqual([]); // both taken: one folded, one dropped
    await expectExact();
  });

  it("counts a batch once when another process folded it first", async () => {
    await write(EVENTS.slice(0, 300));
    const remembered = takeBatches(new Set(allProblemIds())); // as if another process held them
    expect(remembered).toHaveLength(1);
    expect(await fold()).toBe(300); // read back from the table
    for (const b of remembered) rememberBatch(b); // this process still remembers it
    await write(EVENTS.slice(300, 500));
    expect(await fold()).toBe(200);
    expect(await stored()).toBe(500);
    await expectExact();
  });

  it("reads back a batch whose rows disagree with memory (fewer remembered), counting each row once", async () => {
    await write(EVENTS.slice(0, 300));
    const [batch] = takeBatches(new Set(allProblemIds()));
    rememberBatch({ id: batch.id, counts: batch.counts.slice(1) });
    expect(await fold()).toBe(300); // from the table, not from memory
    expect(await pending()).toEqual({ rows: 0, events: 0 });
    await expectExact();
  });

  it("reads back what is left of a batch another process folded in part (more remembered than there are)", async () => {
    await write(EVENTS.slice(0, 300));
    const [batch] = takeBatches(new Set(allProblemIds()));
    // Another server process's fold took the rows of the problems it had locked: from this
    // thread's view the batch has fewer rows than it wrote (here: memory holds one row more).
    rememberBatch({ id: batch.id, counts: [...batch.counts, batch.counts[0]] });
    expect(await fold()).toBe(300);
    expect(await pending()).toEqual({ rows: 0, events: 0 });
    await expectExact();
  });

  /** 400 events of 8 problems (one per resource), 3 districts, over the last day. */
  const RESOURCES = ["sections", "staffs", "students", "schools", "courses", "grades", "sessions", "calendars"];
  const MANY: IngestEvent[] = Array.from({ length: 400 }, (_, i) => ({
    status: 409,
    lea: ["255901", "255902", "255903"][i % 3],
    client: "SIS",
    occurredAt: new Date(Date.now() - (i % 96) * 15 * 60_000).toISOString(),
    correlationId: `many-${i}`,
    url: `https://h/data/v3/ed-fi/${RESOURCES[i % RESOURCES.length]}`,
    body: {
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      detail: "The referenced 'Session' item does not exist.",
    },
  }));
  const pendingProblems = async () =>
    Number(
      (
        await t.db.transaction((tx) =>
          tx.query<{ n: string }>("SELECT count(DISTINCT problem_id)::text AS n FROM share_pending"),
        )
      )[0].n,
    );

  it("takes at most its limit of problems, says more are pending, and the next folds take the rest", async () => {
    await ingestEvents(t.db, MANY, { apiKeyId: null });
    const before = await pendingProblems();
    expect(before).toBeGreaterThan(4);
    const first = await t.db.transaction((tx) => foldPending(tx, 2));
    expect(first?.more).toBe(true);
    expect(await pendingProblems()).toBe(before - 2);
    let total = first!.events;
    let folds = 1;
    for (let f = first; f?.more; folds++) total += (f = await t.db.transaction((tx) => foldPending(tx, 2)))!.events;
    expect(folds).toBe(Math.ceil(before / 2));
    expect(total).toBe(await stored());
    expect(await pending()).toEqual({ rows: 0, events: 0 });
    await expectExact();
  });

  it("the folder folds again while a fold left problems pending, then stops with nothing left", async () => {
    await withFolder({ everyEvents: 100, problemsPerFold: 2 }, async (folder) => {
      await ingestEvents(t.db, MANY, { apiKeyId: null }); // tells the folder what it stored
      expect(await pendingProblems()).toBeGreaterThan(4);
      await folder.settled();
      expect(await pending()).toEqual({ rows: 0, events: 0 });
      await expectExact();
    });
  });

  it("waits after a fold while ingest keeps coming (folds' share of the time), unless too much is pending", async () => {
    // A share so small that, after the first fold, only maxPendingEvents makes a fold due.
    await withFolder({ everyEvents: 100, maxPendingEvents: 1_000, busyShare: 1e-9 }, async (folder) => {
      await ingestEvents(t.db, MANY, { apiKeyId: null }); // the first fold: none took time before it
      await folder.settled();
      expect(await pending()).toEqual({ rows: 0, events: 0 });
      await ingestEvents(t.db, MANY, { apiKeyId: null }); // past everyEvents, inside the last fold's share
      await folder.settled();
      expect((await pending()).events).toBe(MANY.length);
      await ingestEvents(t.db, [...MANY, ...MANY], { apiKeyId: null }); // 1,200 pending: past maxPendingEvents
      await folder.settled();
      expect(await pending()).toEqual({ rows: 0, events: 0 });
      await expectExact();
    });
  });

  it("counts a failed fold's events as pending still (logged), so that the most pending starts the next", async () => {
    const logged: string[] = [];
    const failFolds = (on: boolean) =>
      t.db.prisma.$executeRawUnsafe(
        on
          ? "ALTER TABLE problem_day ADD CONSTRAINT fold_fails CHECK (events < 0) NOT VALID"
          : "ALTER TABLE problem_day DROP CONSTRAINT fold_fails",
      );
    // After a fold, only maxPendingEvents makes the next due.
    const pacing = { everyEvents: 100, maxPendingEvents: 1_000, busyShare: 1e-9 };
    await withFolder({ ...pacing, log: (line) => logged.push(line) }, async (folder) => {
      await failFolds(true);
      await ingestEvents(t.db, MANY, { apiKeyId: null });
      await folder.settled();
      expect(logged.map((l) => JSON.parse(l).msg)).toEqual([
        "ledger fold failed; counts stay pending and are folded on the next try",
      ]);
      await failFolds(false);
      // 400 still pending and 800 more: past the most pending (had the failure forgotten its 400, not).
      await ingestEvents(t.db, [...MANY, ...MANY], { apiKeyId: null });
      await folder.settled();
      expect(await pending()).toEqual({ rows: 0, events: 0 });
      await expectExact();
    });
  });

  it("hears what ingest stored through another copy of its module (Next.js bundles one per route)", async () => {
    vi.resetModules();
    const copy = await import("@/lib/ledger/folder");
    expect(copy.startFolder).not.toBe(startFolder); // a second instance of the module, as a second bundle has
    await withFolder(
      { everyEvents: 100 },
      async (folder) => {
        await ingestEvents(t.db, MANY, { apiKeyId: null }); // ingest's own copy of folder.ts tells it
        await folder.settled();
        expect(await pending()).toEqual({ rows: 0, events: 0 });
        await expectExact();
      },
      copy.startFolder,
    );
  });
});

/** Problem ids are small integers in a fresh database: a set that holds any of them. */
function allProblemIds(): string[] {
  return Array.from({ length: 10_000 }, (_, i) => String(i + 1));
}
