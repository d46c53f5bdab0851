// error_event's monthly partitions (migration 20261205210000_event_partitions): each month's is
// created before the first event of that month is written, by the SQL function the migration
// defines (one definition), and dropped by retention. Each process remembers which months it
// has seen exist, so a write asks the database only for a month new to it.
import type { Database } from "../db/database";
import type { SqlSession } from "../db/sql-session";
import { monthOf } from "./policy";
import { eventsKeptFrom } from "./retired";

/** Months (first days) this process knows have a partition, per database. */
const knownByDb = new WeakMap<Database, Set<string>>();
const knownIn = (db: Database) => knownByDb.get(db) ?? (knownByDb.set(db, new Set()), knownByDb.get(db)!);

/** Thrown when a write would bring back a month retention dropped. */
export class RetiredMonthError extends Error {
  constructor(readonly month: string) {
    super(`events of ${month.slice(0, 7)} are no longer kept (retention dropped that month)`);
  }
}

/**
 * Makes sure every month of these instants has its partition, before a write that stores them (in
 * a transaction of its own: a month is remembered once its partition is committed). Refuses a
 * month retention already dropped. Costs nothing for months this process has seen.
 */
export async function ensureEventMonths(db: Database, occurredAt: Iterable<number>): Promise<void> {
  const known = knownIn(db);
  const missing = [...new Set([...occurredAt].map(monthOf))].filter((m) => !known.has(m)).sort();
  if (!missing.length) return;
  await db.transaction(async (tx) => {
    const from = await eventsKeptFrom(tx);
    const retired = missing.find((m) => from !== null && m < from);
    if (retired) throw new RetiredMonthError(retired);
    // One process at a time creates partitions (a lock held to the end of this transaction), so two
    // never race on one name; a process that waited sees the other's partition and creates nothing.
    await tx.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
    for (const month of missing) await tx.query("SELECT event_month_partition($1::date)", [month]);
  });
  for (const month of missing) known.add(month);
}

/** Forgets months this process knew (retention dropped their partitions). */
export function forgetEventMonths(db: Database, months: readonly string[]): void {
  for (const m of months) knownIn(db).delete(m);
}

export const PARTITION_LOCK_KEY = 7_264_101;

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
