// Time-zone arithmetic (pure): wall-clock times, offsets, local midnights and hours of any IANA
// zone, from Intl (the platform's tz database). Trend periods (periods.ts) and every range in the
// viewer's zone are built on it.
import { DAY_MS, QUARTER_MS, utcDayOf, utcMidnight } from "./quarter-hours";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the platform knows an IANA time zone. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+){0,2}$/.test(value) || value.length > 64) return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time of an instant in a zone. */
export function localTimeOf(ms: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms)))
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** The zone's offset from UTC at an instant, in ms (local = UTC + offset). */
export function offsetAt(ms: number, timeZone: string): number {
  const t = localTimeOf(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The first instant whose wall-clock time in the zone is at or after the given one: the instant
 * itself when it exists, the end of the gap when clocks skip it (a daylight-saving spring).
 * Where a wall-clock time happens twice, the earlier.
 */
export function instantOf(local: LocalTime, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const candidates = new Set([
    offsetAt(wall - DAY_MS, timeZone),
    offsetAt(wall, timeZone),
    offsetAt(wall + DAY_MS, timeZone),
  ]);
  const exact = [...candidates].map((o) => wall - o).filter((t) => wallOf(t, timeZone) === wall);
  if (exact.length) return Math.min(...exact);
  // In a gap: the instant the clocks jump (transitions fall on quarter-hours).
  let t = Math.floor(Math.min(...[...candidates].map((o) => wall - o)) / QUARTER_MS) * QUARTER_MS;
  for (let i = 0; i < 2 * 96 && wallOf(t, timeZone) < wall; i++) t += QUARTER_MS;
  return t;
}

function wallOf(ms: number, timeZone: string): number {
  return ms + offsetAt(ms, timeZone);
}

/** A local date's midnight (or the first instant of that date) in the zone. */
export function localMidnight(date: string, timeZone: string): number {
  const [year, month, day] = date.split("-").map(Number);
  return instantOf({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDateOf(ms: number, timeZone: string): string {
  const t = localTimeOf(ms, timeZone);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

/** The date n days after a date (calendar arithmetic, no zone). */
export function addDays(date: string, n: number): string {
  return utcDayOf(utcMidnight(date) + n * DAY_MS);
}

/** The start of the local hour an instant falls in (zones with a 30/45-minute offset included). */
export function localHourStart(ms: number, timeZone: string): number {
  const t = localTimeOf(ms, timeZone);
  return Math.floor(ms / 60_000) * 60_000 - t.minute * 60_000;
}

const labelFormatters = new Map<string, Intl.DateTimeFormat>();
/** "Nov 3, 14:00" in the zone. */
export function formatLocal(ms: number, timeZone: string, withTime = true): string {
  const key = `${timeZone}|${withTime}`;
  let f = labelFormatters.get(key);
  if (!f)
    labelFormatters.set(
      key,
      (f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        month: "short",
        day: "numeric",
        ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
      })),
    );
  return f.format(new Date(ms));
}
