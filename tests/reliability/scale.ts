// Reliability tests run short inside `npm test` and at full size with `npm run test:reliability`.
export const FULL = process.env.TRIAGE_RELIABILITY === "full";
export const scale = (short: number, full: number) => (FULL ? full : short);
