// Retention (lib/retention): events partitioned by month; a month whose every day is older than
// TRIAGE_RETENTION_DAYS is dropped whole, and its counts stay. Idempotency holds across months.
// On both databases (one schema).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { toWriteBatch } from "@/lib/ingest/write";
import { prepareEvent } from "@/lib/ingest/prepare";
import { verifyRollups, formatDifference } from "@/lib/ledger/verify";
import { rebuildRollups } from "@/lib/ledger/rebuild";
import { ROLLUPS } from "@/lib/ledger/definitions";
import { retireOldEvents } from "@/lib/retention/retention";
import { eventPartitions } from "@/lib/retention/partitions";
import { eventsKeptFrom } from "@/lib/retention/retired";
import { validateEvents } from "@/lib/ingest/validate";

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
    expect(await count(t, "SELECT count(*) AS n FROM event_key WHERE occurred_at < '2026-11-01'")).toBe(0);
    // The counts of the dropped months read exactly as before; November is untouched.
    expect(await rollupsOf(t, "2026-09-01", "2026-11-01")).toEqual(before);
    expect(await rollupsOf(t, "2026-11-01", "2026-12-01")).toEqual(novemberBefore);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);

    // A rebuild recomputes what the events still hold and keeps what only the rollups hold.
    await rebuildRollups(t.db);
    expect(await rollupsOf(t, "2026-09-01", "2026-11-01")).toEqual(before);
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);

    // A dropped month is not brought back by a late event of it.
    await expect(ingestEvents(t.db, events("oct-again", "2026-10-11", 1), { apiKeyId: null })).rejects.toThrow(
      /2026-10 are no longer kept/,
    );
    // Running again drops nothing more.
    expect((await retireOldEvents(t.db, { now: Date.parse("2027-12-10T00:00:00Z"), days: 400 })).retired).toEqual([]);
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
