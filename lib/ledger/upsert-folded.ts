// The folded tables' writes: a list of signed counts summed per key and added to a rollup's rows,
// each table in key order (the ledger's lock order, apply.ts). The rows that exist are read and
// locked, the sums (running totals of the day's quarter-hours) made here, each row written whole.
import type { SqlSession } from "../db/sql-session";
import { arrayLiteral } from "../db/array-literal";
import { compareKeys, type KeyColumn } from "../ingest/key-order";
import {
  QUARTERS_PER_DAY,
  isoOf,
  runningTotals,
  storedTotalsLiteral,
  totalsFromStoredText,
} from "../trends/quarter-hours";
import type { Count } from "./apply";

/**
 * problem_daily_count: events per problem, UTC day, district and client, with first and last seen
 * and the day's quarter-hours as running totals (summed here, as upsertRunningTotals does: the rows
 * that exist are read and locked in key order, each row written whole).
 */
export async function upsertDaily(tx: SqlSession, counts: Count[]): Promise<void> {
  const daily = new Map<
    string,
    { key: string[]; n: number; first: number | null; last: number | null; perQuarter: Int32Array }
  >();
  for (const c of counts) {
    const k = `${c.problemId}|${c.day}|${c.lea}|${c.client}`;
    let d = daily.get(k);
    if (!d)
      daily.set(
        k,
        (d = {
          key: [c.problemId, c.day, c.lea, c.client],
          n: 0,
          first: null,
          last: null,
          perQuarter: new Int32Array(QUARTERS_PER_DAY),
        }),
      );
    d.n += c.events;
    d.perQuarter[c.quarter] += c.events; // signed: moved events are taken out
    if (c.first !== null) d.first = d.first === null ? c.first : Math.min(d.first, c.first);
    if (c.last !== null) d.last = d.last === null ? c.last : Math.max(d.last, c.last);
  }
  const order = compareKeys(DAILY_KEY.map((k) => k.order));
  const rows = [...daily.values()].sort((a, b) => order(a.key, b.key));
  const keys = [0, 1, 2, 3].map((i) => arrayLiteral(rows.map((r) => r.key[i])));
  const totals = await totalsAfter(
    tx,
    "problem_daily_count",
    DAILY_KEY,
    keys,
    rows.map((r) => r.perQuarter),
  );
  const iso = (t: number | null) => (t === null ? null : isoOf(t));
  await tx.query(
    `INSERT INTO problem_daily_count AS t (problem_id, day, lea, client, count, first_seen_at, last_seen_at, cumulative)
     SELECT u.problem_id, u.day, u.lea, u.client, u.n, coalesce(u.first, 'infinity'), coalesce(u.last, '-infinity'), u.totals::int[]
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::text[])
         WITH ORDINALITY AS u(problem_id, day, lea, client, n, first, last, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day, lea, client) DO UPDATE SET count = t.count + EXCLUDED.count, cumulative = EXCLUDED.cumulative,
       first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at), last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)`,
    [
      ...keys,
      arrayLiteral(rows.map((r) => r.n)),
      arrayLiteral(rows.map((r) => iso(r.first))),
      arrayLiteral(rows.map((r) => iso(r.last))),
      arrayLiteral(totals),
    ],
  );
}

/** A stored row's running totals as the fold reads them back: the array as text (totalsFromStoredText). */
interface StoredTotals {
  ord: string;
  /** Null for a row without running totals (the columns allow it; no writer leaves one). */
  totals: string | null;
}

/**
 * Each row's running totals once its per-quarter counts are added to what it stores (none for a
 * new row), in the stored form. The rows that exist are read and locked in key order (`keyParams`
 * are the rows' keys, in that order).
 */
async function totalsAfter(
  tx: SqlSession,
  table: string,
  columns: readonly KeyColumnSpec[],
  keyParams: string[],
  perQuarter: readonly ArrayLike<number>[],
): Promise<string[]> {
  const names = columns.map((c) => c.name);
  const existing = await tx.query<StoredTotals>(
    `SELECT u.ord::text AS ord, t.cumulative::text AS totals
       FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")}) WITH ORDINALITY AS u(${names.join(", ")}, ord)
       JOIN ${table} t ON ${names.map((n, i) => `t.${n} = u.${n}${columns[i].cast ? `::${columns[i].cast}` : ""}`).join(" AND ")}
      ORDER BY u.ord FOR UPDATE OF t`,
    keyParams,
  );
  const before = new Map<number, number[]>();
  for (const e of existing) {
    const totals = e.totals === null ? null : totalsFromStoredText(e.totals);
    if (totals) before.set(Number(e.ord) - 1, totals);
  }
  return perQuarter.map((counts, i) => {
    const sum = runningTotals(counts);
    const old = before.get(i);
    if (old) for (let k = 0; k < sum.length; k++) sum[k] += old[k];
    return storedTotalsLiteral(sum);
  });
}

export interface KeyColumnSpec {
  name: string;
  /** The parameter array's element type. */
  type: "bigint" | "date" | "text" | "int";
  /** A cast from it, where the column's type differs (the Team enum). */
  cast?: string;
}

/** Counts summed per key, sorted in the key columns' lock order. */
export function sumBy(
  counts: Count[],
  columns: readonly KeyColumn[],
  keyOf: (c: Count) => string[],
): { key: string[]; events: number; quarters: Count[] }[] {
  const rows = new Map<string, { key: string[]; events: number; quarters: Count[] }>();
  for (const c of counts) {
    const key = keyOf(c);
    const id = key.join("\u0000");
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, events: 0, quarters: [] }));
    row.events += c.events;
    row.quarters.push(c);
  }
  const order = compareKeys(columns);
  return [...rows.values()].sort((a, b) => order(a.key, b.key));
}

/**
 * Adds running totals to a rollup, one row per key (rows already in lock order): the rows that
 * exist are read and locked, the sums made here, and each row written whole. (PostgreSQL has no
 * element-wise array addition; in SQL it costs an executor per row, ~25 µs natively and several
 * times that in PGlite.) Right only because every writer of these rows holds the fold lock (the
 * route trigger included): a row another writer created between the read and the write would lose
 * that writer's quarter-hours.
 */
export async function upsertRunningTotals(
  tx: SqlSession,
  table: string,
  columns: KeyColumnSpec[],
  rows: { key: string[]; events: number; quarters: Count[] }[],
): Promise<void> {
  if (!rows.length) return;
  const names = columns.map((c) => c.name);
  const keyParams = columns.map((_, i) => arrayLiteral(rows.map((r) => r.key[i])));
  const totals = await totalsAfter(
    tx,
    table,
    columns,
    keyParams,
    rows.map((r) => {
      const perQuarter = new Int32Array(QUARTERS_PER_DAY); // signed: moved events are taken out
      for (const q of r.quarters) perQuarter[q.quarter] += q.events;
      return perQuarter;
    }),
  );
  await tx.query(
    `INSERT INTO ${table} AS t (${names.join(", ")}, events, cumulative)
     SELECT ${columns.map((c) => `u.${c.name}${c.cast ? `::${c.cast}` : ""}`).join(", ")}, u.events, u.totals::int[]
       FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")}, $${columns.length + 1}::int[], $${columns.length + 2}::text[])
         WITH ORDINALITY AS u(${names.join(", ")}, events, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (${names.join(", ")}) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = EXCLUDED.cumulative`,
    [...keyParams, arrayLiteral(rows.map((r) => r.events)), arrayLiteral(totals)],
  );
}

/** A key column of a running-totals rollup: its SQL name and type, its lock order, its value of a count. */
interface RollupColumn extends KeyColumnSpec {
  order: KeyColumn;
  of: (c: Count, route: (problemId: string) => string) => string;
}

const PROBLEM: RollupColumn = { name: "problem_id", type: "bigint", order: "id", of: (c) => c.problemId };
const DAY: RollupColumn = { name: "day", type: "date", order: "text", of: (c) => c.day };
const LEA: RollupColumn = { name: "lea", type: "text", order: "text", of: (c) => c.lea };
const STATUS: RollupColumn = { name: "status", type: "int", order: "number", of: (c) => String(c.status) };
const ROUTE: RollupColumn = {
  name: "route",
  type: "text",
  cast: '"Team"',
  order: "team",
  of: (c, route) => route(c.problemId),
};
const CLIENT: RollupColumn = { name: "client", type: "text", order: "text", of: (c) => c.client };

/** problem_daily_count's key. */
const DAILY_KEY = [PROBLEM, DAY, LEA, CLIENT];

/** The running-totals rollups (all but problem_daily_count), in the ledger's table order, by key. */
const RUNNING_TOTAL_ROLLUPS: { table: string; key: RollupColumn[] }[] = [
  { table: "problem_trend_day", key: [PROBLEM, DAY, LEA, STATUS] },
  { table: "problem_day", key: [PROBLEM, DAY] },
  { table: "trend_day", key: [DAY, LEA, STATUS, ROUTE] },
  { table: "trend_all_day", key: [DAY, STATUS, ROUTE] },
  { table: "trend_district_day", key: [DAY, LEA] },
  { table: "client_trend_day", key: [DAY, LEA, CLIENT] },
  { table: "client_day", key: [DAY, CLIENT] },
];

/** Signed counts into every running-totals rollup, one upsert per table, each in key order. */
export async function upsertRunningTotalRollups(
  tx: SqlSession,
  counts: Count[],
  route: (problemId: string) => string,
): Promise<void> {
  for (const { table, key } of RUNNING_TOTAL_ROLLUPS)
    await upsertRunningTotals(
      tx,
      table,
      key,
      sumBy(
        counts,
        key.map((k) => k.order),
        (c) => key.map((k) => k.of(c, route)),
      ),
    );
}

/** A UTC day's month, as problem_month keys it: the month's first day. */
const monthOfDay = (day: string) => `${day.slice(0, 8)}01`;

/**
 * problem_month: events per problem and UTC month (no running totals: a month is only ever read
 * whole), summed here and added in key order.
 */
export async function upsertMonthly(tx: SqlSession, counts: Count[]): Promise<void> {
  const rows = sumBy(counts, ["id", "text"], (c) => [c.problemId, monthOfDay(c.day)]).filter((r) => r.events !== 0);
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO problem_month AS t (problem_id, day, events)
     SELECT u.problem_id, u.day, u.events
       FROM unnest($1::bigint[], $2::date[], $3::int[]) WITH ORDINALITY AS u(problem_id, day, events, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day) DO UPDATE SET events = t.events + EXCLUDED.events`,
    [
      arrayLiteral(rows.map((r) => r.key[0])),
      arrayLiteral(rows.map((r) => r.key[1])),
      arrayLiteral(rows.map((r) => r.events)),
    ],
  );
}

/** After counts were taken out: the rollups' rows of their days (and months) left at zero, deleted. */
export async function deleteZeroRows(tx: SqlSession, counts: Count[]): Promise<void> {
  const days = [...new Set(counts.map((c) => c.day))];
  const problems = [...new Set(counts.map((c) => c.problemId))];
  for (const { table, key } of RUNNING_TOTAL_ROLLUPS) {
    if (key[0] === PROBLEM)
      await tx.query(
        `DELETE FROM ${table} WHERE events = 0 AND problem_id = ANY($1::bigint[]) AND day = ANY($2::date[])`,
        [problems, days],
      );
    else await tx.query(`DELETE FROM ${table} WHERE events = 0 AND day = ANY($1::date[])`, [days]);
  }
  await tx.query(
    "DELETE FROM problem_month WHERE events = 0 AND problem_id = ANY($1::bigint[]) AND day = ANY($2::date[])",
    [problems, [...new Set(days.map(monthOfDay))]],
  );
}
