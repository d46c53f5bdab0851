// Error trends from the daily rollup, always inside the caller's Scope.
import type { Database } from "../db/database";
import { scopeCondition, type Scope } from "../auth/scope";

export interface TrendPoint {
  day: string;
  /** The team the problem is routed to (assignment overrides the suggestion). */
  route: string;
  count: number;
}

export async function errorTrend(db: Database, scope: Scope, days = 30): Promise<TrendPoint[]> {
  const params: unknown[] = [days];
  const inScope = scopeCondition(scope, "d.lea", params);
  const rows = await db.prisma.$queryRawUnsafe<{ day: Date | string; route: string; count: bigint | number }[]>(
    `SELECT d.day, coalesce(p.assigned_team, p.route)::text AS route, sum(d.count) AS count
       FROM problem_daily_count d
       JOIN problem p ON p.id = d.problem_id
      WHERE d.day > current_date - $1::int AND ${inScope}
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    ...params,
  );
  return rows.map((r) => ({ day: new Date(r.day).toISOString().slice(0, 10), route: r.route, count: Number(r.count) }));
}
