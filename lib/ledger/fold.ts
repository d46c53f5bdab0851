// Folding: share_pending's counts into the rollups, one folder at a time across every process
// sharing the database (a transaction-scoped advisory lock; on PGlite the one process holds the
// one connection). A fold is one transaction: a process killed mid-fold leaves its pending rows
// where they were (nothing lost, nothing counted twice).
import type { SqlSession } from "../db/sql-session";
import { FOLD_LOCK_KEY, foldPendingLocked, type Folded } from "./apply";

/** Problems one fold takes at most (their locks and rows in one transaction); the folder folds again while more are pending. */
export const PROBLEMS_PER_FOLD = 2_000;

/** Folds pending counts unless another folder holds the lock (then null). */
export async function foldPending(tx: SqlSession, maxProblems = PROBLEMS_PER_FOLD): Promise<Folded | null> {
  const [lock] = await tx.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [FOLD_LOCK_KEY]);
  if (!lock.ok) return null;
  return foldPendingLocked(tx, maxProblems);
}

/** The events a fold folded (0 when another folder held the lock). */
export function foldedEvents(folded: Folded | null): number {
  return folded?.events ?? 0;
}

/** Events (signed) and rows waiting in share_pending. */
export async function pendingShares(tx: SqlSession): Promise<{ rows: number; events: number }> {
  const [r] = await tx.query<{ rows: string; events: string | null }>(
    "SELECT count(*)::text AS rows, sum(events)::text AS events FROM share_pending",
  );
  return { rows: Number(r.rows), events: Number(r.events ?? 0) };
}
