// The series rollups of every district (trend_all_day, trend_district_day; migrations
// 20261206100000 and 20261206110000) are summed from trend_day when they are made: on a database
// with folded and pending counts and a route change, that backfill gives what verify expects.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/ingest/ingest";
import { foldPending } from "@/lib/ledger/fold";
import { verifyRollups } from "@/lib/ledger/verify";
import { changeRoutes, createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const BACKFILL = readFileSync("prisma/migrations/20261206110000_route_moves_hold_fold_lock/migration.sql", "utf8");
/** The migration's statements from its fold lock to the end: lock, truncate, both backfills. */
const backfill = BACKFILL.slice(BACKFILL.indexOf("SELECT pg_advisory_xact_lock(7264001);"));

const event = (i: number) => ({
  eventId: `series-${i}`,
  occurredAt: new Date(Date.UTC(2026, 10, 20 + (i % 3), (i * 5) % 24, (i * 7) % 60)).toISOString(),
  status: [400, 409, 403][i % 3],
  url: `https://h/data/v3/ed-fi/${["students", "sections", "grades"][i % 3]}`,
  lea: ["255901", "4801234"][i % 2],
  body: { type: "urn:ed-fi:api:bad-request", detail: `Problem ${i % 5}.` },
});

describe.each(dbKinds())("the series rollups' backfill on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("sums trend_day into rows verify holds to the events, folded, re-routed and pending", async () => {
    await ingestEvents(
      t.db,
      Array.from({ length: 40 }, (_, i) => event(i)),
      { apiKeyId: null },
    );
    await t.db.transaction((tx) => foldPending(tx));
    await changeRoutes(t.db, `UPDATE problem SET assigned_team = 'ops' WHERE id = (SELECT min(id) FROM problem)`, []);
    await ingestEvents(
      t.db,
      Array.from({ length: 20 }, (_, i) => event(100 + i)),
      { apiKeyId: null },
    ); // pending
    expect(await verifyRollups(t.db)).toEqual([]);
    const rows = async () =>
      t.db.prisma.$queryRawUnsafe<unknown[]>(
        `SELECT 'all' AS t, day::text, status::text AS k, route::text AS r, events, cumulative::text FROM trend_all_day
         UNION ALL SELECT 'district', day::text, lea, '', events, cumulative::text FROM trend_district_day ORDER BY 1, 2, 3, 4`,
      );
    const folded = await rows();
    expect(folded.length).toBeGreaterThan(0);
    await t.db.transaction((tx) => tx.exec(backfill));
    expect(await rows()).toEqual(folded);
    expect(await verifyRollups(t.db)).toEqual([]);
  });
});
