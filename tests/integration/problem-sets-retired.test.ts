// The problem sets of a month retention dropped (its events gone, its counts kept): verify compares
// them with problem_daily_count's pairs, and rebuild sums them again from it (found by review:
// rebuild used to leave every retired day of the tables it rebuilds by day as it was).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";
import { rebuildRollups } from "@/lib/ledger/rebuild";
import { ROLLUPS } from "@/lib/ledger/definitions";
import { retireOldEvents } from "@/lib/retention/retention";

const NOW = Date.UTC(2026, 10, 20, 12);
const SEPTEMBER = Date.UTC(2026, 8, 10, 12);

const events = (seed: string, base: number): IngestEvent[] =>
  Array.from({ length: 80 }, (_, i) => ({
    eventId: `${seed}-${i}`,
    occurredAt: new Date(base - ((i * 97) % (3 * 24 * 60)) * 60_000).toISOString(),
    url: `https://h/data/v3/ed-fi/${["students", "grades", "sections"][i % 3]}`,
    status: 409,
    ...(i % 3 ? { lea: i % 2 ? "255901" : "4801234" } : {}),
    ...(i % 4 ? { client: i % 2 ? "SIS" : "Roster" } : {}),
    body: {
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      detail: `The referenced '${["Session", "School", "Student", "Course", "Staff"][i % 5]}' item does not exist.`,
    },
  }));

describe.each(dbKinds())("problem sets of a retired month on %s", (kind) => {
  let t: TestDatabase;
  const differences = async () => (await verifyRollups(t.db)).map(formatDifference);
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    // Problem ids on both sides of the first block of 16,384.
    await t.db.exec("SELECT setval(pg_get_serial_sequence('problem', 'id'), 16380)");
  });
  afterAll(() => t?.drop());

  it("are reported when they drift from problem_daily_count, and rebuilt from it", async () => {
    await ingestEvents(t.db, events("sep", SEPTEMBER), { apiKeyId: null });
    await ingestEvents(t.db, events("nov", NOW), { apiKeyId: null });
    await t.db.procedure("foldPending");
    // 45 days at NOW keep October on: September's events go, its counts stay.
    const { retired } = await retireOldEvents(t.db, { now: NOW, days: 45 });
    expect(retired.map((m) => m.month)).toContain("2026-09-01");
    expect(await differences()).toEqual([]);
    const [{ ids }] = await t.db.prisma.$queryRawUnsafe<{ ids: string }[]>(
      "SELECT array_agg(DISTINCT block)::text AS ids FROM district_day_problems WHERE day < '2026-10-01'",
    );
    expect(ids).toBe("{0,1}");
    // September 10 is a Thursday: its events (noon of the 7th to the 10th) are of the week from
    // Monday the 7th, all of it retired.
    const weeks = await t.db.prisma.$queryRawUnsafe<{ day: string }[]>(
      "SELECT DISTINCT day::text AS day FROM client_week_problems WHERE day < '2026-10-01' ORDER BY 1",
    );
    expect(weeks.map((w) => w.day)).toEqual(["2026-09-07"]);
    // A bit lost in a retired month, a row lost of another.
    await t.db.exec(`UPDATE district_day_problems SET problems = problems & ~problem_bit(16384)
       WHERE day < '2026-10-01' AND block = 1 AND get_bit(problems, 0) = 1`);
    await t.db.exec(`DELETE FROM client_day_problems
       WHERE ctid = (SELECT min(ctid) FROM client_day_problems WHERE day < '2026-10-01')`);
    // A week's bit lost, in a week all retired.
    await t.db.exec(`UPDATE client_week_problems SET problems = problems & ~problem_bit(16384)
       WHERE day = '2026-09-07' AND block = 1 AND get_bit(problems, 0) = 1`);
    const found = await differences();
    expect(
      found.some((d) => /^district_day_problems day=2026-09-\d\d lea=\S* block=1: expected problems 16384 /.test(d)),
    ).toBe(true);
    expect(
      found.some((d) => /^client_week_problems day=2026-09-07 client=\S* block=1: expected problems 16384 /.test(d)),
    ).toBe(true);
    expect(found.some((d) => d.startsWith("client_day_problems day=2026-09-") && d.endsWith("found (no row)"))).toBe(
      true,
    );
    await rebuildRollups(t.db);
    expect(await differences()).toEqual([]);
    // The first retired day (Monday the 7th: its week too) lost from every table rebuilt by day or
    // week, kept in problem_daily_count only (review: rebuild's days came from the events and those tables).
    const [{ day }] = await t.db.prisma.$queryRawUnsafe<{ day: string }[]>(
      "SELECT min(day)::text AS day FROM problem_daily_count",
    );
    for (const d of ROLLUPS.filter((r) => r.batchBy !== "problem"))
      await t.db.prisma.$executeRawUnsafe(`DELETE FROM ${d.table} WHERE day = $1::date`, day);
    const lost = await differences();
    expect(lost.some((d) => d.startsWith(`district_day_problems day=${day} `))).toBe(true);
    expect(lost.some((d) => d.startsWith(`district_week_problems day=${day} `))).toBe(true);
    await rebuildRollups(t.db);
    expect(await differences()).toEqual([]);
  }, 120_000);
});
