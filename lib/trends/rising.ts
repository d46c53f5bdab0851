// What "rising" means, once, for /trends' Rising problems and the problem list's Rising preset
// (whose SQL in lib/queries/problem-filters.ts says the same: `seenBefore`, `events > previous`,
// ordered by the rise): a problem seen inside the viewer's districts before the range that had
// more events in the range than in the period just before it (as long, and like for like while
// the range is still running: trendPeriods' `previous`), ranked by how many more, then by events.

export interface RiseFigures {
  /** Seen (inside the scope) before the range began. */
  seenBefore: boolean;
  /** Events in the range. */
  events: number;
  /** Events in the comparable period before it. */
  previous: number;
}

export function isRising(p: RiseFigures): boolean {
  return p.seenBefore && p.events > p.previous;
}

/** Most risen first; equal rises, the busier first. */
export function byRise(
  a: Pick<RiseFigures, "events" | "previous">,
  b: Pick<RiseFigures, "events" | "previous">,
): number {
  return b.events - b.previous - (a.events - a.previous) || b.events - a.events;
}
