// Trend periods in the viewer's time zone (pure): a range of local hours or days, the buckets it
// is drawn in, the period before it, and the pieces of UTC days (quarter-hour spans) that the
// rollups are summed over. Time-zone arithmetic is local-time.ts (re-exported here, as range-check.ts is).
import { DAY_MS, QUARTER_MS, QUARTERS_PER_DAY, utcDayOf, utcMidnight } from "./quarter-hours";
import { addDays, formatLocal, instantOf, localDateOf, localHourStart, localMidnight, localTimeOf } from "./local-time";
import {
  customRangeIssues,
  fallbackNotice,
  limitedNotice,
  limitSpan,
  MAX_RANGE_DAYS,
  type RangeNotice,
} from "./range-check";

export {
  addDays,
  formatLocal,
  instantOf,
  isTimeZone,
  localDateOf,
  localHourStart,
  localMidnight,
  localTimeOf,
  offsetAt,
  type LocalTime,
} from "./local-time";
export {
  customRangeIssues,
  EARLIEST_DATE,
  LATEST_DATE,
  limitSpan,
  MAX_RANGE_DAYS,
  rangeEndProblem,
  type RangeIssue,
  type RangeNotice,
  type RangeParam,
} from "./range-check";

export const TREND_RANGES = ["24h", "7d", "30d", "90d", "custom"] as const;
export type TrendRange = (typeof TREND_RANGES)[number];
export type Bucket = "hour" | "day";

const HOUR_MS = 3_600_000;
/** Hourly buckets are offered up to this many hours (a chart of 336 bars still reads). */
export const MAX_HOURLY_BUCKETS = 14 * 24;

export interface Period {
  /** Bucket starts, epoch ms, ascending; the last bucket ends at `end`. */
  starts: number[];
  end: number;
}

export interface TrendPeriods {
  timeZone: string;
  /** The instant the periods were drawn at (reads pick their plans by it, never their sums). */
  now: number;
  bucket: Bucket;
  current: Period;
  /**
   * The buckets before the range, cut like for like: when the range has not ended (it runs to the
   * end of today), only as far into its last bucket as now is into the range's last one. It ends
   * where the range starts or before: trendReport takes its events as seen before the range.
   */
  previous: Period;
  /** The bucket of the range that now falls in (still filling), or null when the range is over. */
  unfinished: number | null;
  /** How the range reads, e.g. "last 7 days" or "Nov 3 – Nov 9". */
  label: string;
  /** Where the range shown is not the one asked for (an unusable date, a range cut to MAX_RANGE_DAYS). */
  notices: RangeNotice[];
}

/** A span of quarter-hours [from, to) of one UTC day belonging to one bucket of one period. */
export interface Piece {
  day: string;
  /** 0: the range, 1: the period before it. */
  period: 0 | 1;
  bucket: number;
  from: number;
  to: number;
}

// --- periods ---------------------------------------------------------------------------------

/**
 * "The last N days" everywhere (the list, the problem page, trends, search, exports, the read API):
 * today and the N − 1 local days before it in the zone, [midnight N − 1 days ago, next midnight).
 */
export function lastLocalDays(
  days: number,
  timeZone: string,
  now: number = Date.now(),
): { start: number; end: number } {
  const today = localDateOf(now, timeZone);
  return { start: localMidnight(addDays(today, 1 - days), timeZone), end: localMidnight(addDays(today, 1), timeZone) };
}

/** The local dates of [start, end), in order (the days a range is drawn in). */
export function localDatesOf(start: number, end: number, timeZone: string): string[] {
  const first = localDateOf(start, timeZone);
  const last = localDateOf(end - 1, timeZone);
  const n = Math.round((utcMidnight(last) - utcMidnight(first)) / DAY_MS) + 1;
  return Array.from({ length: Math.max(0, n) }, (_, i) => addDays(first, i));
}

export interface TrendRangeInput {
  range: TrendRange;
  /** Custom ranges: a local date (YYYY-MM-DD, inclusive) or local time (YYYY-MM-DDTHH:mm). */
  from?: string | null;
  /** A local date (inclusive) or a local time (exclusive). */
  to?: string | null;
  bucket?: Bucket | null;
  timeZone: string;
  /** Epoch ms; default: now. */
  now?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function parseLocal(value: string, timeZone: string, endOfDay: boolean): number | null {
  if (DATE.test(value))
    return Number.isNaN(utcMidnight(value)) ? null : localMidnight(endOfDay ? addDays(value, 1) : value, timeZone);
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return instantOf({ year, month, day, hour, minute: minute - (minute % 15) }, timeZone);
}

/**
 * The custom-range value (what parseLocal reads) of a bucket boundary: a local date for day
 * buckets (a range's `to` date is inclusive, so an end names the day before it), a local time for
 * hour buckets.
 */
export function customRangeValue(
  ms: number,
  periods: Pick<TrendPeriods, "bucket" | "timeZone">,
  side: "from" | "to",
): string {
  if (periods.bucket === "day") return localDateOf(side === "to" ? ms - 1 : ms, periods.timeZone);
  const t = localTimeOf(ms, periods.timeZone);
  return `${localDateOf(ms, periods.timeZone)}T${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}

/** Local day starts from the day of `first` up to the one holding `last` (ms), ascending. */
function dayStarts(firstDate: string, days: number, timeZone: string): number[] {
  return Array.from({ length: days + 1 }, (_, i) => localMidnight(addDays(firstDate, i), timeZone));
}

/**
 * The range a URL asks for, its buckets, and the period before it (as many buckets, just before
 * it). Presets end with the current hour (24 h) or today (days); custom ranges are put in order
 * and held to MAX_RANGE_DAYS; one with an unusable end (customRangeIssues) gives the last 7 days.
 * Either way `notices` says so.
 */
export function trendPeriods(input: TrendRangeInput): TrendPeriods {
  const { timeZone } = input;
  const now = input.now ?? Date.now();
  let start: number;
  let end: number;
  let label: string;
  const today = localDateOf(now, timeZone);
  const notices: RangeNotice[] = [];
  if (input.range === "custom") {
    const issues = customRangeIssues(input.from, input.to, { times: true });
    if (issues.length) {
      const fallback = trendPeriods({ ...input, range: "7d" });
      return { ...fallback, notices: issues.map((issue) => fallbackNotice(issue, "the last 7 days")) };
    }
    let [from, to] = [input.from!, input.to || null];
    if (to !== null && to < from) [from, to] = [to, from]; // ISO local dates and times sort as text
    const a = parseLocal(from, timeZone, false);
    const b = to === null ? localMidnight(addDays(today, 1), timeZone) : parseLocal(to, timeZone, true);
    if (a === null || b === null) return trendPeriods({ ...input, range: "7d" }); // not reached: the ends were checked
    [start, end] = [a, Math.max(a, b)];
    if (end - start < HOUR_MS) end = start + HOUR_MS;
    const limited = limitSpan(start, end);
    start = limited.start;
    label = `${formatLocal(start, timeZone)} – ${formatLocal(end - 1, timeZone)}`;
    if (limited.limited)
      notices.push(limitedNotice(from, to, `the ${MAX_RANGE_DAYS} days up to ${localDateOf(end - 1, timeZone)}`));
  } else if (input.range === "24h") {
    end = localHourStart(now, timeZone) + HOUR_MS;
    start = end - 24 * HOUR_MS;
    label = "last 24 hours";
  } else {
    const days = input.range === "30d" ? 30 : input.range === "90d" ? 90 : 7;
    ({ start, end } = lastLocalDays(days, timeZone, now));
    label = `last ${days} days`;
  }
  const hours = (end - start) / HOUR_MS;
  const bucket: Bucket =
    input.range === "24h"
      ? "hour"
      : input.bucket === "hour" && hours <= MAX_HOURLY_BUCKETS
        ? "hour"
        : input.bucket === "day" || hours > 48
          ? "day"
          : "hour";
  const current = bucketsOf(start, end, bucket, timeZone);
  const previous = comparableOf(previousOf(current, bucket, timeZone), current, now, bucket, timeZone);
  const filling = now >= current.starts[0] && now < current.end ? current.starts.findLastIndex((s) => s <= now) : -1;
  return { timeZone, now, bucket, current, previous, unfinished: filling >= 0 ? filling : null, label, notices };
}

function bucketsOf(start: number, end: number, bucket: Bucket, timeZone: string): Period {
  if (bucket === "hour") {
    const first = localHourStart(start, timeZone);
    const starts: number[] = [];
    for (let t = first; t < end; t += HOUR_MS) starts.push(t);
    return { starts: starts.map((s, i) => (i === 0 ? start : s)), end };
  }
  const firstDate = localDateOf(start, timeZone);
  const lastDate = localDateOf(end - 1, timeZone);
  const days = Math.round((utcMidnight(lastDate) - utcMidnight(firstDate)) / DAY_MS) + 1;
  const bounds = dayStarts(firstDate, days, timeZone);
  const starts = bounds.slice(0, -1).map((s) => Math.max(s, start));
  return { starts, end };
}

/** As many buckets, just before the period. */
function previousOf(period: Period, bucket: Bucket, timeZone: string): Period {
  const n = period.starts.length;
  const end = period.starts[0];
  if (bucket === "hour") return { starts: Array.from({ length: n }, (_, i) => end - (n - i) * HOUR_MS), end };
  const firstDate = addDays(localDateOf(end, timeZone), -n);
  return { starts: dayStarts(firstDate, n, timeZone).slice(0, -1), end };
}

/**
 * Like for like: while the range is still running, the period before it stops at the same point
 * (the same local time of day, n days back; n hours back for hours), so that today so far is
 * never compared with a whole day. Cut at the quarter-hour after now (the rollups' grain), on both
 * sides alike. Buckets past the cut are empty.
 */
function comparableOf(previous: Period, current: Period, now: number, bucket: Bucket, timeZone: string): Period {
  if (now >= current.end || now < current.starts[0]) return previous;
  const cut = Math.ceil((now + 1) / QUARTER_MS) * QUARTER_MS;
  const n = current.starts.length;
  let end: number;
  if (bucket === "hour") end = cut - n * HOUR_MS;
  else {
    const t = localTimeOf(cut, timeZone);
    const [year, month, day] = addDays(localDateOf(cut, timeZone), -n).split("-").map(Number);
    end = instantOf({ year, month, day, hour: t.hour, minute: t.minute }, timeZone);
  }
  end = Math.min(previous.end, Math.max(previous.starts[0], end));
  return { starts: previous.starts.map((s) => Math.min(s, end)), end };
}

/** The pieces of UTC days that make up each bucket of both periods. */
export function piecesOf(periods: Pick<TrendPeriods, "current" | "previous">): Piece[] {
  const pieces: Piece[] = [];
  ([periods.current, periods.previous] as const).forEach((p, period) => {
    p.starts.forEach((b0, bucket) => {
      const b1 = bucket + 1 < p.starts.length ? p.starts[bucket + 1] : p.end;
      for (const span of daySpans(b0, b1)) pieces.push({ ...span, period: period as 0 | 1, bucket });
    });
  });
  return pieces;
}

/** A whole period as one bucket per period (range totals), merged per UTC day. */
export function totalPiecesOf(periods: Pick<TrendPeriods, "current" | "previous">): Piece[] {
  return ([periods.current, periods.previous] as const).flatMap((p, period) =>
    periodPieces(p.starts[0], p.end, period as 0 | 1),
  );
}

/** [from, to) as one bucket of `period`: a piece per UTC day. */
export function periodPieces(from: number, to: number, period: 0 | 1): Piece[] {
  return daySpans(from, to).map((s) => ({ ...s, period, bucket: 0 }));
}

/** A piece that is a whole UTC day. */
export const isWholeDay = (p: Piece) => p.from === 0 && p.to === QUARTERS_PER_DAY;

/** [from, to) split at UTC midnights into quarter-hour spans. Instants are on quarter-hours. */
export function daySpans(from: number, to: number): { day: string; from: number; to: number }[] {
  const spans = [];
  for (let dayStart = Math.floor(from / DAY_MS) * DAY_MS; dayStart < to; dayStart += DAY_MS) {
    const a = Math.max(from, dayStart);
    const b = Math.min(to, dayStart + DAY_MS);
    if (b > a)
      spans.push({
        day: utcDayOf(dayStart),
        from: Math.floor((a - dayStart) / QUARTER_MS),
        to: Math.ceil((b - dayStart) / QUARTER_MS),
      });
  }
  return spans;
}
