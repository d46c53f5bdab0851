// The rollups added after retention are summed from an older rollup when they are made (the
// events of dropped months are gone, their counts are kept): trend_all_day and trend_district_day
// from trend_day (migrations 20261206100000 and 20261206110000), problem_day from
// problem_trend_day (20261206120000), client_day from client_trend_day (20261206140000),
// problem_month from problem_day (20261209100000), the problem sets by week from their days
// (20261212090000; Nov 29 is a Sunday: two weeks). On a
// database with folded and pending counts and a route change, each backfill gives what verify
// expects.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/ingest/ingest";
import { foldPending } from "@/lib/ledger/fold";
import { verifyRollups } from "@/lib/ledger/verify";
import { changeRoutes, createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

/** A migration's statements from its fold lock to the end: the lock, then its backfills. */
function backfillOf(migration: string): string {
  const text = readFileSync(`prisma/migrations/${migration}/migration.sql`, "utf8");
  return text.slice(text.indexOf("SELECT pg_advisory_xact_lock(7264001);"));
}

const BACKFILLS = [
  {
    name: "trend_all_day and trend_district_day from trend_day",
    // This migration truncates both tables itself.
    sql: backfillOf("20261206110000_route_moves_hold_fold_lock"),
    rows: `SELECT 'all' AS t, day::text, status::text AS k, route::text AS r, events, quarter_totals_full(cumulative)::text FROM trend_all_day
           UNION ALL SELECT 'district', day::text, lea, '', events, quarter_totals_full(cumulative)::text FROM trend_district_day ORDER BY 1, 2, 3, 4`,
  },
  {
    name: "problem_day from problem_trend_day",
    sql: `TRUNCATE problem_day;\n${backfillOf("20261206120000_problem_day")}`,
    rows: "SELECT day::text, problem_id::text, events, quarter_totals_full(cumulative)::text FROM problem_day ORDER BY 1, 2",
  },
  {
    name: "problem_month from problem_day",
    sql: `TRUNCATE problem_month;\n${backfillOf("20261209100000_problem_month")}`,
    rows: "SELECT day::text, problem_id::text, events FROM problem_month ORDER BY 1, 2",
  },
  {
    name: "client_day from client_trend_day",
    sql: `TRUNCATE client_day;\n${backfillOf("20261206140000_client_day")}`,
    rows: "SELECT day::text, client, events, quarter_totals_full(cumulative)::text FROM client_day ORDER BY 1, 2",
  },
  {
    name: "the problem sets by week from their days",
    // This migration makes both tables.
    sql: `DROP TABLE district_week_problems, client_week_problems;\n${backfillOf("20261212090000_problem_week_sets")}`,
    rows: `SELECT 'district' AS t, day::text, lea AS v, block, problems::text FROM district_week_problems
           UNION ALL SELECT 'client', day::text, client, block, problems::text FROM client_week_problems ORDER BY 1, 2, 3, 4`,
  },
];

const event = (i: number) => ({
  eventId: `series-${i}`,
  // Nov 29 to Dec 2, at any hour: two UTC months (problem_month), days either side of their boundary.
  occurredAt: new Date(Date.UTC(2026, 10, 29 + (i % 4), (i * 5) % 24, (i * 7) % 60)).toISOString(),
  status: [400, 409, 403][i % 3],
  url: `https://h/data/v3/ed-fi/${["students", "sections", "grades"][i % 3]}`,
  lea: ["255901", "4801234"][i % 2],
  ...(i % 3 ? { client: ["SIS", "Roster"][i % 2] } : {}),
  body: { type: "urn:ed-fi:api:bad-request", detail: `Problem ${i % 5}.` },
});

describe.each(dbKinds())("the backfills of the rollups added after retention, on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
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
  });
  afterAll(() => t?.drop());

  it.each(BACKFILLS)("sums $name into rows verify holds to the events, folded, re-routed and pending", async (b) => {
    expect(await verifyRollups(t.db)).toEqual([]);
    const rows = () => t.db.prisma.$queryRawUnsafe<unknown[]>(b.rows);
    const folded = await rows();
    expect(folded.length).toBeGreaterThan(0);
    await t.db.transaction((tx) => tx.exec(b.sql));
    expect(await rows()).toEqual(folded);
    expect(await verifyRollups(t.db)).toEqual([]);
  });
});
