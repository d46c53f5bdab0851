// The trend rollups' time grain (pure). A UTC day is 96 quarter-hours; every time zone's offset
// is a multiple of 15 minutes, so any zone's local hours and days are unions of whole quarter-hours
// and the rollups (which keep a day's quarter-hours as running totals) answer them exactly.

export const QUARTER_MS = 15 * 60_000;
export const DAY_MS = 86_400_000;
export const QUARTERS_PER_DAY = 96;

/** Days already written out (the write path asks for the same few days thousands of times). */
const dayTexts = new Map<number, string>();

/** The UTC day (YYYY-MM-DD) of an instant in epoch milliseconds. */
export function utcDayOf(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size >= 4_096) dayTexts.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(day, text);
  }
  return text;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * `new Date(ms).toISOString()` for integer ms of years 1970–9999, without a Date per call (the
 * write path formats an instant per event; every caller passes getTime()/Date.parse values).
 */
export function isoOf(ms: number): string {
  const within = ms - Math.floor(ms / DAY_MS) * DAY_MS;
  const milli = within % 1_000;
  return `${utcDayOf(ms)}T${pad2(Math.floor(within / 3_600_000))}:${pad2(Math.floor(within / 60_000) % 60)}:${pad2(
    Math.floor(within / 1_000) % 60,
  )}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`;
}

/** Epoch milliseconds of a UTC day's midnight. */
export function utcMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The UTC midnight of the Monday (a UTC week's first day) on or before a UTC midnight (getUTCDay: Sunday 0). */
export function mondayOf(midnight: number): number {
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
}

/** The quarter-hour of its UTC day (0..95) an instant falls in. */
export function quarterOfDay(ms: number): number {
  return Math.floor((ms - Math.floor(ms / DAY_MS) * DAY_MS) / QUARTER_MS);
}

/**
 * A day's running totals from the number of events in each of its quarter-hours: 97 values,
 * `totals[k]` = events of quarter-hours 0..k-1 (so the first is 0 and the last the day's total).
 */
export function runningTotals(perQuarter: ArrayLike<number>): number[] {
  const totals = new Array<number>(QUARTERS_PER_DAY + 1);
  totals[0] = 0;
  for (let k = 0; k < QUARTERS_PER_DAY; k++) totals[k + 1] = totals[k] + (perQuarter[k] ?? 0);
  return totals;
}

/** PostgreSQL array literal of integers. */
export function intArrayLiteral(values: readonly number[]): string {
  return `{${values.join(",")}}`;
}

/**
 * Running totals as a rollup row stores them: only the positions where they change, as a
 * PostgreSQL array with explicit bounds (`[lo:hi]={…}`, positions 1..97 of `totals`). Before `lo`
 * every total is 0, after `hi` every total is the last one (the day's count), so a row of one
 * quarter-hour's events holds one number instead of 97 (what the fold writes and reads back and
 * what the rollups store; the SQL function quarter_total reads a position of either form).
 */
export function storedTotalsLiteral(totals: readonly number[]): string {
  const last = totals.length - 1;
  let lo = 0;
  while (lo < last && totals[lo] === 0) lo++;
  let hi = last;
  while (hi > lo && totals[hi - 1] === totals[last]) hi--;
  return `[${lo + 1}:${hi + 1}]={${totals.slice(lo, hi + 1).join(",")}}`;
}

/**
 * The 97 running totals of a stored row from its array as PostgreSQL prints it (`{…}` from
 * position 1, or `[lo:hi]={…}`), read in one pass: the driver's array parser makes a string per
 * element, and the fold reads back thousands of rows per fold. Null for an empty array. Any other
 * form (a NULL element, a position below 1, more dimensions) throws: the fold fails and retries
 * rather than writing counts it misread.
 */
export function totalsFromStoredText(text: string): number[] | null {
  if (text === "{}") return null;
  const misread = () => new Error(`running totals not in the stored form: ${text.slice(0, 60)}`);
  let at = 0;
  /** The integer at `at`, and the character after it (both consumed). */
  const integer = (): [number, number] => {
    const negative = text.charCodeAt(at) === 0x2d; /* - */
    if (negative) at++;
    const first = at;
    let value = 0;
    for (let c = text.charCodeAt(at); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++at)) value = value * 10 + c - 0x30;
    if (at === first) throw misread();
    return [negative ? -value : value, text.charCodeAt(at++)];
  };
  let lower = 1;
  if (text.charCodeAt(0) === 0x5b /* [ */) {
    at = 1;
    const [lo, colon] = integer();
    const [, bracket] = integer();
    if (colon !== 0x3a || bracket !== 0x5d || text.charCodeAt(at++) !== 0x3d /* = */ || lo < 1) throw misread();
    lower = lo;
  }
  if (text.charCodeAt(at++) !== 0x7b /* { */) throw misread();
  const values: number[] = [];
  for (let after = 0x2c; after === 0x2c /* , */;) {
    const [value, next] = integer();
    values.push(value);
    after = next;
    if (after !== 0x2c && after !== 0x7d /* } */) throw misread();
  }
  if (at !== text.length) throw misread();
  return totalsFromStored(lower, values);
}

/** The 97 running totals of a stored row: its array's elements from position `lower` (1-based) on. */
export function totalsFromStored(lower: number, values: readonly number[]): number[] {
  const totals = new Array<number>(QUARTERS_PER_DAY + 1);
  const first = lower - 1;
  const end = first + values.length;
  for (let k = 0; k <= QUARTERS_PER_DAY; k++)
    totals[k] = k < first ? 0 : k < end ? values[k - first] : values[values.length - 1];
  return totals;
}
