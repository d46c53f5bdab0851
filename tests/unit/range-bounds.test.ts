// The one limit and the one check of the date ranges a URL asks for (pure): impossible dates are
// refused (never rolled over), every range a page or the read API draws is held to MAX_RANGE_DAYS,
// and what was not used is said, naming the parameter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  pageOf,
  listRange,
  readProblemSearch,
  loadProblemSearch,
  canonicalProblemQuery,
} from "@/lib/search-params/problems";
import { loadTrendSearch, MAX_TREND_LEAS } from "@/lib/search-params/trends";
import { customRangeIssues, MAX_RANGE_DAYS, rangeEndProblem, trendPeriods } from "@/lib/trends/periods";

const DAY = 86_400_000;
const NOW = new Date("2026-12-04T15:00:00Z");
const days = (r: { since: Date; until: Date }) => (r.until.getTime() - r.since.getTime()) / DAY;

describe("range ends", () => {
  it("refuses impossible dates instead of rolling them over", () => {
    expect(rangeEndProblem("2026-13-01")).toBe("must be a real date: there is no month 13");
    expect(rangeEndProblem("2026-02-30")).toBe("must be a real date: February 2026 has no day 30");
    expect(rangeEndProblem("2026-02-29")).toMatch(/no day 29/);
    expect(rangeEndProblem("2024-02-29")).toBeNull();
    expect(rangeEndProblem("2026-04-31")).toMatch(/April 2026 has no day 31/);
    expect(rangeEndProblem("2026-11-00")).toMatch(/no day 00/);
    expect(rangeEndProblem("0000-01-01")).toBe("must be a date from 1970-01-01 to 9999-12-30");
    expect(rangeEndProblem("0100-01-01")).toMatch(/from 1970-01-01/);
    expect(rangeEndProblem("9999-12-31")).toMatch(/to 9999-12-30/);
    expect(rangeEndProblem("2026-1-01")).toBe("must be a date (YYYY-MM-DD)");
    expect(rangeEndProblem("2026-11-10T14:00")).toBe("must be a date (YYYY-MM-DD)");
    expect(rangeEndProblem("2026-11-10T14:00", { times: true })).toBeNull();
    expect(rangeEndProblem("2026-11-10T24:00", { times: true })).toMatch(/real time/);
    expect(rangeEndProblem("2026-02-31T00:00", { times: true })).toMatch(/February 2026 has no day 31/);
  });

  it("names each parameter it cannot use", () => {
    expect(customRangeIssues("2026-13-01", "2026-02-30")).toEqual([
      { param: "from", value: "2026-13-01", message: "must be a real date: there is no month 13" },
      { param: "to", value: "2026-02-30", message: "must be a real date: February 2026 has no day 30" },
    ]);
    expect(customRangeIssues(null, "2026-11-01")).toEqual([
      { param: "from", value: "", message: "is required with range=custom" },
    ]);
    expect(customRangeIssues("2026-11-01", null)).toEqual([]);
  });
});

describe("the problems list's range", () => {
  it("falls back to the default range and says so when a date is out of range (the hostile URL)", () => {
    const { search, notices } = readProblemSearch("range=custom&from=0100-01-01&to=9998-12-30");
    expect(search.range).toBe("30d");
    expect(days(listRange(search, "UTC", NOW))).toBe(30);
    expect(notices).toHaveLength(1);
    expect(notices[0].param).toBe("from");
    expect(notices[0].text).toContain('from "0100-01-01" must be a date from 1970-01-01 to 9999-12-30');
    expect(notices[0].text).toContain("Showing the last 30 days instead");
  });

  it("says which date is impossible (month 13, February 30, year 0000) and never answers with another date", () => {
    for (const [query, param, value] of [
      ["range=custom&from=2026-13-01&to=2026-11-20", "from", "2026-13-01"],
      ["range=custom&from=2026-02-01&to=2026-02-30", "to", "2026-02-30"],
      ["range=custom&from=0000-01-01", "from", "0000-01-01"],
    ] as const) {
      const { search, notices } = readProblemSearch(query);
      expect(search, query).toMatchObject({ range: "30d", from: null, to: null });
      expect(
        notices.map((n) => n.param),
        query,
      ).toEqual([param]);
      expect(notices[0].text).toContain(`${param} "${value}"`);
    }
  });

  it("keeps the last 400 days of a longer range, says so, and stores only the bounded range in a saved view's query", () => {
    const { search, notices } = readProblemSearch("range=custom&from=1970-01-01&to=9998-12-30");
    const r = listRange(search, "UTC", NOW);
    expect(days(r)).toBe(MAX_RANGE_DAYS);
    expect(r.until.toISOString().slice(0, 10)).toBe("9998-12-31");
    expect(notices).toEqual([
      {
        param: "from",
        text: "The range from 1970-01-01 to 9998-12-30 is longer than 400 days: showing the 400 days up to 9998-12-30.",
      },
    ]);
    // What saved views store (lib/triage/saved-views.ts normalises through loadProblemSearch).
    expect(canonicalProblemQuery(loadProblemSearch("range=custom&from=1970-01-01&to=9998-12-30"))).toBe(
      "range=custom&from=9997-11-26&to=9998-12-30",
    );
  });

  it("keeps a range of 400 days as it is, and puts its ends in order", () => {
    const { search, notices } = readProblemSearch("range=custom&from=2026-11-20&to=2025-10-17");
    expect(notices).toEqual([]);
    expect(days(listRange(search, "UTC", NOW))).toBe(400);
    expect(search.from).toBe("2025-10-17");
  });

  it("holds a range to 400 days whoever built the state", () => {
    const r = listRange({ range: "custom", from: "1970-01-01", to: "9998-12-30" }, "UTC", NOW);
    expect(days(r)).toBe(MAX_RANGE_DAYS);
    // An end outside the calendar's years, built by hand (a reader would have said so): the default range.
    expect(days(listRange({ range: "custom", from: "0100-01-01", to: "9998-12-30" }, "UTC", NOW))).toBe(30);
  });

  it("never covers more than 400 days, whatever dates the URL holds", () => {
    const date = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 }))
      .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(date, fc.option(date), (from, to) => {
        const { search, notices } = readProblemSearch(`range=custom&from=${from}${to ? `&to=${to}` : ""}`);
        const span = days(listRange(search, "UTC", NOW));
        expect(span).toBeGreaterThan(0);
        expect(span).toBeLessThanOrEqual(MAX_RANGE_DAYS);
        if (search.range !== "custom") expect(notices.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("pages from the allow-list and a bounded page number", () => {
    expect(pageOf({ page: 10 ** 12, size: 10 ** 9 })).toEqual({ size: 50, page: 100_000, offset: 99_999 * 50 });
    expect(pageOf({ page: -5, size: 100 })).toEqual({ size: 100, page: 1, offset: 0 });
  });
});

describe("the trends' range", () => {
  const base = { timeZone: "America/Chicago", now: NOW.getTime() };

  it("falls back to the last 7 days, naming the parameter, for an unusable date", () => {
    for (const [from, to, param] of [
      ["0100-01-01", "9998-12-30", "from"],
      ["2026-11-01", "9999-12-31", "to"],
      ["2026-13-01", null, "from"],
      ["2026-02-30", null, "from"],
    ] as const) {
      const p = trendPeriods({ ...base, range: "custom", from, to });
      expect(p.label).toBe("last 7 days");
      expect(p.notices.map((n) => n.param)).toEqual([param]);
      expect(p.notices[0].text).toContain("Showing the last 7 days instead");
    }
  });

  it("draws at most 400 days of a longer range and says so", () => {
    const p = trendPeriods({ ...base, range: "custom", from: "1970-01-01", to: "9998-12-30" });
    expect(p.current.starts.length).toBeLessThanOrEqual(MAX_RANGE_DAYS + 1);
    expect(p.current.end - p.current.starts[0]).toBe(MAX_RANGE_DAYS * DAY);
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0].text).toMatch(/longer than 400 days: showing the 400 days up to 9998-12-30/);
    expect(trendPeriods({ ...base, range: "custom", from: "2026-11-01", to: "2026-11-30" }).notices).toEqual([]);
  });

  it("never draws more than 400 days, whatever local dates or times the URL holds", () => {
    const end = fc.tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))),
    );
    const text = ([y, m, d, t]: [number, number, number, [number, number] | null]) =>
      `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}${t ? `T${String(t[0]).padStart(2, "0")}:${String(t[1]).padStart(2, "0")}` : ""}`;
    fc.assert(
      fc.property(
        end,
        fc.option(end),
        fc.constantFrom("UTC", "America/Chicago", "Pacific/Kiritimati", "Pacific/Pago_Pago"),
        (from, to, timeZone) => {
          const p = trendPeriods({
            range: "custom",
            from: text(from),
            to: to ? text(to) : null,
            timeZone,
            now: NOW.getTime(),
          });
          expect(p.current.end - p.current.starts[0]).toBeLessThanOrEqual(MAX_RANGE_DAYS * DAY);
          expect(p.current.starts.length).toBeLessThanOrEqual(MAX_RANGE_DAYS + 1);
          expect(p.previous.starts.length).toBe(p.current.starts.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("narrows to at most 200 districts", () => {
    const lea = Array.from({ length: 1_000 }, (_, i) => `L${i}`).join(",");
    expect(loadTrendSearch(`lea=${lea}`).lea).toHaveLength(MAX_TREND_LEAS);
  });
});
