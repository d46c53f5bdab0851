// log4net and Serilog text files write server-local wall-clock times without an offset
// (log-formats.md §1). A LocalClock turns them into instants in the server's time zone:
//  - a wall-clock time that happens twice (the fall-back hour) takes the reading that keeps the
//    file in order: the earliest candidate not before the previous record (5 minutes of slack for
//    threads that log slightly out of order);
//  - a time the clocks skipped (the spring-forward gap) cannot be written by a correct clock; it is
//    read with the offset in force before the gap.
// Offsets are looked up once per local minute (Intl is slow; a file repeats minutes constantly).
import { isTimeZone, offsetAt } from "../trends/periods";

const DAY_MS = 86_400_000;
const SLACK_MS = 5 * 60_000;
const CACHE_ENTRIES = 100_000;

/** "2024-12-16 14:03:27,912" or "2025-12-01 10:15:02.123" (seconds and fraction optional). */
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?$/;

export class LocalClock {
  private last = -Infinity;
  private readonly offsets = new Map<number, number[]>();

  constructor(readonly timeZone: string) {
    if (!isTimeZone(timeZone))
      throw new Error(`unknown time zone "${timeZone}" (use an IANA name such as America/Chicago, or UTC)`);
  }

  /** The instant (ms) of a local timestamp, or null when the text is not one. */
  instant(text: string): number | null {
    const m = LOCAL_TIME.exec(text);
    if (!m) return null;
    const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
    const second = m[6] ? Number(m[6]) : 0;
    if (second > 59) return null;
    const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    const wallMinute = Date.UTC(year, month - 1, day, hour, minute);
    const candidates = this.offsetsAt(wallMinute).map((o) => wallMinute - o + second * 1000 + fraction);
    const chosen = candidates.find((t) => t >= this.last - SLACK_MS) ?? candidates[candidates.length - 1];
    this.last = Math.max(this.last, chosen);
    return chosen;
  }

  /** The offsets under which this local minute exists, earliest instant first; the one before a gap when none. */
  private offsetsAt(wallMinute: number): number[] {
    let found = this.offsets.get(wallMinute);
    if (found) return found;
    const possible = [
      ...new Set([
        offsetAt(wallMinute - DAY_MS, this.timeZone),
        offsetAt(wallMinute, this.timeZone),
        offsetAt(wallMinute + DAY_MS, this.timeZone),
      ]),
    ];
    const exact = possible.filter((o) => offsetAt(wallMinute - o, this.timeZone) === o).sort((a, b) => b - a); // larger offset = earlier instant
    found = exact.length ? exact : [offsetAt(wallMinute - DAY_MS, this.timeZone)];
    if (this.offsets.size >= CACHE_ENTRIES) this.offsets.clear();
    this.offsets.set(wallMinute, found);
    return found;
  }
}
