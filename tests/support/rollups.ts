// The test oracle: every derived table (folded and pending) equals its definition from the raw
// events — the same check as `npm run rollups -- verify` (lib/ledger/verify.ts).
import { expect } from "vitest";
import type { TestDatabase } from "./db";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";

export async function expectRollupsEqualRaw(t: TestDatabase) {
  expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
}
