// Spike maths on the ledger's quarter-hour running totals (problem_trend_day.cumulative, read as
// quarter_totals_full: 97 entries per UTC day, entry k = events in quarters 0..k-1; see
// runningTotals). "The last hour" is the four quarters ending with the one that holds `now`; the
// baseline is the mean of the same four quarters on each of the seven days before.
import { DAY_MS, QUARTER_MS, QUARTERS_PER_DAY, utcDayOf } from "../trends/quarter-hours";

/** Running totals of one day, or undefined for a day without events. */
export type DayTotals = (day: string) => readonly number[] | undefined;

const utcDay = utcDayOf;

/** Events in the quarters [from, to] of one day (0-based, inclusive). */
function quartersOf(totals: readonly number[] | undefined, from: number, to: number): number {
  if (!totals) return 0;
  return (totals[to + 1] ?? 0) - (totals[from] ?? 0);
}

/** Events in the hour (four quarters) ending with the quarter of `endMs`; it may cross midnight. */
export function hourCount(totals: DayTotals, endMs: number): number {
  const endQuarter = Math.floor((endMs % DAY_MS) / QUARTER_MS);
  const day = utcDay(endMs);
  if (endQuarter >= 3) return quartersOf(totals(day), endQuarter - 3, endQuarter);
  const before = utcDay(endMs - DAY_MS);
  return (
    quartersOf(totals(day), 0, endQuarter) +
    quartersOf(totals(before), QUARTERS_PER_DAY - (3 - endQuarter), QUARTERS_PER_DAY - 1)
  );
}

/** The UTC days the spike rule reads for `now`: today and the eight before (the baseline's hours may cross midnight). */
export function spikeDays(nowMs: number): string[] {
  return Array.from({ length: 9 }, (_, i) => utcDay(nowMs - i * DAY_MS));
}

export interface Spike {
  lastHour: number;
  baseline: number;
}

export function spikeOf(totals: DayTotals, nowMs: number): Spike {
  let sum = 0;
  for (let d = 1; d <= 7; d++) sum += hourCount(totals, nowMs - d * DAY_MS);
  return { lastHour: hourCount(totals, nowMs), baseline: sum / 7 };
}

/** Spiking: at least minEvents in the last hour and at least factor × the baseline (a zero baseline counts as one event). */
export function isSpiking(s: Spike, factor: number, minEvents: number): boolean {
  return s.lastHour >= minEvents && s.lastHour >= factor * Math.max(1, s.baseline);
}
