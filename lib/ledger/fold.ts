// Folding: share_pending's counts into the rollups, one folder at a time across every process
// sharing the database (a transaction-scoped advisory lock; on PGlite the one process holds the
// one connection). A fold is one transaction: a process killed mid-fold leaves its pending rows
// where they were (nothing lost, nothing counted twice).
import type { SqlSession } from "../db/sql-session";
import { FOLD_LOCK_KEY, foldPendingLocked } from "./apply";

/** Folds pending counts unless another folder holds the lock. Returns the events folded (−1: another folder was at work). */
export async function foldPending(tx: SqlSession): Promise<number> {
  const [lock] = await tx.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [FOLD_LOCK_KEY]);
  if (!lock.ok) return -1;
  return foldPendingLocked(tx);
}

/** Events (signed) and rows waiting in share_pending. */
export async function pendingShares(tx: SqlSession): Promise<{ rows: number; events: number }> {
  const [r] = await tx.query<{ rows: string; events: string | null }>(
    "SELECT count(*)::text AS rows, sum(events)::text AS events FROM share_pending",
  );
  return { rows: Number(r.rows), events: Number(r.events ?? 0) };
}
