// error_event's monthly partitions (migration 20261205210000_event_partitions): each month's is
// created before the first event of that month is written, by the SQL function the migration
// defines (one definition), and dropped by retention. Each process remembers which months it
// has seen exist, so a write asks the database only for a month new to it.
//
// Locks. One advisory lock (PARTITION_LOCK_KEY) orders what changes the set of partitions against
// what must not see it change: creating a month and dropping one hold it exclusively (waiting at
// most PARTITION_LOCK_WAIT, since new writes queue behind the request); every write transaction
// (holdEventMonths) and each rollup rebuild batch hold it shared. So no month is dropped
// between a write's check and its rows, nor under a rebuild batch.
// Attaching a partition also takes an ACCESS EXCLUSIVE lock on the default partition, which
// every read of events not narrowed to months holds too: it waits at most ATTACH_WAIT, and
// meanwhile reads queue behind it. When it cannot, the rows go to the default partition (no
// write fails for it) and retention's sweep gives them their month later.
import type { Database } from "../db/database";
import type { SqlSession } from "../db/sql-session";
import { monthOf, nextMonth } from "./policy";
import { eventsKeptFrom } from "./retired";
import { utcMidnight } from "../trends/quarter-hours";

export const PARTITION_LOCK_KEY = 7_264_101;
/** How long creating a partition may wait for the default partition (reads wait behind it). */
const ATTACH_WAIT = "500ms";
/**
 * How long a partition change waits for the partition lock, held shared by writes in progress.
 * Short on purpose: PostgreSQL queues every later shared request (every new write) behind a
 * waiting exclusive one, so this is also how long writes can wait for it.
 */
const PARTITION_LOCK_WAIT = "500ms";
/** After a creation gave up, how long writes of that month go to the default partition. */
const RETRY_AFTER_MS = 30_000;

/** Takes the partition lock exclusively for the transaction, waiting at most PARTITION_LOCK_WAIT (else 55P03). */
export async function lockPartitions(tx: SqlSession): Promise<void> {
  await tx.exec(`SET LOCAL lock_timeout = '${PARTITION_LOCK_WAIT}'`);
  await tx.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
}

interface KnownMonths {
  /** Months (first days) this process knows have a partition. */
  exist: Set<string>;
  /** Months whose creation gave up waiting, and when to try again. */
  deferred: Map<string, number>;
}
const knownByDb = new WeakMap<Database, KnownMonths>();
function knownIn(db: Database): KnownMonths {
  let known = knownByDb.get(db);
  if (!known) knownByDb.set(db, (known = { exist: new Set(), deferred: new Map() }));
  return known;
}

/** Events of months retention dropped: refused, naming each (its index in the write). */
export class RetiredMonthError extends Error {
  /** Index in the write → its month ("YYYY-MM-01"). */
  readonly retired: [number, string][];
  constructor(retired: [number, string][]) {
    const months = [...new Set(retired.map(([, m]) => m.slice(0, 7)))].join(", ");
    super(
      `events of ${months} are no longer kept (retention dropped ${retired.length > 1 ? "those months" : "that month"})`,
    );
    this.name = "RetiredMonthError";
    this.retired = retired;
  }
}

/** Whether an error is a RetiredMonthError, also after crossing the PGlite thread (fields kept, class not). */
export function isRetiredMonthError(error: unknown): error is RetiredMonthError {
  return (error as { name?: unknown } | null)?.name === "RetiredMonthError";
}

/** Refuses events before the first kept month (RetiredMonthError naming each by its index). */
export function refuseEventsBefore(from: string | null, occurredAt: readonly number[]): void {
  if (from === null) return;
  const retired: [number, string][] = [];
  occurredAt.forEach((t, i) => {
    if (monthOf(t) < from) retired.push([i, monthOf(t)]);
  });
  if (retired.length) throw new RetiredMonthError(retired);
}

/**
 * In a write's transaction, before its rows: holds the partition lock shared to the transaction's
 * end, so that no month is dropped or closed between the write's checks and its rows (a process's
 * list of known months may be older than a drop). Returns the first kept month (null: none dropped).
 */
export async function holdEventMonths(tx: SqlSession): Promise<string | null> {
  await tx.query("SELECT pg_advisory_xact_lock_shared($1)", [PARTITION_LOCK_KEY]);
  return eventsKeptFrom(tx);
}

/**
 * Makes sure every month of these instants has its partition, before a write that stores them (in
 * a transaction of its own: a month is remembered once its partition is committed). Refuses a
 * month retention already dropped. Costs nothing for months this process has seen; a month
 * another process made costs a catalog lookup; only a month without a partition takes the lock.
 */
export async function ensureEventMonths(db: Database, occurredAt: readonly number[], now = Date.now()): Promise<void> {
  const known = knownIn(db);
  const asked = [...new Set(occurredAt.map(monthOf))]
    .filter((m) => !known.exist.has(m) && (known.deferred.get(m) ?? 0) <= now)
    .sort();
  if (!asked.length) return;
  const missing = await db.session(async (s) => {
    refuseEventsBefore(await eventsKeptFrom(s), occurredAt);
    const rows = await s.query<{ month: string; exists: boolean }>(
      `SELECT m AS month, to_regclass('error_event_' || replace(left(m, 7), '-', '_')) IS NOT NULL AS exists
         FROM unnest($1::text[]) AS m`,
      [asked],
    );
    return rows.filter((r) => !r.exists).map((r) => r.month);
  });
  if (missing.length) {
    try {
      await db.transaction(async (tx) => {
        // One process at a time creates partitions (a lock held to the end of this transaction), so two
        // never race on one name; a process that waited sees the other's partition and creates nothing.
        await lockPartitions(tx);
        refuseEventsBefore(await eventsKeptFrom(tx), occurredAt); // a drop may have come first
        await tx.exec(`SET LOCAL lock_timeout = '${ATTACH_WAIT}'`);
        for (const month of missing) await tx.query("SELECT event_month_partition($1::date)", [month]);
      });
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      // Reads or writes held the locks longer than we wait: the rows go to the default partition.
      for (const month of missing) known.deferred.set(month, now + RETRY_AFTER_MS);
      for (const month of asked) if (!missing.includes(month)) known.exist.add(month);
      return;
    }
  }
  for (const month of asked) {
    known.exist.add(month);
    known.deferred.delete(month);
  }
}

const LOCK_NOT_AVAILABLE = "55P03";

/** This month's partition and the next one's, made ahead so that no write waits to create them. */
export function ensureComingMonths(db: Database, now = Date.now()): Promise<void> {
  const next = utcMidnight(nextMonth(monthOf(now)));
  return ensureEventMonths(db, [now, next], now);
}

/** Forgets months this process knew (retention dropped their partitions). */
export function forgetEventMonths(db: Database, months: readonly string[]): void {
  for (const m of months) knownIn(db).exist.delete(m);
}

export interface EventPartition {
  name: string;
  /** Its month's first day, "YYYY-MM-DD". */
  month: string;
}

/** error_event's partitions, oldest first (their names say their months: error_event_YYYY_MM). */
export async function eventPartitions(session: SqlSession): Promise<EventPartition[]> {
  const rows = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'error_event'::regclass ORDER BY c.relname`,
  );
  return rows.flatMap((r) => {
    const m = /^error_event_(\d{4})_(\d{2})$/.exec(r.name);
    return m ? [{ name: r.name, month: `${m[1]}-${m[2]}-01` }] : [];
  });
}
