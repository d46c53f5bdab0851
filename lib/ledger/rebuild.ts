// `npm run rollups -- rebuild`: every derived table recomputed from the events with its definition
// (definitions.ts), in bounded transactions — PROBLEM_BATCH problems, or a UTC week of days, at a
// time — so the server keeps serving and ingesting meanwhile. Each batch holds the fold lock, folds
// what is pending, and replaces its rows from one snapshot (REPEATABLE READ): an event committed
// after the snapshot is still pending, one before it is counted from the events, never both. Months
// retention dropped keep their rows: nothing is left to recompute them from, except a rollup with
// a source rollup (fromRollup: problem_month, the problem sets), summed from it. The rollups by
// week (the problem sets' weeks) are summed from their days in the week's batch. Each batch reads
// which months those are itself, holding the partition lock shared, so a month retention drops
// while a rebuild runs keeps its rows too.
import type { Database } from "../db/database";
import { inTransaction, type SqlSession } from "../db/sql-session";
import { FOLD_LOCK_KEY, foldPendingLocked, lockProblems } from "./apply";
import { ROLLUPS } from "./definitions";
import { messageCountBatches, type MessageCount } from "./verify";
import { addFoldedMessages, deleteUnusedTexts, sumMessageTotals } from "./message-totals";
import { eventsKeptFrom, keptFromInstant } from "../retention/retired";
import { PARTITION_LOCK_KEY } from "../retention/partitions";
import { DAY_MS, mondayOf, utcMidnight } from "../trends/quarter-hours";

const PROBLEM_BATCH = 200;
const WEEK_DAYS = 7;

export interface RebuildProgress {
  phase: "problems" | "days";
  done: number;
  total: number;
}

export async function rebuildRollups(
  db: Database,
  onProgress: (p: RebuildProgress) => unknown = () => {},
): Promise<{ batches: number }> {
  let batches = 0;
  const ids = (await db.prisma.$queryRawUnsafe<{ id: string }[]>("SELECT id::text FROM problem ORDER BY id")).map(
    (r) => r.id,
  );
  for (let i = 0; i < ids.length; i += PROBLEM_BATCH) {
    const chunk = ids.slice(i, i + PROBLEM_BATCH);
    await inBatch(db, async (tx, from) => {
      const kept = (column: string) => (from ? ` AND ${column} >= '${from}'::date` : "");
      await lockProblems(tx, chunk);
      // Events of a month being retired (closed, not yet dropped) are not counted again either.
      const keptEvents = from ? ` AND e.occurred_at >= ('${from}'::date)::timestamp AT TIME ZONE 'UTC'` : "";
      const where = `e.problem_id = ANY('{${chunk.join(",")}}'::bigint[])${keptEvents}`;
      for (const d of ROLLUPS.filter((r) => r.batchBy === "problem")) {
        await tx.query(`DELETE FROM ${d.table} WHERE problem_id = ANY($1::bigint[])${kept("day")}`, [chunk]);
        await tx.query(`INSERT INTO ${d.table} (${[...d.key, ...d.values].join(", ")}) ${d.fromEvents(where)}`);
        // Retired months (their events are gone): from the rollup that keeps their counts.
        if (d.fromRollup && from) {
          const retired = `problem_id = ANY('{${chunk.join(",")}}'::bigint[]) AND day < '${from}'::date`;
          await tx.query(`DELETE FROM ${d.table} WHERE ${retired}`);
          await tx.query(`INSERT INTO ${d.table} (${[...d.key, ...d.values].join(", ")}) ${d.fromRollup(retired)}`);
        }
      }
      await tx.query(`DELETE FROM event_message WHERE problem_id = ANY($1::bigint[])${kept("month")}`, [chunk]);
      await tx.query(`DELETE FROM problem_message WHERE problem_id = ANY($1::bigint[])${kept("month")}`, [chunk]);
      await addMessageCountsFromEvents(tx, where.replaceAll("e.", ""), true);
    });
    batches++;
    await onProgress({ phase: "problems", done: Math.min(ids.length, i + PROBLEM_BATCH), total: ids.length });
  }
  // Texts no count refers to any more (their problems' rows were replaced).
  await inBatch(db, (tx) => deleteUnusedTexts(tx, null));
  // The days of the events and of every rollup (rows of days without events go too): a retired
  // day may be left only in the source of a rollup rebuilt by day (problem_daily_count for the
  // problem sets), which its retired days are summed from.
  const dayTables = ROLLUPS.map((r) => r.table);
  const [range] = await db.prisma.$queryRawUnsafe<{ first: string | null; last: string | null }[]>(
    `SELECT to_char(least(min(d), ${dayTables.map((t) => `(SELECT min(day) FROM ${t})`).join(", ")}), 'YYYY-MM-DD') AS first,
            to_char(greatest(max(d), ${dayTables.map((t) => `(SELECT max(day) FROM ${t})`).join(", ")}), 'YYYY-MM-DD') AS last
       FROM (SELECT utc_day(min(occurred_at)) AS d FROM error_event UNION ALL SELECT utc_day(max(occurred_at)) FROM error_event) x`,
  );
  if (range.first && range.last) {
    // A batch is a UTC week, from a Monday: the rollups by week are summed from its days.
    const first = mondayOf(utcMidnight(range.first));
    const last = utcMidnight(range.last);
    const total = Math.round((last - first) / DAY_MS) + 1;
    for (let t = first; t <= last; t += WEEK_DAYS * DAY_MS) {
      const until = new Date(t + WEEK_DAYS * DAY_MS).toISOString();
      await inBatch(db, async (tx, from) => {
        // Days of months retention dropped keep their rows, or are summed again from the rollup
        // that keeps their counts (fromRollup: the problem sets, from problem_daily_count).
        const start = new Date(Math.max(t, keptFromInstant(from))).toISOString();
        if (start > new Date(t).toISOString()) await rebuildRetiredDays(tx, t, start < until ? start : until);
        if (start < until)
          for (const d of ROLLUPS.filter((r) => r.batchBy === "day")) {
            await tx.query(`DELETE FROM ${d.table} WHERE day >= $1::date AND day < $2::date`, [
              start.slice(0, 10),
              until.slice(0, 10),
            ]);
            const inDays = `e.occurred_at >= '${start}'::timestamptz AND e.occurred_at < '${until}'::timestamptz`;
            await tx.query(`INSERT INTO ${d.table} (${[...d.key, ...d.values].join(", ")}) ${d.fromEvents(inDays)}`);
          }
        // The week, retired days and all, from its days as they now are.
        const week = `day >= '${new Date(t).toISOString().slice(0, 10)}'::date AND day < '${until.slice(0, 10)}'::date`;
        for (const d of ROLLUPS.filter((r) => r.batchBy === "week")) {
          await tx.query(`DELETE FROM ${d.table} WHERE ${week}`);
          await tx.query(`INSERT INTO ${d.table} (${[...d.key, ...d.values].join(", ")}) ${d.fromRollup!(week)}`);
        }
      });
      batches++;
      await onProgress({ phase: "days", done: Math.min(total, Math.round((t - first) / DAY_MS) + WEEK_DAYS), total });
    }
  }
  return { batches };
}

/** The retired days [t, until) of the rollups rebuilt by day that have a source rollup, from it. */
async function rebuildRetiredDays(tx: SqlSession, t: number, until: string): Promise<void> {
  const days = `day >= '${new Date(t).toISOString().slice(0, 10)}'::date AND day < '${until.slice(0, 10)}'::date`;
  for (const d of ROLLUPS.filter((r) => r.batchBy === "day" && r.fromRollup)) {
    await tx.query(`DELETE FROM ${d.table} WHERE ${days}`);
    await tx.query(`INSERT INTO ${d.table} (${[...d.key, ...d.values].join(", ")}) ${d.fromRollup!(days)}`);
  }
}

/**
 * Adds the event_message counts of the events matching `where` (messageCountBatches: a batch of
 * events at a time, so memory stays bounded however many texts there are), to rows of other
 * batches where they meet, and (`withTotals`) their totals of every district (problem_message,
 * message_text). Used by rebuild (with totals) and by the migration that gave texts a month (its
 * database has no totals yet: 20261209090000_message_texts sums them from event_message).
 */
export async function addMessageCountsFromEvents(tx: SqlSession, where: string, withTotals: boolean): Promise<void> {
  for await (const counts of messageCountBatches(tx, where)) {
    const messages = [...counts.values()];
    await addMessageCounts(tx, messages);
    if (withTotals) await addFoldedMessages(tx, sumMessageTotals(messages));
  }
}

/** Adds event_message counts (each key once in `messages`). */
async function addMessageCounts(tx: SqlSession, messages: readonly MessageCount[]): Promise<void> {
  if (!messages.length) return;
  await tx.query(
    `INSERT INTO event_message (problem_id, month, lea, digest, text, events)
     SELECT * FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[])
     ON CONFLICT (problem_id, month, digest) DO UPDATE SET events = event_message.events + EXCLUDED.events`,
    [
      messages.map((m) => m.problemId),
      messages.map((m) => m.month),
      messages.map((m) => m.lea),
      messages.map((m) => m.digest),
      messages.map((m) => m.text),
      messages.map((m) => m.events),
    ],
  );
}

type BatchWork = (tx: SqlSession, keptFrom: string | null) => Promise<void>;

/**
 * One batch: its own transaction with one snapshot, under the fold lock and the partition lock
 * (shared), pending counts folded first; retried when it met a concurrent write. It is given the
 * first kept month as of its snapshot.
 */
async function inBatch(db: Database, work: BatchWork): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lockedSnapshot(db, async (tx) => {
        await foldPendingLocked(tx, Number.MAX_SAFE_INTEGER);
        await work(tx, await eventsKeptFrom(tx));
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || !(code === "40001" || code === "40P01" || code === "23505")) throw error;
    }
  }
}

/**
 * A REPEATABLE READ transaction whose snapshot is taken after its locks are held: taken inside
 * it, the first statement's snapshot would predate the lock's wait, and miss what the holder
 * committed (a fold, a dropped month). So on PostgreSQL the locks are the session's, before BEGIN.
 * On PGlite one transaction runs at a time: no lock is needed.
 */
async function lockedSnapshot(db: Database, fn: (tx: SqlSession) => Promise<void>): Promise<void> {
  if (db.kind === "pglite")
    return db.transaction(async (tx) => {
      await tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      await fn(tx);
    });
  return db.session(async (s) => {
    await s.query("SELECT pg_advisory_lock($1)", [FOLD_LOCK_KEY]);
    try {
      await s.query("SELECT pg_advisory_lock_shared($1)", [PARTITION_LOCK_KEY]);
      try {
        await inTransaction(s, fn, "BEGIN ISOLATION LEVEL REPEATABLE READ");
      } finally {
        await s.query("SELECT pg_advisory_unlock_shared($1)", [PARTITION_LOCK_KEY]);
      }
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [FOLD_LOCK_KEY]);
    }
  });
}
