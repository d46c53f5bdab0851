// The counts of the batches this thread appended to share_pending, kept until its fold takes them:
// the fold then deletes those rows by batch and applies the counts from here, instead of reading
// every row back (10,000 pending rows through PGlite's protocol took longer than the delete and
// the upserts together). Only a shortcut, never the truth: a batch whose transaction rolled back,
// or that another process folded first, deletes no rows and its counts are dropped; rows of batches
// not remembered here (another process, a restart, more than MAX_REMEMBERED) are read back.
// Per thread: on PGlite, the database's own thread runs both ingest and fold (lib/db/procedures.ts).
import { randomBytes } from "node:crypto";
import type { Count } from "./apply";
import type { SqlSession } from "../db/sql-session";

export interface PendingBatch {
  /** share_pending.batch: random, so that two databases one process writes to never share one. */
  id: string;
  /** One per share_pending row the batch appended. */
  counts: Count[];
}

/** Beyond this many unfolded batches (a fold that keeps failing), the oldest are read back instead. */
export const MAX_REMEMBERED = 64;

const remembered = new Map<string, PendingBatch>();

export function newBatchId(): string {
  const id = randomBytes(8).readBigInt64BE();
  return (id === 0n ? 1n : id).toString(); // 0 marks rows without a batch
}

export function rememberBatch(batch: PendingBatch): void {
  remembered.set(batch.id, batch);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

/**
 * Takes (forgets) the remembered batches whose problems are all among `problems` (the fold
 * locked them): whatever the fold then does with them, their rows are either deleted by it or
 * read back later.
 */
export function takeBatches(problems: ReadonlySet<string>): PendingBatch[] {
  const taken: PendingBatch[] = [];
  for (const batch of remembered.values()) {
    if (batch.counts.every((c) => problems.has(c.problemId))) taken.push(batch);
  }
  for (const batch of taken) remembered.delete(batch.id);
  return taken;
}

/**
 * The pending rows of the batches this thread remembers (pending-batches.ts), deleted by batch
 * without reading them back; their counts from memory. Only a batch with all its rows still there
 * is taken this way: none means it rolled back or was folded elsewhere; some means another
 * process's fold took the rows of the problems it had locked (several server processes) — those
 * are left pending and read back like any batch this thread does not remember. The fold holds the
 * locks of every problem of the batches it takes, so no other fold removes rows between the count
 * and the delete.
 */
export async function takeRememberedBatches(tx: SqlSession, locked: ReadonlySet<string>): Promise<Count[]> {
  const batches = takeBatches(locked);
  if (!batches.length) return [];
  const deleted = await tx.query<{ batch: string }>(
    `WITH written AS (SELECT * FROM unnest($1::bigint[], $2::int[]) AS w(batch, n)),
          whole AS (SELECT p.batch FROM share_pending p JOIN written w ON w.batch = p.batch
                     GROUP BY p.batch, w.n HAVING count(*) = w.n)
     DELETE FROM share_pending WHERE batch IN (SELECT batch FROM whole) RETURNING batch::text`,
    [batches.map((b) => b.id), batches.map((b) => b.counts.length)],
  );
  const whole = new Set(deleted.map((d) => d.batch));
  return batches.filter((b) => whole.has(b.id)).flatMap((b) => b.counts);
}
