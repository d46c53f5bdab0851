// The write path formats instants and days without a Date per call: the same text as Date's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, isoOf, utcDayOf } from "@/lib/trends/quarter-hours";

// Years 1970 to 9999 (what toISOString writes with four digits), and instants near midnights.
const instant = fc.oneof(
  fc.integer({ min: 0, max: 253_402_300_799_999 }),
  fc.integer({ min: 0, max: 2_000_000 }).chain((day) => fc.integer({ min: -1, max: 1 }).map((d) => day * DAY_MS + d)),
);

describe("instants as text", () => {
  it("isoOf and utcDayOf write what Date writes", () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const date = new Date(ms).toISOString();
        expect(isoOf(ms)).toBe(date);
        expect(utcDayOf(ms)).toBe(date.slice(0, 10));
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
