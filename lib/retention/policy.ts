// How long events are kept (TRIAGE_RETENTION_DAYS, default 400: a school year and a bit). Events
// older than that are not accepted, and a month whose every day is older is dropped whole; its
// counts stay in the rollups (lib/retention/retention.ts). Pure: no database here.
import { env } from "../env";
import { utcDayOf, utcMidnight } from "../trends/quarter-hours";

const DAY_MS = 86_400_000;
/** The oldest instant ingest accepts in any case. */
const EARLIEST = Date.UTC(2000, 0, 1);

export function retentionDays(): number {
  return env().TRIAGE_RETENTION_DAYS;
}

/** The oldest instant still kept at `now`: events before it are not accepted, and go. */
export function retentionHorizon(now = Date.now(), days = retentionDays()): number {
  return Math.max(EARLIEST, now - days * DAY_MS);
}

/** Whether an event's time is one ingest accepts: within the retention, and at most a day ahead. */
export function acceptableOccurredAt(t: number, now = Date.now()): boolean {
  return t >= retentionHorizon(now) && t < now + DAY_MS;
}

export function acceptableOccurredAtMessage(): string {
  return `must be within the last ${retentionDays()} days (TRIAGE_RETENTION_DAYS: older events are not kept) and at most one day from now`;
}

/** The first day of an instant's UTC month, "YYYY-MM-01". */
export function monthOf(t: number): string {
  return `${utcDayOf(t).slice(0, 8)}01`; // the day's text is cached: ingest asks per event
}

/** The first day of the month after a "YYYY-MM-01" month. */
export function nextMonth(month: string): string {
  const d = new Date(`${month}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** The first day of the month before a "YYYY-MM-01" month. */
export function previousMonth(month: string): string {
  const d = new Date(`${month}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
}

/** The months (first days) whose every instant is older than the horizon, among `months`. */
export function monthsToRetire(months: readonly string[], horizon: number): string[] {
  return months.filter((m) => utcMidnight(nextMonth(m)) <= horizon).sort();
}
