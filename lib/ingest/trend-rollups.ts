// The trend rollups of the write path, in two steps. Ingest adds its new events to scalar counters
// per problem, UTC day, district, client, status and quarter-hour (trend_pending): as cheap as the
// daily rollup. Folding (foldTrendPending, a procedure) moves those counts into the running-total
// rollups in bulk — per problem and status (problem_trend_day), per status and route (trend_day,
// the series) and per client (client_trend_day), once per key per fold instead of once per key
// per request, with the arrays summed here: PostgreSQL has no element-wise array addition, and in
// SQL it costs an executor per row (~25 µs natively). Rows are written in key order
// (key-order.ts) so that concurrent writers lock them in one order.
import type { SqlSession } from "../db/sql-session";
import { QUARTERS_PER_DAY, intArrayLiteral, quarterOfDay, runningTotals, utcDayOf } from "../trends/quarter-hours";
import { compareKeys, type KeyColumn } from "./key-order";

export interface TrendEvent {
  problemId: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  lea: string | null;
  client: string | null;
  status: number;
}

/** Events of one problem, day, district, client, status and quarter-hour. */
interface Count {
  problemId: string;
  day: string;
  lea: string;
  client: string;
  status: number;
  quarter: number;
  events: number;
}

/** Counts summed per key, sorted in the key columns' lock order. */
function sumBy<K extends string[]>(counts: Count[], columns: readonly KeyColumn[], keyOf: (c: Count) => K): { key: K; events: number; quarters: Count[] }[] {
  const rows = new Map<string, { key: K; events: number; quarters: Count[] }>();
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

/** Adds the stored events of a write to the pending counters (sign -1: events that move elsewhere; the fold sums them). */
export async function addToTrendPending(tx: SqlSession, events: TrendEvent[], sign: 1 | -1 = 1): Promise<void> {
  if (!events.length) return;
  const counts = events.map((e): Count => ({ problemId: e.problemId, day: utcDayOf(e.occurredAt), lea: e.lea ?? "", client: e.client ?? "", status: e.status, quarter: quarterOfDay(e.occurredAt), events: sign }));
  const rows = sumBy(counts, ["id", "text", "text", "text", "number", "number"], (c) => [c.problemId, c.day, c.lea, c.client, String(c.status), String(c.quarter)]);
  const column = (i: number) => rows.map((r) => r.key[i]);
  await tx.query(
    `INSERT INTO trend_pending AS t (problem_id, day, lea, client, status, quarter, events)
     SELECT u.problem_id, u.day, u.lea, u.client, u.status, u.quarter, u.events
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::int[], $6::smallint[], $7::int[]) WITH ORDINALITY AS u(problem_id, day, lea, client, status, quarter, events, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day, lea, client, status, quarter) DO UPDATE SET events = t.events + EXCLUDED.events`,
    [column(0), column(1), column(2), column(3), column(4), column(5), rows.map((r) => r.events)],
  );
}

interface KeyColumnSpec {
  name: string;
  /** The parameter array's element type. */
  type: "bigint" | "date" | "text" | "int";
  /** A cast from it, where the column's type differs (the Team enum). */
  cast?: string;
}

/**
 * Adds running totals to a rollup, one row per key (rows already in lock order): the rows that
 * exist are read and locked, the sums made here, and each row written whole. (PostgreSQL has no
 * element-wise array addition; in SQL it costs an executor per row, ~25 µs natively and several
 * times that in PGlite.)
 */
async function upsertRunningTotals(tx: SqlSession, table: string, columns: KeyColumnSpec[], rows: { key: string[]; events: number; quarters: Count[] }[]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map((c) => c.name);
  const keyParams = columns.map((_, i) => rows.map((r) => r.key[i]));
  const unnestKeys = `unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")}) WITH ORDINALITY AS u(${names.join(", ")}, ord)`;
  const existing = await tx.query<{ ord: string; cumulative: number[] }>(
    `SELECT u.ord::text AS ord, t.cumulative FROM ${unnestKeys}
       JOIN ${table} t ON ${names.map((n, i) => `t.${n} = u.${n}${columns[i].cast ? `::${columns[i].cast}` : ""}`).join(" AND ")}
      ORDER BY u.ord FOR UPDATE OF t`,
    keyParams,
  );
  const before = new Map(existing.map((e) => [Number(e.ord) - 1, e.cumulative]));
  const totals = rows.map((r, i) => {
    const perQuarter = new Int32Array(QUARTERS_PER_DAY); // signed: moved events are taken out (restate.ts)
    for (const q of r.quarters) perQuarter[q.quarter] += q.events;
    const sum = runningTotals(perQuarter);
    const old = before.get(i);
    if (old) for (let k = 0; k < sum.length; k++) sum[k] += old[k];
    return intArrayLiteral(sum);
  });
  await tx.query(
    `INSERT INTO ${table} AS t (${names.join(", ")}, events, cumulative)
     SELECT ${columns.map((c) => `u.${c.name}${c.cast ? `::${c.cast}` : ""}`).join(", ")}, u.events, u.totals::int[]
       FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")}, $${columns.length + 1}::int[], $${columns.length + 2}::text[])
         WITH ORDINALITY AS u(${names.join(", ")}, events, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (${names.join(", ")}) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = EXCLUDED.cumulative`,
    [...keyParams, rows.map((r) => r.events), totals],
  );
}

/**
 * Moves every pending count into the running-total rollups, in one transaction. The problems are
 * locked first (in id order, as ingest locks them), so the route each count joins in trend_day is
 * the problem's route now: a route change waits, then moves the folded rows (the trigger).
 */
export async function foldTrendPending(tx: SqlSession): Promise<number> {
  const locked = await tx.query<{ id: string; route: string }>(
    `SELECT id::text, coalesce(assigned_team, route)::text AS route FROM problem
      WHERE id IN (SELECT DISTINCT problem_id FROM trend_pending) ORDER BY id FOR NO KEY UPDATE`,
  );
  if (!locked.length) return 0;
  const routes = new Map(locked.map((r) => [r.id, r.route]));
  const gone = await tx.query<{ problem_id: string; day: string; lea: string; client: string; status: number; quarter: number; events: number }>(
    `DELETE FROM trend_pending WHERE problem_id = ANY($1::bigint[])
     RETURNING problem_id::text, to_char(day, 'YYYY-MM-DD') AS day, lea, client, status, quarter, events`,
    [locked.map((r) => r.id)],
  );
  const counts = gone.map((g): Count => ({ problemId: g.problem_id, day: g.day, lea: g.lea, client: g.client, status: g.status, quarter: g.quarter, events: g.events }));
  const [problem, day, lea, status] = [{ name: "problem_id", type: "bigint" }, { name: "day", type: "date" }, { name: "lea", type: "text" }, { name: "status", type: "int" }] as const;
  await upsertRunningTotals(tx, "problem_trend_day", [problem, day, lea, status],
    sumBy(counts, ["id", "text", "text", "number"], (c) => [c.problemId, c.day, c.lea, String(c.status)]));
  await upsertRunningTotals(tx, "trend_day", [day, lea, status, { name: "route", type: "text", cast: '"Team"' }],
    sumBy(counts, ["text", "text", "number", "team"], (c) => [c.day, c.lea, String(c.status), routes.get(c.problemId)!]));
  await upsertRunningTotals(tx, "client_trend_day", [day, lea, { name: "client", type: "text" }],
    sumBy(counts, ["text", "text", "text"], (c) => [c.day, c.lea, c.client]));
  return gone.reduce((n, g) => n + g.events, 0);
}
