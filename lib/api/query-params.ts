// URL search parameters → a zod-checked filter object, or a 400 problem with JSON paths; and the
// checks the read API's date parameters share, so a value the database or the calendar cannot
// take is a 400 naming its parameter, never a 500 or a silently different range.
import { z } from "zod";
import { ProblemError } from "../http/problem";
import { InvalidCursorError } from "../queries/sql-tag";
import { MAX_RANGE_DAYS } from "../trends/range-check";
import { isTimeZone } from "../trends/periods";

const TIME_ZONE_MESSAGE = "must be an IANA time zone, e.g. America/Chicago";
/** `tz`: the IANA time zone whose local days and hours a range means (default UTC), the same on every read route. */
export const timeZoneParam = z
  .string()
  .max(64, TIME_ZONE_MESSAGE)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/, TIME_ZONE_MESSAGE)
  .refine(isTimeZone, TIME_ZONE_MESSAGE)
  .default("UTC")
  .meta({
    description: "The IANA time zone of the range's days and hours (America/Chicago, Asia/Kolkata, UTC); default UTC",
  });

export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const path =
      issue.code === "unrecognized_keys" ? issue.keys.map((k) => `$.${k.slice(0, 50)}`) : [`$.${issue.path.join(".")}`];
    for (const p of path)
      (errors[p] ??= []).push(issue.code === "unrecognized_keys" ? "is not a parameter of this API" : issue.message);
  }
  throw new ProblemError("validation-failed", "Some query parameters are invalid. See validationErrors.", {
    validationErrors: errors,
  });
}

/** Runs a paged read, answering a cursor that is not ours with a 400 naming `$.cursor`. */
export async function withCursorCheck<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new ProblemError("validation-failed", "The cursor is not one this API gave out.", {
        validationErrors: { "$.cursor": ["must be a nextCursor from an earlier answer"] },
      });
    throw error;
  }
}

// --- dates ---------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
/** The longest range a read may ask for: the pages' one limit (lib/trends/range-check.ts). */
export { MAX_RANGE_DAYS };
/** Instants and dates the API takes: PostgreSQL has no year 0 and JavaScript dates end in 275760. */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 9999;

/** Whether y-m-d is a day of the calendar (no 2026-13-01, no Feb 30). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1)
    return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The UTC offset of an ISO 8601 date-time in minutes ("Z" → 0), null when it has none. */
function offsetMinutes(text: string): number | null {
  if (text.endsWith("Z") || text.endsWith("z")) return 0;
  const tail = text.slice(-6);
  const sign = tail[0] === "+" ? 1 : tail[0] === "-" ? -1 : 0;
  if (!sign || tail[3] !== ":") return null;
  const hours = Number(tail.slice(1, 3));
  const minutes = Number(tail.slice(4, 6));
  return hours <= 15 && minutes <= 59 ? sign * (hours * 60 + minutes) : null;
}

/** An ISO 8601 instant with an offset (at most ±15:59, as PostgreSQL takes), in years 1970–9999. */
export const instantParam = z
  .string()
  .max(40, "must be an ISO 8601 date-time, e.g. 2026-11-20T00:00:00Z")
  .pipe(
    z.iso.datetime({
      offset: true,
      message: "must be an ISO 8601 date-time with Z or an offset, e.g. 2026-11-20T00:00:00Z",
    }),
  )
  .refine((s) => offsetMinutes(s) !== null, "must have Z or an offset between -15:59 and +15:59")
  .refine((s) => {
    const year = new Date(Date.parse(s)).getUTCFullYear();
    return year >= FIRST_YEAR && year <= LAST_YEAR;
  }, `must be between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`)
  .meta({ format: "date-time", description: `ISO 8601 with Z or an offset up to ±15:59, ${FIRST_YEAR}–${LAST_YEAR}` });

/** A local date (2026-11-20), optionally with a time (2026-11-20T14:00), that the calendar has. */
export function localDateTimeParam(withTime: boolean) {
  const shape = withTime ? /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/ : /^\d{4}-\d{2}-\d{2}$/;
  const what = withTime ? "a local date (2026-11-20) or time (2026-11-20T14:00)" : "a date (2026-11-20)";
  return z
    .string()
    .regex(shape, `must be ${what}`)
    .refine((s) => localMs(s) !== null, `must be ${what} of the calendar, ${FIRST_YEAR}–${LAST_YEAR}`);
}

/** Epoch ms of a local date or date-time read as UTC (for spans), null when the calendar has no such day or time. */
export function localMs(text: string): number | null {
  const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  if (!isCalendarDate(y, m, d)) return null;
  if (text.length === 10) return Date.UTC(y, m - 1, d);
  const [h, min] = [Number(text.slice(11, 13)), Number(text.slice(14, 16))];
  return h <= 23 && min <= 59 ? Date.UTC(y, m - 1, d, h, min) : null;
}

/**
 * A custom range's span check: from/to (local dates, `to` inclusive, or times) at most
 * MAX_RANGE_DAYS apart; without `to` the range ends today. Adds the issue at the parameter to change.
 */
export function checkRangeSpan(range: { from?: string; to?: string }, ctx: z.RefinementCtx, now = Date.now()): void {
  if (!range.from) return;
  const from = localMs(range.from);
  const to = range.to === undefined ? now : localMs(range.to);
  if (from === null || to === null) return; // already reported on the parameter itself
  const span = Math.abs(to - from) + (range.to === undefined || range.to.length === 10 ? DAY_MS : 0);
  if (span > (MAX_RANGE_DAYS + 1) * DAY_MS) {
    ctx.addIssue({
      code: "custom",
      path: [range.to === undefined ? "from" : "to"],
      message: `the range must be at most ${MAX_RANGE_DAYS} days (from ${range.from} to ${range.to ?? "today"} is longer)`,
    });
  }
}
