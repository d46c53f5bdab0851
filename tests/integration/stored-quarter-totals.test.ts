// Rollup rows store their quarter-hour running totals only where they change (migration
// 20261207090000_stored_quarter_totals): the SQL that reads, sums and makes them agrees with the
// fold's form (lib/trends/quarter-hours.ts) at every position, and with rows stored whole (written
// before the migration).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/ingest/ingest";
import { foldPending } from "@/lib/ledger/fold";
import { verifyRollups } from "@/lib/ledger/verify";
import { ROLLUPS } from "@/lib/ledger/definitions";
import { seenBeforeSql } from "@/lib/queries/trend-problems";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { QUARTERS_PER_DAY, intArrayLiteral, runningTotals, storedTotalsLiteral } from "@/lib/trends/quarter-hours";
import { changeRoutes, createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

/** The rollups with quarter-hours as running totals (problem_month has none: a month is read whole). */
const ROLLUP_TABLES = ROLLUPS.filter((d) => d.values.includes("cumulative")).map((d) => d.table);

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
          madeText: string;
          sumOfOne: number[];
          negatedOne: number[];
          sumOfMixed: number[];
        }>(
          `SELECT ARRAY(SELECT quarter_total($1::int[], k) FROM generate_series(1, 97) AS k ORDER BY k) AS at,
                  quarter_totals_full($1::int[]) AS full,
                  quarter_totals_full(quarter_hour_totals($3::int[], $4::int[])) AS made,
                  int_array_add($1::int[], $2::int[]) AS sum,
                  int_array_negate($1::int[]) AS neg,
                  int_array_add($1::int[], $5::int[]) AS whole,
                  quarter_hour_totals($3::int[], $4::int[])::text AS "madeText",
                  (SELECT quarter_totals_full(int_array_sum(x)) FROM (VALUES ($1::int[])) AS v(x)) AS "sumOfOne",
                  (SELECT quarter_totals_full(int_array_sum(x)) FROM (VALUES (int_array_negate($1::int[]))) AS v(x)) AS "negatedOne",
                  (SELECT int_array_sum(x) FROM (VALUES ($1::int[]), ($5::int[]), ($2::int[])) AS v(x)) AS "sumOfMixed"`,
          [
            storedTotalsLiteral(ta),
            storedTotalsLiteral(tb),
            a.map(([q]) => q),
            a.map(([, n]) => n),
            intArrayLiteral(tb), // a row stored whole, before the migration
          ],
        );
        const sum = ta.map((x, i) => x + tb[i]);
        const neg = ta.map((x) => 0 - x);
        expect(r).toEqual({
          at: ta,
          full: ta,
          made: ta,
          sum,
          neg,
          whole: sum,
          // A backfill or rebuild writes the fold's own form (so verify compares them as stored).
          madeText: storedTotalsLiteral(ta),
          sumOfOne: ta,
          negatedOne: neg,
          sumOfMixed: ta.map((x, i) => x + 2 * tb[i]),
        });
      }),
      { numRuns: kind === "pglite" ? 60 : 150 },
    );
  });

  it("reads the forms nothing writes today the same: all zero, falling totals, empty and NULL", async () => {
    const falling = [0, 0, 5, 3, 3]; // a move took 2 of the day's 5 out of quarter-hour 2
    const r = await one<{ zero: number[]; fell: number[]; none: number[]; empty: number[]; nothing: number | null }>(
      `SELECT quarter_totals_full('[97:97]={0}'::int[]) AS zero,
              quarter_totals_full($1::int[]) AS fell,
              quarter_totals_full(quarter_hour_totals('{}'::int[], '{}'::int[])) AS none,
              quarter_totals_full('{}'::int[]) AS empty,
              quarter_total(NULL::int[], 5) AS nothing`,
      [storedTotalsLiteral([...falling, ...new Array<number>(QUARTERS_PER_DAY + 1 - falling.length).fill(3)])],
    );
    const zeros = new Array<number>(QUARTERS_PER_DAY + 1).fill(0);
    expect(r).toEqual({
      zero: zeros,
      fell: [...falling, ...new Array<number>(QUARTERS_PER_DAY + 1 - falling.length).fill(3)],
      none: zeros,
      empty: zeros,
      nothing: null,
    });
  });

  it("the fold stores a row of one quarter-hour's events as one number, and verify holds", async () => {
    const at = Date.UTC(2026, 10, 20, 9, 20); // quarter-hour 37 of its UTC day
    await storeAndFold([0, 1, 2].map((i) => eventAt(`stored-${i}`, at + i * 60_000)));
    const stored = await t.db.transaction((tx) =>
      tx.query<{ t: string; c: string }>(
        ROLLUP_TABLES.map((table) => `SELECT '${table}' AS t, cumulative::text AS c FROM ${table}`).join(" UNION ALL "),
      ),
    );
    expect(stored.map((r) => r.t)).toEqual(ROLLUP_TABLES);
    for (const r of stored) expect(r.c).toBe("[39:39]={3}");
    expect(await verifyRollups(t.db)).toEqual([]);
    // A later event of the same day, before the first: the row grows to the positions between.
    await storeAndFold([eventAt("stored-early", at - 3 * 15 * 60_000)]);
    const grown = await one<{ c: string }>("SELECT cumulative::text AS c FROM problem_daily_count", []);
    expect(grown.c).toBe("[36:39]={1,1,1,4}");
    expect(await verifyRollups(t.db)).toEqual([]);

    // Rows written whole (before the migration, or by a route change): read the same, verify holds,
    // and the fold writes them back in the short form.
    await t.db.transaction((tx) =>
      tx.exec(
        ROLLUP_TABLES.map((table) => `UPDATE ${table} SET cumulative = quarter_totals_full(cumulative);`).join("\n"),
      ),
    );
    expect(await one<{ c: string }>("SELECT cumulative::text AS c FROM problem_day", [])).toEqual({
      c: `{${[...new Array<number>(35).fill(0), 1, 1, 1, ...new Array<number>(59).fill(4)].join(",")}}`,
    });
    expect(await verifyRollups(t.db)).toEqual([]);
    await storeAndFold([eventAt("stored-late", at + 15 * 60_000)]);
    expect(await one<{ c: string }>("SELECT cumulative::text AS c FROM problem_day", [])).toEqual({
      c: "[36:40]={1,1,1,4,5}",
    });
    expect(await verifyRollups(t.db)).toEqual([]);

    // A route change moves the rows through the trigger's sums: still exact, and folds go on.
    await changeRoutes(t.db, `UPDATE problem SET assigned_team = 'ops'`, []);
    await storeAndFold([eventAt("stored-after-route", at + 30 * 60_000)]);
    expect(await verifyRollups(t.db)).toEqual([]);
    const series = await one<{ c: number[] }>(
      "SELECT quarter_totals_full(cumulative) AS c FROM trend_all_day WHERE route = 'ops'",
      [],
    );
    expect(series.c.slice(34, 42)).toEqual([0, 1, 1, 1, 4, 5, 6, 6]);
  });

  it("'seen before' a range reads a folded row's quarter-hours: earlier the same UTC day counts, later does not", async () => {
    const day = Date.UTC(2026, 10, 24);
    await storeAndFold([{ ...eventAt("seen-1", day + 10 * 15 * 60_000), url: "https://h/data/v3/ed-fi/sections" }]);
    const [{ id }] = await t.db.transaction((tx) =>
      tx.query<{ id: string }>("SELECT id::text FROM problem WHERE resource = 'sections'"),
    );
    const seen = async (start: number, scope = ALL_DISTRICTS) =>
      (await t.db.prisma.$queryRaw<{ id: string }[]>(seenBeforeSql(scope, [id], start))).map((r) => r.id);
    expect(await seen(day + 11 * 15 * 60_000)).toEqual([id]); // the event's quarter-hour is before the start
    expect(await seen(day + 40 * 15 * 60_000)).toEqual([id]); // a position past the row's stored ones
    expect(await seen(day + 10 * 15 * 60_000)).toEqual([]); // the start is the event's own quarter-hour
    expect(await seen(day + 5 * 15 * 60_000)).toEqual([]);
    expect(await seen(day + 11 * 15 * 60_000, leaScope(["4801234"]))).toEqual([]); // another district's
  });
});
