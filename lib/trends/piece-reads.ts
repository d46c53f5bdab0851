// How a range's pieces (periods.ts) read the rollups: runs of whole UTC days and the days the
// periods cut, and UTC months read whole from a monthly rollup, less their days outside a period,
// where that reads fewer rows. Pure: the SQL that reads them is lib/queries/trend-pieces.ts' and
// its callers'.
import { daySpans, isWholeDay, type Piece } from "./periods";
import { DAY_MS, QUARTER_MS, utcMidnight } from "./quarter-hours";

/**
 * The days of pieces, for a read that takes a rollup's whole-day `events` where it can: the runs
 * of consecutive whole days (a range scan each) and the cut days, named (a range would read every
 * day's running totals); a cut day's whole pieces (none while periods start on quarter-hours) are
 * the runs'.
 */
export function wholeAndCutDays(pieces: readonly Piece[]): { runs: { first: string; last: string }[]; cut: string[] } {
  return {
    // A day once, though it may be whole in two pieces (of both periods: monthReadsOf's minus
    // days outside both): a read of a run joins each of its rows to all of the day's pieces.
    runs: consecutiveRuns([...new Set(pieces.filter(isWholeDay).map((p) => p.day))]),
    cut: [...new Set(pieces.filter((p) => !isWholeDay(p)).map((p) => p.day))],
  };
}

/**
 * Reading a month's row of a problem costs about as much as reading this many whole days of its
 * day rows: at 10,000,000 events over a year, a month holds 10,000 problems' rows and a day
 * about 5,700.
 */
const MONTH_ROW_DAYS = 2;

/** How a range's totals read the rollups: whole UTC months, plus and minus days. */
export interface MonthReads {
  /** UTC months ("YYYY-MM-01") read whole from a monthly rollup, each for one period. */
  months: { month: string; period: 0 | 1 }[];
  /** Pieces read from a daily rollup and added. */
  plus: Piece[];
  /** Pieces read from a daily rollup and taken away: the parts of `months` outside their period. */
  minus: Piece[];
}

/**
 * Splits a range's pieces (one span a period, as totalPiecesOf makes them) by UTC month and, for
 * each period's part of a month, picks the cheaper read: its days, or the month's row less the
 * month's days outside the period. A 90-day range reads its whole months and the shorter side of
 * each month its ends cut; the month the range ends in, less its days after `today` (days that
 * have no events yet, an empty range of an index), instead of its days so far. Both give the
 * same sums: the monthly and the daily rollup hold the same events.
 */
export function monthReadsOf(pieces: readonly Piece[], today: string): MonthReads {
  const groups = new Map<string, Piece[]>(); // "period|YYYY-MM" → its pieces
  for (const p of pieces) {
    const key = `${p.period}|${p.day.slice(0, 7)}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(p);
  }
  const reads: MonthReads = { months: [], plus: [], minus: [] };
  const wholeDays = (xs: Piece[]) => xs.filter(isWholeDay).length;
  for (const [key, group] of groups) {
    const month = `${key.slice(2)}-01`;
    const outside = outsideOf(group, month);
    const daysToRead = outside && wholeDays(outside.filter((p) => p.day <= today));
    if (outside && (outside.length === 0 || daysToRead! + MONTH_ROW_DAYS < wholeDays(group))) {
      reads.months.push({ month, period: group[0].period });
      reads.minus.push(...outside);
    } else reads.plus.push(...group);
  }
  reads.months.sort((a, b) => a.month.localeCompare(b.month) || a.period - b.period);
  return reads;
}

/**
 * The pieces of a UTC month outside one period's pieces of it (of that period), or null when
 * those are not one span of quarter-hours, one piece a day.
 */
function outsideOf(group: readonly Piece[], month: string): Piece[] | null {
  const sorted = [...group].sort((a, b) => a.day.localeCompare(b.day) || a.from - b.from);
  const instant = (day: string, quarter: number) => utcMidnight(day) + quarter * QUARTER_MS;
  for (let i = 1; i < sorted.length; i++)
    if (instant(sorted[i].day, sorted[i].from) !== instant(sorted[i - 1].day, sorted[i - 1].to)) return null;
  const [y, m] = month.split("-").map(Number);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const period = first.period;
  return [
    ...daySpans(Date.UTC(y, m - 1, 1), instant(first.day, first.from)),
    ...daySpans(instant(last.day, last.to), Date.UTC(y, m, 1)),
  ].map((span) => ({ ...span, period, bucket: 0 }));
}

/** UTC days ("YYYY-MM-DD", any order, distinct) as runs of consecutive days, in order. */
export function consecutiveRuns(days: readonly string[]): { first: string; last: string }[] {
  const runs: { first: string; last: string }[] = [];
  for (const day of [...days].sort()) {
    const run = runs.at(-1);
    if (run && utcMidnight(day) - utcMidnight(run.last) === DAY_MS) run.last = day;
    else runs.push({ first: day, last: day });
  }
  return runs;
}
