// Retention (TRIAGE_RETENTION_DAYS): a month of events whose every day is older than the horizon
// is dropped whole (its partition: one statement, however many events), and what only its events
// held goes with it: their idempotency keys, the aliases of events merged into them, and the
// month's search texts (event_message and problem_message rows of that month, and the texts no
// other month holds). The rollups stay: trends, counts and first/last seen of older months read
// exactly as before. One run at a time (an advisory lock).
import type { Database } from "../db/database";
import { inTransaction, type SqlSession } from "../db/sql-session";
import {
  ensureComingMonths,
  eventPartitions,
  forgetEventMonths,
  lockPartitions,
  type EventPartition,
} from "./partitions";
import { monthsToRetire, nextMonth, previousMonth, retentionDays, retentionHorizon } from "./policy";
import { eventsKeptFrom } from "./retired";
import { deleteMonthTotals, deleteUnusedTexts } from "../ledger/message-totals";
import { holdFoldLock } from "../ledger/apply";

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
  /** Another run (a server's timer, npm run retention) was at it: this one did nothing. */
  busy: boolean;
}

/** One run at a time across every process of a database (the servers' timers and the CLI). */
const RETENTION_LOCK_KEY = 7_264_102;

export async function retireOldEvents(
  db: Database,
  { now = Date.now(), days = retentionDays() }: { now?: number; days?: number } = {},
): Promise<RetentionResult> {
  return db.session(async (s) => {
    const [{ locked }] = await s.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      RETENTION_LOCK_KEY,
    ]);
    if (!locked) return { retired: [], keysDeleted: 0, aliasesDeleted: 0, busy: true };
    try {
      return { ...(await retire(onSession(db, s), retentionHorizon(now, days))), busy: false };
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
    }
  });
}

/**
 * Where a run's statements go. On PostgreSQL, all of them on the connection that holds the run's
 * lock: a run that took a second connection from the pool for each statement would wait forever
 * with a pool of one (TRIAGE_DB_POOL=1), and hold one connection idle with any other. On PGlite
 * (one connection) its own transactions, which hold the instance while they run.
 */
interface Runner {
  db: Database;
  session<T>(fn: (s: SqlSession) => Promise<T>): Promise<T>;
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

function onSession(db: Database, s: SqlSession): Runner {
  if (db.kind === "pglite") return { db, session: (fn) => db.session(fn), transaction: (fn) => db.transaction(fn) };
  return {
    db,
    session: (fn) => fn(s),
    transaction: (fn) => inTransaction(s, fn),
  };
}

async function retire(run: Runner, horizon: number): Promise<Omit<RetentionResult, "busy">> {
  await sweepDefaultPartition(run);
  const toRetire = monthsToRetire(
    (await run.session(eventPartitions)).map((p) => p.month),
    horizon,
  );
  let last: string | undefined = toRetire[toRetire.length - 1];
  if (!last) {
    // Nothing new to retire; but rows of a retired month a writer outside the ledger left behind go too.
    const before = await run.session(eventsKeptFrom);
    if (before && (await holdsEventsBefore(run, before))) last = previousMonth(before);
  }
  const retired = last ? await retireThrough(run, last) : [];
  const from = await run.session(eventsKeptFrom);
  if (from) await deleteRetiredTexts(run, from);
  let keysDeleted = 0;
  let aliasesDeleted = 0;
  if (from) {
    for (;;) {
      const [r] = await run.session((s) =>
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
    const [a] = await run.session((s) =>
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
 * The search texts of every month before `from` (the first kept month), on every run: those of a
 * month an earlier run dropped and was stopped before it got here, too (each month's drop commits
 * alone). Then the texts no kept month holds any more, under the fold lock: a fold adding a count
 * of one meanwhile commits first, and keeps it.
 */
async function deleteRetiredTexts(run: Runner, from: string): Promise<void> {
  await run.transaction(async (tx) => {
    await tx.query("DELETE FROM event_message WHERE month < $1::date", [from]);
    await deleteMonthTotals(tx, from, true);
  });
  await run.transaction(async (tx) => {
    await holdFoldLock(tx);
    await deleteUnusedTexts(tx, null);
  });
}

async function holdsEventsBefore(run: Runner, month: string): Promise<boolean> {
  const [{ any }] = await run.session((s) =>
    s.query<{ any: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM error_event WHERE occurred_at < ($1::date)::timestamp AT TIME ZONE 'UTC') AS any",
      [month],
    ),
  );
  return any;
}

/**
 * Retires every month up to `last` (its first day). First the months are closed: retired_month
 * says so, and every write checks it under the partition lock (partitions.ts), so from then on no
 * event of them is stored, by any process, whatever its own TRIAGE_RETENTION_DAYS. Then each month
 * still holding events (its partition, or rows in the default partition) is counted — exactly,
 * since nothing is added any more — and dropped with its search texts in one short transaction.
 * A month closed but not dropped (a lock not had in time) is dropped by the next run.
 */
async function retireThrough(run: Runner, last: string): Promise<RetiredMonth[]> {
  const end = nextMonth(last);
  await partitionChange(run, (tx) =>
    tx.query("INSERT INTO retired_month (month, events) VALUES ($1::date, 0) ON CONFLICT (month) DO NOTHING", [last]),
  );
  const partitions = (await run.session(eventPartitions)).filter((p) => p.month < end);
  const strays = await run.session((s) =>
    s.query<{ month: string }>(
      `SELECT DISTINCT to_char(date_trunc('month', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS month
         FROM error_event_default WHERE occurred_at < ($1::date)::timestamp AT TIME ZONE 'UTC'`,
      [end],
    ),
  );
  const months = [...new Set([...partitions.map((p) => p.month), ...strays.map((r) => r.month)])].sort();
  const retired: RetiredMonth[] = [];
  for (const month of months)
    retired.push(
      await dropMonth(
        run,
        month,
        partitions.find((p) => p.month === month),
      ),
    );
  return retired;
}

/**
 * Drops one closed month: its partition, its rows in the default partition and its search texts,
 * in one transaction. DROP takes an ACCESS EXCLUSIVE lock on error_event: it waits for reads in
 * progress, and reads that start meanwhile wait behind it. So it waits at most TABLE_LOCK_WAIT (a
 * read of events is delayed by at most that), and tries again a little later, a few times.
 */
async function dropMonth(run: Runner, month: string, partition: EventPartition | undefined): Promise<RetiredMonth> {
  const table = partition && `"${partition.name.replaceAll('"', "")}"`; // error_event_YYYY_MM (eventPartitions)
  // Counted before the drop's lock, exactly: the month is closed, no event of it is added.
  const [{ n }] = table
    ? await run.session((s) => s.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`))
    : [{ n: "0" }];
  let started = 0;
  const events = await partitionChange(run, async (tx) => {
    started = performance.now();
    // The deletes first, the DROP last: its ACCESS EXCLUSIVE lock on error_event (every read of
    // events waits behind it) is held from there to the commit only.
    const [{ strays }] = await tx.query<{ strays: number }>(
      `WITH gone AS (DELETE FROM error_event_default
                      WHERE occurred_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                        AND occurred_at < ($2::date)::timestamp AT TIME ZONE 'UTC' RETURNING 1)
       SELECT count(*)::int AS strays FROM gone`,
      [month, nextMonth(month)],
    );
    await tx.query("DELETE FROM event_message WHERE month = $1::date", [month]);
    await deleteMonthTotals(tx, month);
    const [{ exists }] = table
      ? await tx.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [partition!.name])
      : [{ exists: false }];
    const dropped = exists ? Number(n) : 0;
    await tx.query(
      `INSERT INTO retired_month (month, events) VALUES ($1::date, $2::bigint)
       ON CONFLICT (month) DO UPDATE SET events = retired_month.events + EXCLUDED.events, retired_at = now()`,
      [month, dropped + strays],
    );
    if (exists) await tx.exec(`DROP TABLE ${table}`);
    return dropped + strays;
  });
  forgetEventMonths(run.db, [month]);
  return { month, events, ms: Math.round(performance.now() - started) };
}

/**
 * Rows a writer stored without their month's partition wait in the default partition (nearly
 * always empty: a writer that could not create it in time, lib/retention/partitions.ts): each
 * kept month of them gets its partition now, so that retention can drop it. (Rows of a retired
 * month are retireThrough's: it deletes and counts them.)
 */
async function sweepDefaultPartition(run: Runner): Promise<void> {
  const months = await run.session((s) =>
    s.query<{ month: string }>(
      `SELECT DISTINCT to_char(date_trunc('month', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS month
         FROM error_event_default ORDER BY 1`,
    ),
  );
  if (!months.length) return;
  await partitionChange(run, async (tx) => {
    const from = await eventsKeptFrom(tx);
    for (const { month } of months)
      if (from === null || month >= from) await tx.query("SELECT event_month_partition($1::date)", [month]);
  });
}

/** How long a partition change waits for a table lock (reads of events queue behind it meanwhile). */
const TABLE_LOCK_WAIT = "1s";
const LOCK_TRIES = 5;
const LOCK_RETRY_MS = 2_000;

/**
 * A change of the set of partitions: its own transaction, holding the partition lock exclusively
 * (waited for at most PARTITION_LOCK_WAIT: writes queue behind the request meanwhile) and waiting
 * for table locks at most TABLE_LOCK_WAIT. Tried again later when it gave up, a few times.
 */
async function partitionChange<T>(run: Runner, change: (tx: SqlSession) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run.transaction(async (tx) => {
        await lockPartitions(tx);
        await tx.exec(`SET LOCAL lock_timeout = '${TABLE_LOCK_WAIT}'`);
        return change(tx);
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "55P03" || attempt >= LOCK_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS * attempt));
    }
  }
}

/** Runs retention in a server now and every RUN_EVERY_MS, one process of a database at a time. */
export function startRetention(db: Database, log: (line: string) => void = console.info): () => void {
  const run = async () => {
    const result = await retireOldEvents(db);
    for (const r of result.retired)
      log(`triage: retention dropped the events of ${r.month.slice(0, 7)} (${r.events} events; counts kept)`);
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
