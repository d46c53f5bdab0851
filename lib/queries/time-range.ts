// A range of instants (local days or hours in the viewer's time zone) as SQL over the daily
// rollups (the view problem_daily_live; problem_day, which has the same running totals). The rollup is per UTC day; a local range starts and ends
// at a quarter-hour of a UTC day (every zone's offset is a multiple of 15 minutes), so the days in
// between count whole and the two days at the ends count the quarter-hours inside the range: from
// a folded row's running totals (position k + 1 = events of its first k quarter-hours, read with
// the SQL function quarter_total: rows store only the positions where the totals change), from
// a pending row's own quarter-hour. Exact in every zone, with no scan of the events.
import { addDays, daySpans, localDatesOf, localMidnight } from "../trends/periods";
import { DAY_MS, QUARTER_MS, QUARTERS_PER_DAY, mondayOf, utcDayOf, utcMidnight } from "../trends/quarter-hours";
import { MAX_RANGE_DAYS } from "../trends/range-check";
import { column, sql, type Sql } from "./sql-tag";

/** The UTC days a range [since, until) touches, and the quarter-hours it starts and ends at in the first and last. */
export interface RangeWindow {
  firstDay: string;
  lastDay: string;
  /** The first quarter-hour of firstDay inside the range (0..95). */
  q0: number;
  /** The quarter-hour of lastDay the range ends before (1..96). */
  q1: number;
}

export function rangeWindow(since: Date, until: Date): RangeWindow {
  const a = since.getTime();
  const b = Math.max(until.getTime(), a + 1);
  const firstStart = Math.floor(a / DAY_MS) * DAY_MS;
  const lastStart = Math.floor((b - 1) / DAY_MS) * DAY_MS;
  return {
    firstDay: utcDayOf(firstStart),
    lastDay: utcDayOf(lastStart),
    q0: Math.floor((a - firstStart) / QUARTER_MS),
    q1: Math.ceil((b - lastStart) / QUARTER_MS),
  };
}

/** The UTC days a window covers whole, [first, last]; null when it covers none whole. */
export function wholeDays(w: RangeWindow): { first: string; last: string } | null {
  const first = w.q0 === 0 ? w.firstDay : addDays(w.firstDay, 1);
  const last = w.q1 === QUARTERS_PER_DAY ? w.lastDay : addDays(w.lastDay, -1);
  return first <= last ? { first, last } : null;
}

/**
 * The UTC weeks (Monday to Sunday) inside a window's whole days, by their Mondays [first, last];
 * null when it covers no week whole.
 */
export function wholeWeeks(w: RangeWindow): { first: string; last: string } | null {
  const days = wholeDays(w);
  if (!days) return null;
  // The first Monday on or after the first day; the last whose Sunday is on or before the last day.
  const first = utcDayOf(mondayOf(utcMidnight(days.first) + 6 * DAY_MS));
  const last = utcDayOf(mondayOf(utcMidnight(days.last) - 6 * DAY_MS));
  return first <= last ? { first, last } : null;
}

/**
 * A window's whole UTC weeks: a condition on rows by week (alias.day, a Monday) or by day (alias.day
 * inside one of those weeks); FALSE when it has none.
 */
export function inWholeWeeks(w: RangeWindow, alias: string, rows: "weeks" | "days"): Sql {
  const weeks = wholeWeeks(w);
  if (!weeks) return sql`FALSE`;
  const last = rows === "weeks" ? weeks.last : addDays(weeks.last, 6);
  return sql`${column(`${alias}.day`)} BETWEEN ${weeks.first}::date AND ${last}::date`;
}

/** A window's whole UTC days (alias.day): a condition, FALSE when it has none. */
export function inWholeDays(w: RangeWindow, alias: string): Sql {
  const whole = wholeDays(w);
  return whole ? sql`${column(`${alias}.day`)} BETWEEN ${whole.first}::date AND ${whole.last}::date` : sql`FALSE`;
}

/** The UTC days at a window's ends that it covers in part. */
export function cutDays(w: RangeWindow): string[] {
  return [...new Set([...(w.q0 > 0 ? [w.firstDay] : []), ...(w.q1 < QUARTERS_PER_DAY ? [w.lastDay] : [])])];
}

/** The rows of the UTC days the range touches (`alias`.day). */
export function rangeDaysCondition(w: RangeWindow, alias = "d"): Sql {
  const day = column(`${alias}.day`);
  return sql`${day} >= ${w.firstDay}::date AND ${day} <= ${w.lastDay}::date`;
}

/** A problem_daily_live row's events in quarter-hours [lo, hi) of its day. */
export function eventsBetween(alias: string, lo: Sql, hi: Sql): Sql {
  const [cumulative, quarter, count] = [
    column(`${alias}.cumulative`),
    column(`${alias}.quarter`),
    column(`${alias}.count`),
  ];
  return sql`CASE WHEN ${cumulative} IS NOT NULL THEN quarter_total(${cumulative}, ${hi} + 1) - quarter_total(${cumulative}, ${lo} + 1)
    WHEN ${quarter} >= ${lo} AND ${quarter} < ${hi} THEN ${count} ELSE 0 END`;
}

/** A problem_daily_live row's events inside the range (0 outside it). */
export function eventsInRange(w: RangeWindow, alias = "d"): Sql {
  const [day, count] = [column(`${alias}.day`), column(`${alias}.count`)];
  if (w.q0 === 0 && w.q1 === QUARTERS_PER_DAY) {
    return sql`CASE WHEN ${day} >= ${w.firstDay}::date AND ${day} <= ${w.lastDay}::date THEN ${count} ELSE 0 END`; // whole UTC days (a UTC viewer)
  }
  const lo = sql`(CASE WHEN ${day} = ${w.firstDay}::date THEN ${w.q0}::int ELSE 0 END)`;
  const hi = sql`(CASE WHEN ${day} = ${w.lastDay}::date THEN ${w.q1}::int ELSE ${QUARTERS_PER_DAY}::int END)`;
  return sql`CASE WHEN ${day} > ${w.firstDay}::date AND ${day} < ${w.lastDay}::date THEN ${count}
    WHEN ${day} < ${w.firstDay}::date OR ${day} > ${w.lastDay}::date THEN 0 ELSE ${eventsBetween(alias, lo, hi)} END`;
}

/** Pieces of UTC days (quarter-hour spans) making up each local day of [since, until), for a join on `p.day`. */
export function localDayPieces(since: Date, until: Date, timeZone: string): { days: string[]; piecesCte: Sql } {
  const days = localDatesOf(since.getTime(), until.getTime(), timeZone).slice(-MAX_RANGE_DAYS);
  const starts = days.map((d, i) =>
    i === 0 ? Math.max(since.getTime(), localMidnight(d, timeZone)) : localMidnight(d, timeZone),
  );
  const pieces = starts.flatMap((start, i) =>
    daySpans(start, i + 1 < starts.length ? starts[i + 1] : until.getTime()).map((p) => ({ ...p, bucket: i })),
  );
  const [day, bucket, q0, q1] = [
    pieces.map((p) => p.day),
    pieces.map((p) => p.bucket),
    pieces.map((p) => p.from),
    pieces.map((p) => p.to),
  ];
  const piecesCte = sql`pieces AS (SELECT * FROM unnest(${day}::date[], ${bucket}::int[], ${q0}::int[], ${q1}::int[]) AS p(day, bucket, q0, q1))`;
  return { days, piecesCte };
}
