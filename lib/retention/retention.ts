// Retention (TRIAGE_RETENTION_DAYS): a month of events whose every day is older than the horizon
// is dropped whole (its partition: one statement, however many events), and what only its events
// held goes with it: their idempotency keys, the aliases of events merged into them, and the
// month's search texts (event_message rows of that month). The rollups stay: trends, counts and
// first/last seen of older months read exactly as before. One process at a time (an advisory lock).
import type { Database } from "../db/database";
import { ensureComingMonths, eventPartitions, forgetEventMonths, PARTITION_LOCK_KEY } from "./partitions";
import { monthsToRetire, nextMonth, retentionDays, retentionHorizon } from "./policy";
import { eventsKeptFrom } from "./retired";

const KEY_BATCH = 10_000;

export interface RetiredMonth {
  /** "YYYY-MM-01". */
  month: string;
  events: number;
  /** How long the drop itself took (its transaction). */
  ms: number;
}

export interface RetentionResult {
  retired: RetiredMonth[];
  /** Idempotency keys and aliases of the dropped events, deleted after the drop in batches. */
  keysDeleted: number;
  aliasesDeleted: number;
}

export async function retireOldEvents(
  db: Database,
  { now = Date.now(), days = retentionDays() }: { now?: number; days?: number } = {},
): Promise<RetentionResult> {
  const horizon = retentionHorizon(now, days);
  const retired: RetiredMonth[] = [];
  await sweepDefaultPartition(db);
  const partitions = await db.session(eventPartitions);
  for (const month of monthsToRetire(
    partitions.map((p) => p.month),
    horizon,
  )) {
    const name = partitions.find((p) => p.month === month)!.name;
    retired.push(await dropMonth(db, month, name));
  }
  const from = await db.session(eventsKeptFrom);
  let keysDeleted = 0;
  let aliasesDeleted = 0;
  if (from) {
    for (;;) {
      const [r] = await db.session((s) =>
        s.query<{ n: number }>(
          `WITH gone AS (DELETE FROM event_key WHERE ctid = ANY(ARRAY(
             SELECT ctid FROM event_key WHERE occurred_at < ($1::date)::timestamp AT TIME ZONE 'UTC'
              LIMIT ${KEY_BATCH})) RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          [from],
        ),
      );
      keysDeleted += r.n;
      if (r.n < KEY_BATCH) break;
    }
    // Every run, not only one that dropped a month: a run stopped after its drop leaves them.
    const [a] = await db.session((s) =>
      s.query<{ n: number }>(
        `WITH gone AS (DELETE FROM event_alias a WHERE NOT EXISTS (SELECT 1 FROM error_event e WHERE e.id = a.target_id) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
      ),
    );
    aliasesDeleted = a.n;
  }
  return { retired, keysDeleted, aliasesDeleted };
}

/**
 * Rows a writer stored without their month's partition wait in the default partition (nearly
 * always empty: a writer that could not create it in time, lib/retention/partitions.ts): each
 * month of them gets its partition now, so that retention can drop it. A month retention dropped
 * gets one too, and is dropped again right after, its rows counted in retired_month.
 */
async function sweepDefaultPartition(db: Database): Promise<void> {
  const months = await db.session((s) =>
    s.query<{ month: string }>(
      `SELECT DISTINCT to_char(date_trunc('month', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS month
         FROM error_event_default ORDER BY 1`,
    ),
  );
  if (!months.length) return;
  await withLockTries(() =>
    db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
      await tx.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
      await tx.exec(`SET LOCAL lock_timeout = '${TABLE_LOCK_WAIT}'`);
      for (const { month } of months) await tx.query("SELECT event_month_partition($1::date)", [month]);
    }),
  );
}

/**
 * Drops one month's partition and its search texts in one short transaction. DROP takes an
 * ACCESS EXCLUSIVE lock on error_event: it waits for reads in progress, and reads that start
 * meanwhile wait behind it. So it waits at most TABLE_LOCK_WAIT (a read of events is delayed by
 * at most that), and tries again a little later, a few times; the next run tries again after that.
 */
async function dropMonth(db: Database, month: string, partition: string): Promise<RetiredMonth> {
  const table = `"${partition.replaceAll('"', "")}"`; // error_event_YYYY_MM (eventPartitions)
  const [{ n }] = await db.session((s) => s.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`));
  let started = 0;
  await withLockTries(() => {
    started = performance.now();
    return db.transaction(async (tx) => {
      // Writes in progress hold the partition lock shared (partitions.ts): wait for them, then drop.
      await tx.exec(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
      await tx.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
      await tx.exec(`SET LOCAL lock_timeout = '${TABLE_LOCK_WAIT}'`);
      await tx.exec(`DROP TABLE IF EXISTS ${table}`);
      await tx.query(
        `INSERT INTO retired_month (month, events) VALUES ($1::date, $2::bigint)
         ON CONFLICT (month) DO UPDATE SET events = retired_month.events + EXCLUDED.events, retired_at = now()`,
        [month, n],
      );
      await tx.query("DELETE FROM event_message WHERE month < $1::date", [nextMonth(month)]);
    });
  });
  forgetEventMonths(db, [month]);
  return { month, events: Number(n), ms: Math.round(performance.now() - started) };
}

/** How long a partition change waits for a table lock (reads of events queue behind it meanwhile). */
const TABLE_LOCK_WAIT = "1s";
/** How long it waits for the partition lock (writes in progress hold it shared). */
const LOCK_WAIT = "10s";
const LOCK_TRIES = 5;
const LOCK_RETRY_MS = 2_000;

/** Runs a partition change again when it gave up waiting for a lock (lock_timeout), a few times. */
async function withLockTries<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if ((error as { code?: string }).code !== "55P03" || attempt >= LOCK_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS * attempt));
    }
  }
}

/** Runs retention in a server now and every RUN_EVERY_MS, one process of a database at a time. */
export function startRetention(db: Database, log: (line: string) => void = console.info): () => void {
  const RETENTION_LOCK_KEY = 7_264_102;
  const run = async () => {
    await db.session(async (s) => {
      const [{ locked }] = await s.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        RETENTION_LOCK_KEY,
      ]);
      if (!locked) return; // another process is at it
      try {
        const result = await retireOldEvents(db);
        for (const r of result.retired)
          log(`triage: retention dropped the events of ${r.month.slice(0, 7)} (${r.events} events; counts kept)`);
      } finally {
        await s.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      }
    });
  };
  const tick = () =>
    void run().catch((error: unknown) => console.error("triage: retention failed (it runs again later):", error));
  // This month's and next month's partitions now and at each run, so that no write waits for them.
  const ahead = () =>
    void ensureComingMonths(db).catch((error: unknown) =>
      console.error("triage: could not create the coming months' event partitions (tried again later):", error),
    );
  ahead();
  const first = setTimeout(tick, FIRST_RUN_MS);
  const timer = setInterval(() => (ahead(), tick()), RUN_EVERY_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

const FIRST_RUN_MS = 30_000;
const RUN_EVERY_MS = 6 * 3_600_000;
