// Whether recorded sign-in attempts kept to the throttle, judged from the record alone (the times
// the server wrote), so a test need not depend on how fast the machine answers.
import { delayAfter } from "@/lib/auth/sign-in";

export interface RecordedAttempt {
  /** When the server admitted it (ms). */
  at: number;
  outcome: string;
}

/**
 * Attempts of one throttle key (an address, or an account from an address), in the order they
 * were admitted, whose password was checked before the delay that the failures before them call
 * for had passed.
 */
export function checkedTooSoon(attempts: readonly RecordedAttempt[], freeFailures: number): RecordedAttempt[] {
  let failures = 0;
  let last = 0;
  const early: RecordedAttempt[] = [];
  for (const a of attempts) {
    if (a.outcome === "delayed" || a.outcome === "locked") continue; // refused without a check
    if (a.at < last + delayAfter(failures, freeFailures)) early.push(a);
    if (a.outcome === "ok") [failures, last] = [0, 0];
    else [failures, last] = [failures + 1, a.at];
  }
  return early;
}
