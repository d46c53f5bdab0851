// The trend rollups of a write: the new events counted per UTC day and district, by quarter-hour
// as running totals — per problem and status (problem_trend_day), per status and route
// (trend_day, the series) and per client (client_trend_day). One upsert per table, rows in key
// order (key-order.ts) so that concurrent writers lock them in one order.
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

interface Tally {
  key: string[];
  perQuarter: Uint32Array;
  events: number;
}

/** The events counted per key, sorted in the key columns' lock order. */
function tally(events: TrendEvent[], columns: readonly KeyColumn[], keyOf: (e: TrendEvent, day: string) => string[]): Tally[] {
  const rows = new Map<string, Tally>();
  for (const e of events) {
    const key = keyOf(e, utcDayOf(e.occurredAt));
    const id = key.join("\u0000");
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, perQuarter: new Uint32Array(QUARTERS_PER_DAY), events: 0 }));
    row.perQuarter[quarterOfDay(e.occurredAt)]++;
    row.events++;
  }
  const order = compareKeys(columns);
  return [...rows.values()].sort((a, b) => order(a.key, b.key));
}

const column = (rows: Tally[], i: number) => rows.map((r) => r.key[i]);
const counts = (rows: Tally[]) => ({ events: rows.map((r) => r.events), totals: rows.map((r) => intArrayLiteral(runningTotals(r.perQuarter))) });

/** `routes`: each problem's route as read under its row lock (write.ts). */
export async function addToTrendRollups(tx: SqlSession, events: TrendEvent[], routes: ReadonlyMap<string, string>): Promise<void> {
  if (!events.length) return;
  const problems = tally(events, ["id", "text", "text", "number"], (e, day) => [e.problemId, day, e.lea ?? "", String(e.status)]);
  const p = counts(problems);
  await tx.query(
    `INSERT INTO problem_trend_day AS t (problem_id, day, lea, status, events, cumulative)
     SELECT u.problem_id, u.day, u.lea, u.status, u.events, u.totals::int[]
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::int[], $5::int[], $6::text[]) WITH ORDINALITY AS u(problem_id, day, lea, status, events, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day, lea, status) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative)`,
    [column(problems, 0), column(problems, 1), column(problems, 2), column(problems, 3), p.events, p.totals],
  );
  const series = tally(events, ["text", "text", "number", "team"], (e, day) => [day, e.lea ?? "", String(e.status), routes.get(e.problemId)!]);
  const s = counts(series);
  await tx.query(
    `INSERT INTO trend_day AS t (day, lea, status, route, events, cumulative)
     SELECT u.day, u.lea, u.status, u.route::"Team", u.events, u.totals::int[]
       FROM unnest($1::date[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[]) WITH ORDINALITY AS u(day, lea, status, route, events, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (day, lea, status, route) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative)`,
    [column(series, 0), column(series, 1), column(series, 2), column(series, 3), s.events, s.totals],
  );
  const clients = tally(events, ["text", "text", "text"], (e, day) => [day, e.lea ?? "", e.client ?? ""]);
  const c = counts(clients);
  await tx.query(
    `INSERT INTO client_trend_day AS t (day, lea, client, events, cumulative)
     SELECT u.day, u.lea, u.client, u.events, u.totals::int[]
       FROM unnest($1::date[], $2::text[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY AS u(day, lea, client, events, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (day, lea, client) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative)`,
    [column(clients, 0), column(clients, 1), column(clients, 2), c.events, c.totals],
  );
}
