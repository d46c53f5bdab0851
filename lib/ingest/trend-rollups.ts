// The trend rollups of a write (problem_trend_day, client_trend_day): the new events counted per
// UTC day, district and status (per problem) or client, by quarter-hour as running totals. One
// upsert per table, rows in key order so that concurrent ingests lock them in one order.
import type { SqlSession } from "../db/sql-session";
import { QUARTERS_PER_DAY, intArrayLiteral, quarterOfDay, runningTotals, utcDayOf } from "../trends/quarter-hours";

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

function tally(events: TrendEvent[], keyOf: (e: TrendEvent, day: string) => string[]): Tally[] {
  const rows = new Map<string, Tally>();
  for (const e of events) {
    const key = keyOf(e, utcDayOf(e.occurredAt));
    const id = key.join("\u0000");
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, perQuarter: new Uint32Array(QUARTERS_PER_DAY), events: 0 }));
    row.perQuarter[quarterOfDay(e.occurredAt)]++;
    row.events++;
  }
  return [...rows.values()];
}

/** Orders rollup keys; `numeric` marks the columns holding bigint ids written as decimal text. */
function byKey(numeric: number[]) {
  return (a: Tally, b: Tally): number => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i], y = b.key[i];
      if (x === y) continue;
      if (numeric.includes(i) && x.length !== y.length) return x.length - y.length;
      return x < y ? -1 : 1;
    }
    return 0;
  };
}

const column = (rows: Tally[], i: number) => rows.map((r) => r.key[i]);
const counts = (rows: Tally[]) => ({ events: rows.map((r) => r.events), totals: rows.map((r) => intArrayLiteral(runningTotals(r.perQuarter))) });

export async function addToTrendRollups(tx: SqlSession, events: TrendEvent[]): Promise<void> {
  if (!events.length) return;
  const problems = tally(events, (e, day) => [e.problemId, day, e.lea ?? "", String(e.status)]).sort(byKey([0, 3]));
  const p = counts(problems);
  await tx.query(
    `INSERT INTO problem_trend_day AS t (problem_id, day, lea, status, events, cumulative)
     SELECT u.problem_id, u.day, u.lea, u.status, u.events, u.totals::int[]
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::int[], $5::int[], $6::text[]) WITH ORDINALITY AS u(problem_id, day, lea, status, events, totals, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day, lea, status) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative)`,
    [column(problems, 0), column(problems, 1), column(problems, 2), column(problems, 3), p.events, p.totals],
  );
  const clients = tally(events, (e, day) => [day, e.lea ?? "", e.client ?? ""]).sort(byKey([]));
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
