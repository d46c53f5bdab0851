// Whether an error means the database cannot be reached right now (down, restarting, connection
// dropped): such errors answer 503 + Retry-After, and a pooled connection that raised one is
// destroyed instead of being reused.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "P1001",
  "P1017",
]);
/** What drivers say when the server is gone or not accepting connections (where they give no code). */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated|ECONNRESET|connect ECONNREFUSED|terminating connection|not queryable|Can't reach database/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    // SQLSTATE class 08: connection exception.
    if (typeof e.code === "string" && (UNAVAILABLE_CODES.has(e.code) || /^08/.test(e.code))) return true;
    const message = e.message;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}
