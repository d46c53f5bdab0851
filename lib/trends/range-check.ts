// The one check of a date range a URL asks for (pure): each end a real calendar date (or local
// time) between EARLIEST_DATE and LATEST_DATE, and the span held to MAX_RANGE_DAYS. The pages show
// what it finds and fall back (an unusable end) or shorten (a long range); the read API can answer
// 400 with the same findings, each naming its parameter. Re-exported by periods.ts.
import { DAY_MS } from "./quarter-hours";

/**
 * The longest range any page or API answers, in days: the trends (page and API) and the problems
 * list (page, export, saved views) are all held to it, so no URL can make a request build arrays
 * of millions of days.
 */
export const MAX_RANGE_DAYS = 400;
/**
 * The dates a range may name. Range ends are exclusive (the day after `to`), so the last date must
 * leave a day with a four-digit year after it.
 */
export const EARLIEST_DATE = "1970-01-01";
export const LATEST_DATE = "9999-12-30";

export type RangeParam = "from" | "to";

/** A range end that cannot be used. */
export interface RangeIssue {
  param: RangeParam;
  /** What the URL said, cut to 40 characters. */
  value: string;
  /** Why, worded as a validation error ("must be …"). */
  message: string;
}

/** What a page tells the viewer when it did not use the range the URL asked for. */
export interface RangeNotice {
  param: RangeParam;
  text: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Why a range end cannot be used, or null when it can: a real calendar date (YYYY-MM-DD) or, with
 * `times`, a local time (YYYY-MM-DDTHH:mm), on a day from EARLIEST_DATE to LATEST_DATE. Dates are
 * never rolled over (February 30 is refused, not read as March 2).
 */
export function rangeEndProblem(value: string, { times = false }: { times?: boolean } = {}): string | null {
  const m = DATE.exec(value) ?? (times ? DATE_TIME.exec(value) : null);
  if (!m)
    return times ? "must be a date (YYYY-MM-DD) or a local time (YYYY-MM-DDTHH:mm)" : "must be a date (YYYY-MM-DD)";
  const [year, month, day, hour = 0, minute = 0] = m.slice(1).map(Number);
  if (month < 1 || month > 12) return `must be a real date: there is no month ${m[2]}`;
  if (day < 1 || day > daysInMonth(year, month))
    return `must be a real date: ${MONTHS[month - 1]} ${m[1]} has no day ${m[3]}`;
  if (hour > 23 || minute > 59) return "must be a real time: hours 00–23, minutes 00–59";
  const date = value.slice(0, 10);
  if (date < EARLIEST_DATE || date > LATEST_DATE) return `must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}`;
  return null;
}

/**
 * What is wrong with the ends of a custom range: nothing when both can be used. `from` is
 * required; a missing `to` means "up to today".
 */
export function customRangeIssues(
  from: string | null | undefined,
  to: string | null | undefined,
  options: { times?: boolean } = {},
): RangeIssue[] {
  const issues: RangeIssue[] = [];
  if (from === null || from === undefined || from === "")
    issues.push({ param: "from", value: "", message: "is required with range=custom" });
  for (const [param, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value === null || value === undefined || value === "") continue;
    const message = rangeEndProblem(value, options);
    if (message) issues.push({ param, value: value.slice(0, 40), message });
  }
  return issues;
}

/** A span [start, end) in epoch ms held to MAX_RANGE_DAYS: a longer one keeps its end and starts MAX_RANGE_DAYS days before it. */
export function limitSpan(start: number, end: number): { start: number; end: number; limited: boolean } {
  const longest = MAX_RANGE_DAYS * DAY_MS;
  return end - start > longest ? { start: end - longest, end, limited: true } : { start, end, limited: false };
}

/** The notice of an end that was not used, the page showing `fallback` ("the last 30 days") instead. */
export function fallbackNotice(issue: RangeIssue, fallback: string): RangeNotice {
  const what = issue.value ? `${issue.param} "${issue.value}"` : issue.param;
  return { param: issue.param, text: `The range was not used: ${what} ${issue.message}. Showing ${fallback} instead.` };
}

/** The notice of a range cut to MAX_RANGE_DAYS (`from` and `to` as the URL said them). */
export function limitedNotice(from: string, to: string | null, shown: string): RangeNotice {
  return {
    param: "from",
    text: `The range from ${from.slice(0, 40)} to ${to ? to.slice(0, 40) : "today"} is longer than ${MAX_RANGE_DAYS} days: showing ${shown}.`,
  };
}
