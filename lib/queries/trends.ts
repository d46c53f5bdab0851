// Error trends from the daily rollup, always inside the caller's Scope.
import type { Database } from "../db/database";
import { scopeCondition, type Scope } from "../auth/scope";
import { runQuery, type SqlQuery } from "./sql";

export interface TrendPoint {
  day: string;
  /** The team the problem is routed to (assignment overrides the suggestion). */
  route: string;
  count: number;
}

export function errorTrendQuery(scope: Scope, days = 30): SqlQuery {
  const params: unknown[] = [days];
  const inScope = scopeCondition(scope, "d.lea", params);
  return {
    sql: `SELECT d.day, coalesce(p.assigned_team, p.route)::text AS route, sum(d.count) AS count
       FROM problem_daily_count d
       JOIN problem p ON p.id = d.problem_id
      WHERE d.day > current_date - $1::int AND ${inScope}
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    params,
  };
}

export async function errorTrend(db: Database, scope: Scope, days = 30): Promise<TrendPoint[]> {
  const rows = await runQuery<{ day: Date | string; route: string; count: bigint | number }>(db, errorTrendQuery(scope, days));
  return rows.map((r) => ({ day: new Date(r.day).toISOString().slice(0, 10), route: r.route, count: Number(r.count) }));
}
