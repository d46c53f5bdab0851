// The write path formats instants and days without a Date per call: the same text as Date's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  QUARTERS_PER_DAY,
  isoOf,
  runningTotals,
  storedTotalsLiteral,
  totalsFromStored,
  totalsFromStoredText,
  utcDayOf,
} from "@/lib/trends/quarter-hours";
import { monthOf } from "@/lib/retention/policy";

// Years 1970 to 9999 (what toISOString writes with four digits), and instants near midnights.
const instant = fc.oneof(
  fc.integer({ min: 0, max: 253_402_300_799_999 }),
  fc.integer({ min: 0, max: 2_000_000 }).chain((day) => fc.integer({ min: -1, max: 1 }).map((d) => day * DAY_MS + d)),
);

describe("instants as text", () => {
  it("isoOf, utcDayOf and monthOf write what Date writes", () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const date = new Date(ms).toISOString();
        expect(isoOf(ms)).toBe(date);
        expect(utcDayOf(ms)).toBe(date.slice(0, 10));
        expect(monthOf(ms)).toBe(`${date.slice(0, 7)}-01`);
      }),
      { numRuns: 20_000 },
    );
  });

  it("keeps answering right once its cache of days is full", () => {
    for (let day = 0; day < 5_000; day++)
      expect(utcDayOf(day * DAY_MS + 1)).toBe(new Date(day * DAY_MS).toISOString().slice(0, 10));
    expect(isoOf(Date.UTC(2026, 11, 5, 23, 59, 59, 7))).toBe("2026-12-05T23:59:59.007Z");
  });
});

/** A stored literal's first position and elements (`[lo:hi]={…}`). */
function parseStored(literal: string): { lower: number; upper: number; values: number[] } {
  const [, lo, hi, list] = /^\[(\d+):(\d+)\]=\{([^}]*)\}$/.exec(literal)!;
  return { lower: Number(lo), upper: Number(hi), values: list.split(",").map(Number) };
}

// A day's events: a few busy quarter-hours, or none, or every one.
const perQuarter = fc.oneof(
  fc.dictionary(fc.integer({ min: 0, max: QUARTERS_PER_DAY - 1 }).map(String), fc.integer({ min: 1, max: 50 }), {
    maxKeys: 6,
  }),
  fc.constant({} as Record<string, number>),
  fc.constant(Object.fromEntries(Array.from({ length: QUARTERS_PER_DAY }, (_, q) => [String(q), 1]))),
);
const countsOf = (d: Record<string, number>) => Array.from({ length: QUARTERS_PER_DAY }, (_, q) => d[String(q)] ?? 0);

describe("running totals as a rollup row stores them", () => {
  it("keep only the positions where the totals change, and give back all 97", () => {
    fc.assert(
      fc.property(perQuarter, (d) => {
        const totals = runningTotals(countsOf(d));
        const stored = parseStored(storedTotalsLiteral(totals));
        expect(stored.upper - stored.lower + 1).toBe(stored.values.length);
        expect(totalsFromStored(stored.lower, stored.values)).toEqual(totals);
        expect(totalsFromStoredText(storedTotalsLiteral(totals))).toEqual(totals);
        const busy = Object.keys(d).map(Number);
        // From the first quarter-hour with events to the last: one position per quarter-hour between.
        if (busy.length) expect(stored.values.length).toBe(Math.max(...busy) - Math.min(...busy) + 1);
        else expect(stored).toEqual({ lower: 97, upper: 97, values: [0] });
      }),
      { numRuns: 2_000 },
    );
  });

  it("writes one number for one quarter-hour's events", () => {
    const counts = new Array<number>(QUARTERS_PER_DAY).fill(0);
    counts[37] = 4;
    expect(storedTotalsLiteral(runningTotals(counts))).toBe("[39:39]={4}");
    expect(totalsFromStored(39, [4]).slice(36, 40)).toEqual([0, 0, 4, 4]);
    counts[0] = 1;
    expect(storedTotalsLiteral(runningTotals(counts))).toBe(`[2:39]={${[...new Array(37).fill(1), 5].join(",")}}`);
  });

  it("reads a whole 97-element array (rows written before) as it is", () => {
    const totals = runningTotals(countsOf({ 3: 2, 90: 1 }));
    expect(totalsFromStored(1, totals)).toEqual(totals);
    // As PostgreSQL prints an array from position 1: no bounds.
    expect(totalsFromStoredText(`{${totals.join(",")}}`)).toEqual(totals);
  });

  it("reads the stored array as PostgreSQL prints it, numbers of several digits and signs included", () => {
    expect(totalsFromStoredText("[39:39]={4}")!.slice(36, 40)).toEqual([0, 0, 4, 4]);
    expect(totalsFromStoredText("[96:97]={1234567,1234568}")!.slice(94)).toEqual([0, 1234567, 1234568]);
    expect(totalsFromStoredText("[2:3]={-5,10}")!.slice(0, 4)).toEqual([0, -5, 10, 10]);
    expect(totalsFromStoredText("{}")).toBeNull();
  });

  it("refuses any other form rather than misread it (a NULL element, a position below 1, more dimensions)", () => {
    for (const text of [
      "{1,NULL,3}",
      "[-2:97]={1,2}",
      "[0:1]={1,2}",
      "{{1,2},{3,4}}",
      "{1,2",
      "{1,,2}",
      "{1 ,2}",
      "[1:2]{1,2}",
      "{1,2}x",
    ])
      expect(() => totalsFromStoredText(text), text).toThrow(/not in the stored form/);
  });
});
