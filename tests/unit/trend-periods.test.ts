// Local days and hours in time zones with daylight saving, half-hour offsets and none; the
// quarter-hour pieces the rollups are summed over. Expectations come from Intl, not from the code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  customRangeValue,
  instantOf,
  isTimeZone,
  localDateOf,
  localTimeOf,
  piecesOf,
  totalPiecesOf,
  trendPeriods,
  isWholeDay,
  MAX_HOURLY_BUCKETS,
  type Piece,
  type Period,
} from "@/lib/trends/periods";
import { QUARTER_MS, runningTotals, utcDayOf, utcMidnight } from "@/lib/trends/quarter-hours";
import { consecutiveRuns, monthReadsOf, wholeAndCutDays } from "@/lib/trends/piece-reads";

const ends = (p: Period) => p.starts.map((_, i) => (i + 1 < p.starts.length ? p.starts[i + 1] : p.end));

describe("trend periods", () => {
  // 2026-11-01 is the US fall-back Sunday; 2026-03-08 the spring-forward one.
  const afterFallBack = Date.parse("2026-11-03T18:00:00Z");

  it.each(["America/Chicago", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Pacific/Chatham"])(
    "days in %s start at local midnight and cover the range without gaps",
    (timeZone) => {
      const p = trendPeriods({ range: "7d", timeZone, now: afterFallBack });
      expect(p.bucket).toBe("day");
      expect(p.current.starts).toHaveLength(7);
      expect(p.previous.starts).toHaveLength(7);
      for (const start of [...p.current.starts, ...p.previous.starts])
        expect(localTimeOf(start, timeZone)).toMatchObject({ hour: 0, minute: 0 });
      // Like for like: today so far against the same day a week ago up to the same time of day.
      const cut = Math.ceil((afterFallBack + 1) / 900_000) * 900_000;
      expect(localDateOf(p.previous.end, timeZone)).toBe(addDays(localDateOf(afterFallBack, timeZone), -7));
      expect(localTimeOf(p.previous.end, timeZone)).toMatchObject({
        hour: localTimeOf(cut, timeZone).hour,
        minute: localTimeOf(cut, timeZone).minute,
      });
      expect(p.unfinished).toBe(6);
      expect(localDateOf(p.current.end - 1, timeZone)).toBe(localDateOf(afterFallBack, timeZone));
    },
  );

  it("compares a range that has ended with the whole period before it, and an hour range with the hours before it up to the same minute", () => {
    const over = trendPeriods({
      range: "custom",
      from: "2026-10-01",
      to: "2026-10-07",
      timeZone: "UTC",
      now: afterFallBack,
    });
    expect([over.previous.end, over.unfinished]).toEqual([over.current.starts[0], null]);
    const now = Date.parse("2026-11-20T10:07:00Z");
    const hours = trendPeriods({ range: "24h", timeZone: "UTC", now });
    expect(hours.unfinished).toBe(23);
    expect(hours.previous.end).toBe(Date.parse("2026-11-19T10:15:00Z"));
    expect(hours.previous.starts.every((s) => s <= hours.previous.end)).toBe(true);
  });

  it("gives the fall-back day 25 hours in Chicago", () => {
    const p = trendPeriods({ range: "7d", timeZone: "America/Chicago", now: afterFallBack });
    const lengths = ends(p.current).map((e, i) => (e - p.current.starts[i]) / 3_600_000);
    expect(lengths.filter((h) => h === 25)).toHaveLength(1);
    expect(lengths.filter((h) => h === 24)).toHaveLength(6);
  });

  it("starts hours on the local hour in a half-hour zone", () => {
    const p = trendPeriods({ range: "24h", timeZone: "Asia/Kolkata", now: Date.parse("2026-11-20T10:07:00Z") });
    expect(p.bucket).toBe("hour");
    expect(p.current.starts).toHaveLength(24);
    for (const s of p.current.starts) expect(new Date(s).getUTCMinutes()).toBe(30);
    expect(p.current.end).toBe(Date.parse("2026-11-20T10:30:00Z"));
  });

  it("takes the first instant after a skipped wall-clock time", () => {
    expect(
      new Date(instantOf({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "America/New_York")).toISOString(),
    ).toBe("2026-03-08T07:00:00.000Z");
    expect(
      new Date(instantOf({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, "America/New_York")).toISOString(),
    ).toBe("2026-11-01T05:30:00.000Z");
  });

  it("reads custom ranges as local days (inclusive) or local times, in order", () => {
    const p = trendPeriods({
      range: "custom",
      from: "2026-11-10",
      to: "2026-11-08",
      timeZone: "America/Chicago",
      now: afterFallBack,
    });
    expect(p.current.starts.map((s) => localDateOf(s, "America/Chicago"))).toEqual([
      "2026-11-08",
      "2026-11-09",
      "2026-11-10",
    ]);
    const hours = trendPeriods({
      range: "custom",
      from: "2026-11-10T14:00",
      to: "2026-11-10T18:00",
      timeZone: "America/Chicago",
      now: afterFallBack,
    });
    expect(hours.bucket).toBe("hour");
    expect(hours.current.starts.map((s) => localTimeOf(s, "America/Chicago").hour)).toEqual([14, 15, 16, 17]);
    expect(trendPeriods({ range: "custom", from: "garbage", timeZone: "UTC", now: afterFallBack }).label).toBe(
      "last 7 days",
    );
  });

  it("offers hourly buckets up to 14 days only", () => {
    expect(
      trendPeriods({ range: "7d", bucket: "hour", timeZone: "UTC", now: afterFallBack }).current.starts,
    ).toHaveLength(168);
    expect(trendPeriods({ range: "30d", bucket: "hour", timeZone: "UTC", now: afterFallBack }).bucket).toBe("day");
  });

  it("splits every bucket into whole quarter-hours of UTC days that add up to it", () => {
    for (const timeZone of ["America/Chicago", "Asia/Kolkata", "Pacific/Chatham"]) {
      for (const range of ["24h", "7d", "30d"] as const) {
        const p = trendPeriods({ range, timeZone, now: afterFallBack });
        const pieces = piecesOf(p);
        [p.current, p.previous].forEach((period, k) => {
          ends(period).forEach((end, b) => {
            const quarters = pieces
              .filter((x) => x.period === k && x.bucket === b)
              .reduce((n, x) => n + (x.to - x.from), 0);
            expect(quarters * QUARTER_MS).toBe(end - period.starts[b]);
          });
        });
        const total = totalPiecesOf(p)
          .filter((x) => x.period === 0)
          .reduce((n, x) => n + (x.to - x.from), 0);
        expect(total * QUARTER_MS).toBe(p.current.end - p.current.starts[0]);
      }
    }
  });

  it("narrows to dragged buckets: a custom range of their boundaries gives the same buckets back", () => {
    for (const [range, timeZone] of [
      ["24h", "Asia/Kolkata"],
      ["7d", "America/Chicago"],
      ["30d", "Pacific/Chatham"],
    ] as const) {
      const p = trendPeriods({ range, timeZone, now: afterFallBack });
      const [a, b] = [2, 5];
      const narrowed = trendPeriods({
        range: "custom",
        timeZone,
        now: afterFallBack,
        bucket: p.bucket,
        from: customRangeValue(p.current.starts[a], p, "from"),
        to: customRangeValue(ends(p.current)[b], p, "to"),
      });
      expect(narrowed.current.starts).toEqual(p.current.starts.slice(a, b + 1));
      expect(narrowed.current.end).toBe(ends(p.current)[b]);
    }
  });

  it("ends the period before every range at the range's start or earlier, on quarter-hours (the trends page takes its events as seen before the range)", () => {
    const HOUR = 3_600_000;
    const local = (ms: number, withTime: boolean) => new Date(ms).toISOString().slice(0, withTime ? 16 : 10);
    // Custom ranges as people draw them: from some time in the last two years, lasting hours to
    // weeks (or past 400 days), with or without an end (without: up to now), in dates or times.
    const custom = fc.record({
      hoursAgo: fc.integer({ min: 0, max: 2 * 366 * 24 }),
      hours: fc.oneof(fc.integer({ min: 0, max: 14 * 24 }), fc.integer({ min: 0, max: 450 * 24 })),
      open: fc.boolean(),
      withTime: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2001-01-01T00:00:00Z"), max: Date.parse("2030-12-31T00:00:00Z") }),
        fc.constantFrom(...(["24h", "7d", "30d", "90d", "custom", "custom"] as const)),
        fc.constantFrom("day" as const, "hour" as const),
        fc.constantFrom(
          "America/Chicago",
          "America/Santiago",
          "America/Havana",
          "Africa/Casablanca",
          "Europe/London",
          "Asia/Kathmandu",
          "Australia/Lord_Howe",
          "Pacific/Chatham",
          "UTC",
        ),
        custom,
        (now, range, bucket, timeZone, c) => {
          const from = now - c.hoursAgo * HOUR;
          const p = trendPeriods({
            range,
            bucket,
            timeZone,
            now,
            ...(range === "custom"
              ? { from: local(from, c.withTime), to: c.open ? null : local(from + c.hours * HOUR, c.withTime) }
              : {}),
          });
          const start = p.current.starts[0];
          expect(start % QUARTER_MS).toBe(0);
          expect(p.previous.end).toBeLessThanOrEqual(start);
          if (now >= p.current.end) expect(p.previous.end).toBe(start);
          expect(p.previous.starts).toHaveLength(p.current.starts.length);
          if (bucket === "hour" && p.current.end - start <= MAX_HOURLY_BUCKETS * HOUR) expect(p.bucket).toBe("hour");
          // What the problem totals (totalPiecesOf) and the series (piecesOf) read of the period before.
          for (const x of [...totalPiecesOf(p), ...piecesOf(p)].filter((x) => x.period === 1))
            expect(utcMidnight(x.day) + x.to * QUARTER_MS).toBeLessThanOrEqual(start);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("knows time zones and refuses what is not one", () => {
    expect(isTimeZone("America/Chicago")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("../../etc")).toBe(false);
  });

  it("keeps a day's quarter-hours as running totals", () => {
    const perQuarter = new Array(96).fill(0);
    perQuarter[0] = 2;
    perQuarter[95] = 3;
    const totals = runningTotals(perQuarter);
    expect(totals).toHaveLength(97);
    expect([totals[0], totals[1], totals[95], totals[96]]).toEqual([0, 2, 2, 5]);
  });

  it("reads a range's months whole or by day, losing and doubling nothing, whichever reads fewer days", () => {
    const daysIn = (month: string) => {
      const [y, m] = month.split("-").map(Number);
      return new Date(Date.UTC(y, m, 0)).getUTCDate();
    };
    const quarters = (xs: readonly Piece[], period: 0 | 1, month?: string) =>
      xs
        .filter((p) => p.period === period && (!month || p.day.startsWith(month.slice(0, 8))))
        .reduce((n, p) => n + (p.to - p.from), 0);
    let monthsLessDays = 0;
    for (const timeZone of ["America/Chicago", "Asia/Kolkata", "Pacific/Chatham", "UTC"])
      for (const range of ["24h", "7d", "30d", "90d"] as const)
        for (const now of [
          afterFallBack,
          Date.UTC(2026, 2, 1, 0, 30),
          Date.UTC(2026, 11, 31, 23, 45),
          Date.UTC(2026, 6, 16, 12),
        ])
          for (const today of [utcDayOf(now), "2099-01-01"]) {
            const pieces = totalPiecesOf(trendPeriods({ range, timeZone, now }));
            const { months, plus, minus } = monthReadsOf(pieces, today);
            const label = `${range} ${timeZone} ${new Date(now).toISOString()} ${today}`;
            for (const { month, period } of months) {
              // A month read whole: its pieces of the period and the ones taken away make it up exactly, once.
              expect(quarters(pieces, period, month) + quarters(minus, period, month), label).toBe(daysIn(month) * 96);
              expect(
                plus.some((p) => p.period === period && p.day.startsWith(month.slice(0, 8))),
                label,
              ).toBe(false);
              for (const m of minus.filter((p) => p.period === period && p.day.startsWith(month.slice(0, 8))))
                for (const p of pieces.filter((x) => x.period === period && x.day === m.day))
                  expect(m.to <= p.from || m.from >= p.to, label).toBe(true);
              if (minus.some((p) => p.period === period && p.day.startsWith(month.slice(0, 8)))) monthsLessDays++;
            }
            for (const period of [0, 1] as const) {
              const inMonths = months.filter((m) => m.period === period).reduce((n, m) => n + daysIn(m.month) * 96, 0);
              expect(quarters(plus, period) + inMonths - quarters(minus, period), label).toBe(quarters(pieces, period));
              // Never more whole days read than by day alone (a month row counts as two days).
              const read = [...plus, ...minus].filter((p) => p.period === period && isWholeDay(p) && p.day <= today);
              const byDay = pieces.filter((p) => p.period === period && isWholeDay(p)).length;
              expect(read.length + 2 * months.filter((m) => m.period === period).length, label).toBeLessThanOrEqual(
                byDay,
              );
            }
          }
    expect(monthsLessDays).toBeGreaterThan(0);
  });

  it("reads the month a range ends in as its row less the days after today, and a 90-day range's cut months the shorter way", () => {
    // Today Dec 6 (UTC): the last 7 days are Nov 30 and Dec 1–6.
    const now = Date.UTC(2026, 11, 6, 15);
    const week = monthReadsOf(totalPiecesOf(trendPeriods({ range: "7d", timeZone: "UTC", now })), "2026-12-06");
    expect(week.months).toContainEqual({ month: "2026-12-01", period: 0 });
    expect(week.minus.filter((p) => p.period === 0).map((p) => p.day)).toEqual(
      Array.from({ length: 25 }, (_, i) => `2026-12-${String(7 + i).padStart(2, "0")}`),
    );
    expect(week.plus.filter((p) => p.period === 0).map((p) => p.day)).toEqual(["2026-11-30"]);
    // The last 90 days (Sep 8 – Dec 6): September less its first 7 days, October, November, December less the days to come.
    const quarter = monthReadsOf(totalPiecesOf(trendPeriods({ range: "90d", timeZone: "UTC", now })), "2026-12-06");
    expect(quarter.months.filter((m) => m.period === 0).map((m) => m.month)).toEqual([
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
      "2026-12-01",
    ]);
    expect(quarter.plus.filter((p) => p.period === 0)).toEqual([]);
    expect(quarter.minus.filter((p) => p.period === 0 && p.day < "2026-12-01").map((p) => p.day)).toEqual(
      Array.from({ length: 7 }, (_, i) => `2026-09-0${i + 1}`),
    );
  });

  it("groups days into runs of consecutive days", () => {
    expect(
      consecutiveRuns(["2026-03-02", "2026-02-28", "2026-03-01", "2026-03-05", "2026-12-31", "2027-01-01"]),
    ).toEqual([
      { first: "2026-02-28", last: "2026-03-02" },
      { first: "2026-03-05", last: "2026-03-05" },
      { first: "2026-12-31", last: "2027-01-01" },
    ]);
    expect(consecutiveRuns([])).toEqual([]);
  });

  it("splits a period's pieces into runs of whole days and the days its ends cut", () => {
    // America/Chicago's 7 days before 2026-11-10: every local day two pieces of UTC days, whose
    // days at the ends are cut and those between whole.
    const pieces = totalPiecesOf(
      trendPeriods({ range: "7d", timeZone: "America/Chicago", now: Date.parse("2026-11-10T18:00:00Z") }),
    ).filter((p) => p.period === 1);
    const { runs, cut } = wholeAndCutDays(pieces);
    expect(cut.sort()).toEqual([pieces[0].day, pieces.at(-1)!.day].sort());
    expect(runs).toEqual([{ first: addDays(pieces[0].day, 1), last: addDays(pieces.at(-1)!.day, -1) }]);
    const piece = (day: string, from: number, to: number) => ({ day, period: 0 as const, bucket: 0, from, to });
    expect(
      wholeAndCutDays([
        piece("2026-03-01", 0, 96),
        piece("2026-03-02", 0, 96),
        piece("2026-03-04", 0, 96),
        piece("2026-03-05", 8, 96),
      ]),
    ).toEqual({
      runs: [
        { first: "2026-03-01", last: "2026-03-02" },
        { first: "2026-03-04", last: "2026-03-04" },
      ],
      cut: ["2026-03-05"],
    });
    expect(wholeAndCutDays([])).toEqual({ runs: [], cut: [] });
    // A day whole in pieces of both periods (days taken away from a month both read whole) is in one run once.
    expect(
      wholeAndCutDays([
        piece("2026-03-01", 0, 96),
        { ...piece("2026-03-01", 0, 96), period: 1 },
        piece("2026-03-02", 0, 96),
        { ...piece("2026-03-02", 0, 96), period: 1 },
        { ...piece("2026-03-03", 0, 96), period: 1 },
      ]).runs,
    ).toEqual([{ first: "2026-03-01", last: "2026-03-03" }]);
  });

  it("takes a month's days outside both periods away from each period's month row once (a range running past today)", () => {
    // Today Dec 6; the range Dec 17–31 and the period before it Dec 2–16 both read December whole.
    const now = Date.UTC(2026, 11, 6, 12);
    const periods = trendPeriods({ range: "custom", from: "2026-12-17", to: "2026-12-31", timeZone: "UTC", now });
    const { months, minus } = monthReadsOf(totalPiecesOf(periods), utcDayOf(now));
    expect(months).toEqual([
      { month: "2026-12-01", period: 0 },
      { month: "2026-12-01", period: 1 },
    ]);
    expect(minus.filter((p) => p.day === "2026-12-01").map((p) => p.period)).toEqual([0, 1]);
    expect(wholeAndCutDays(minus).runs).toEqual([{ first: "2026-12-01", last: "2026-12-31" }]);
  });
});
