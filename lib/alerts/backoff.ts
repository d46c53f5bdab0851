// Retry schedule of a delivery: 30 s after the first failure, doubling, at most an hour apart;
// after MAX_ATTEMPTS the alert is marked failed (its attempts stay on the rule's page).
export const MAX_ATTEMPTS = 8;
const BASE_MS = 30_000;
const CAP_MS = 60 * 60_000;

/** Milliseconds to wait after the attempts-th failed attempt (1-based). */
export function retryDelayMs(attempts: number): number {
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
}
