// A range's UTC days split into the days it covers whole (read as one count each) and the days it
// cuts (read by quarter-hours): every day the range touches is exactly one of them (pure).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutDays, rangeWindow, wholeDays, wholeWeeks } from "@/lib/queries/time-range";

const DAY = 86_400_000;
const QUARTER = 900_000;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const at = (iso: string) => new Date(iso);

function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe("whole and cut days of a range", () => {
  it.each([
    ["one whole day", day("2026-12-01"), day("2026-12-02"), { first: "2026-12-01", last: "2026-12-01" }, []],
    ["the start of a day", day("2026-12-01"), at("2026-12-01T06:00:00Z"), null, ["2026-12-01"]],
    ["the end of a day", at("2026-12-01T05:30:00Z"), day("2026-12-02"), null, ["2026-12-01"]],
    ["inside a day", at("2026-12-01T05:30:00Z"), at("2026-12-01T06:45:00Z"), null, ["2026-12-01"]],
    ["two cut days", at("2026-12-01T18:30:00Z"), at("2026-12-02T18:30:00Z"), null, ["2026-12-01", "2026-12-02"]],
    [
      "a week in Kolkata",
      at("2026-11-24T18:30:00Z"),
      at("2026-12-01T18:30:00Z"),
      { first: "2026-11-25", last: "2026-11-30" },
      ["2026-11-24", "2026-12-01"],
    ],
  ] as const)("%s", (_, since, until, whole, cut) => {
    const w = rangeWindow(since, until);
    expect(wholeDays(w)).toEqual(whole);
    expect(cutDays(w)).toEqual(cut);
  });

  it("every day a range on quarter-hours touches is whole or cut, never both, and a whole day lies inside it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 1, max: 1_000 }), (start, length) => {
        const since = new Date(Date.UTC(2026, 10, 1) + start * QUARTER);
        const until = new Date(since.getTime() + length * QUARTER);
        const w = rangeWindow(since, until);
        const whole = wholeDays(w);
        const wholeList = whole ? daysBetween(whole.first, whole.last) : [];
        const cut = cutDays(w);
        expect([...wholeList, ...cut].sort()).toEqual(daysBetween(w.firstDay, w.lastDay));
        expect(wholeList.filter((d) => cut.includes(d))).toEqual([]);
        for (const d of wholeList) {
          expect(Date.parse(`${d}T00:00:00Z`)).toBeGreaterThanOrEqual(since.getTime());
          expect(Date.parse(`${d}T00:00:00Z`) + DAY).toBeLessThanOrEqual(until.getTime());
        }
      }),
    );
  });

  it("names the ends of a range's whole weeks by their Mondays", () => {
    // 2026-11-30 is a Monday, 2026-12-13 a Sunday.
    expect(wholeWeeks(rangeWindow(day("2026-11-30"), day("2026-12-14")))).toEqual({
      first: "2026-11-30",
      last: "2026-12-07",
    });
    expect(wholeWeeks(rangeWindow(day("2026-11-30"), day("2026-12-13")))).toEqual({
      first: "2026-11-30",
      last: "2026-11-30",
    });
    expect(wholeWeeks(rangeWindow(day("2026-12-01"), day("2026-12-14")))).toEqual({
      first: "2026-12-07",
      last: "2026-12-07",
    });
    expect(wholeWeeks(rangeWindow(day("2026-12-01"), day("2026-12-13")))).toBeNull();
  });

  it("takes every UTC week, Monday to Sunday, inside a range's whole days, and no other", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 12_000 }), (start, length) => {
        const since = new Date(Date.UTC(2026, 10, 1) + start * QUARTER);
        const w = rangeWindow(since, new Date(since.getTime() + length * QUARTER));
        const whole = wholeDays(w);
        const days = whole ? daysBetween(whole.first, whole.last) : [];
        // Mondays whose seven days are all whole days of the range.
        const want = days.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1 && days.includes(plusDays(d, 6)));
        const weeks = wholeWeeks(w);
        expect(weeks ? daysBetween(weeks.first, weeks.last).filter((_, i) => i % 7 === 0) : []).toEqual(want);
      }),
    );
  });
});

function plusDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
