// Rollup rows store their quarter-hour running totals only where they change (migration
// 20261207090000_stored_quarter_totals): the SQL that reads, sums and makes them agrees with the
// fold's form (lib/trends/quarter-hours.ts) at every position, and with rows stored whole (written
// before the migration).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/ingest/ingest";
import { foldPending } from "@/lib/ledger/fold";
import { verifyRollups } from "@/lib/ledger/verify";
import { QUARTERS_PER_DAY, intArrayLiteral, runningTotals, storedTotalsLiteral } from "@/lib/trends/quarter-hours";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

// A day's events per quarter-hour: a few busy quarter-hours, none, or all of them.
const day = fc.oneof(
  fc.array(fc.tuple(fc.integer({ min: 0, max: QUARTERS_PER_DAY - 1 }), fc.integer({ min: 1, max: 40 })), {
    minLength: 1,
    maxLength: 6,
  }),
  fc.constant(Array.from({ length: QUARTERS_PER_DAY }, (_, q) => [q, 1 + (q % 3)] as [number, number])),
);
const countsOf = (events: [number, number][]) => {
  const counts = new Array<number>(QUARTERS_PER_DAY).fill(0);
  for (const [q, n] of events) counts[q] += n;
  return counts;
};

describe.each(dbKinds())("stored running totals on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  /** One problem's event of one district and client, at an instant. */
  const eventAt = (eventId: string, ms: number) => ({
    eventId,
    occurredAt: new Date(ms).toISOString(),
    status: 409,
    url: "https://h/data/v3/ed-fi/students",
    lea: "255901",
    client: "sis-1",
    body: { type: "urn:ed-fi:api:conflict", detail: "Stored totals." },
  });
  const storeAndFold = async (events: ReturnType<typeof eventAt>[]) => {
    await ingestEvents(t.db, events, { apiKeyId: null });
    await t.db.transaction((tx) => foldPending(tx));
  };

  const one = async <R>(sql: string, params: unknown[]) =>
    (await t.db.transaction((tx) => tx.query<R>(sql, params)))[0];

  it("quarter_total, quarter_totals_full, quarter_hour_totals, int_array_add and int_array_negate agree with the fold's form", async () => {
    await fc.assert(
      fc.asyncProperty(day, day, async (a, b) => {
        const [ta, tb] = [runningTotals(countsOf(a)), runningTotals(countsOf(b))];
        const r = await one<{
          at: number[];
          full: number[];
          made: number[];
          sum: number[];
          neg: number[];
          whole: number[];
        }>(
          `SELECT ARRAY(SELECT quarter_total($1::int[], k) FROM generate_series(1, 97) AS k ORDER BY k) AS at,
                  quarter_totals_full($1::int[]) AS full,
                  quarter_totals_full(quarter_hour_totals($3::int[], $4::int[])) AS made,
                  int_array_add($1::int[], $2::int[]) AS sum,
                  int_array_negate($1::int[]) AS neg,
                  int_array_add($1::int[], $5::int[]) AS whole`,
          [
            storedTotalsLiteral(ta),
            storedTotalsLiteral(tb),
            a.map(([q]) => q),
            a.map(([, n]) => n),
            intArrayLiteral(tb), // a row stored whole, before the migration
          ],
        );
        const sum = ta.map((x, i) => x + tb[i]);
        expect(r).toEqual({ at: ta, full: ta, made: ta, sum, neg: ta.map((x) => 0 - x), whole: sum });
      }),
      { numRuns: kind === "pglite" ? 60 : 150 },
    );
  });

  it("the fold stores a row of one quarter-hour's events as one number, and verify holds", async () => {
    const at = Date.UTC(2026, 10, 20, 9, 20); // quarter-hour 37 of its UTC day
    await storeAndFold([0, 1, 2].map((i) => eventAt(`stored-${i}`, at + i * 60_000)));
    const stored = await t.db.transaction((tx) =>
      tx.query<{ t: string; c: string }>(
        `SELECT 'problem_daily_count' AS t, cumulative::text AS c FROM problem_daily_count
         UNION ALL SELECT 'problem_trend_day', cumulative::text FROM problem_trend_day
         UNION ALL SELECT 'problem_day', cumulative::text FROM problem_day
         UNION ALL SELECT 'trend_day', cumulative::text FROM trend_day
         UNION ALL SELECT 'trend_all_day', cumulative::text FROM trend_all_day
         UNION ALL SELECT 'trend_district_day', cumulative::text FROM trend_district_day
         UNION ALL SELECT 'client_trend_day', cumulative::text FROM client_trend_day
         UNION ALL SELECT 'client_day', cumulative::text FROM client_day ORDER BY 1`,
      ),
    );
    expect(stored.map((r) => r.t)).toEqual([
      "client_day",
      "client_trend_day",
      "problem_daily_count",
      "problem_day",
      "problem_trend_day",
      "trend_all_day",
      "trend_day",
      "trend_district_day",
    ]);
    for (const r of stored) expect(r.c).toBe("[39:39]={3}");
    expect(await verifyRollups(t.db)).toEqual([]);
    // A later event of the same day, before the first: the row grows to the positions between.
    await storeAndFold([eventAt("stored-early", at - 3 * 15 * 60_000)]);
    const grown = await one<{ c: string }>("SELECT cumulative::text AS c FROM problem_daily_count", []);
    expect(grown.c).toBe("[36:39]={1,1,1,4}");
    expect(await verifyRollups(t.db)).toEqual([]);
  });
});
