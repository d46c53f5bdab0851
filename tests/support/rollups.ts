// Every rollup equals the raw events: problem counters, the daily rollup, message counts, and
// the trend counts (folded and pending together, per problem and per client).
import { expect } from "vitest";
import type { TestDatabase } from "./db";

export async function expectRollupsEqualRaw(t: TestDatabase) {
  const q = <R,>(sql: string) => t.db.prisma.$queryRawUnsafe<R[]>(sql);
  const norm = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v instanceof Date ? v.toISOString() : v])))).sort();
  expect(norm(await q("SELECT id::text AS p, event_count AS n FROM problem WHERE event_count <> 0"))).toEqual(norm(await q("SELECT problem_id::text AS p, count(*)::int AS n FROM error_event GROUP BY 1")));
  expect(norm(await q("SELECT problem_id::text AS p, day::text AS d, lea, client, sum(count)::int AS n FROM problem_daily_count GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0"))).toEqual(
    norm(await q("SELECT problem_id::text AS p, (occurred_at AT TIME ZONE 'UTC')::date::text AS d, coalesce(lea, '') AS lea, coalesce(client, '') AS client, count(*)::int AS n FROM error_event GROUP BY 1, 2, 3, 4")),
  );
  expect(norm(await q("SELECT problem_id::text AS p, lea, sum(events)::int AS n FROM event_message GROUP BY 1, 2 HAVING sum(events) <> 0"))).toEqual(
    norm(await q("SELECT problem_id::text AS p, coalesce(lea, '') AS lea, count(*)::int AS n FROM error_event WHERE body IS NOT NULL GROUP BY 1, 2")),
  );
  // Folded and pending trend counts together.
  expect(norm(await q(`SELECT p, d, lea, sum(n)::int AS n FROM (
      SELECT problem_id::text AS p, day::text AS d, lea, events AS n FROM problem_trend_day
      UNION ALL SELECT problem_id::text, day::text, lea, events FROM trend_pending) x GROUP BY 1, 2, 3 HAVING sum(n) <> 0`))).toEqual(
    norm(await q("SELECT problem_id::text AS p, (occurred_at AT TIME ZONE 'UTC')::date::text AS d, coalesce(lea, '') AS lea, count(*)::int AS n FROM error_event GROUP BY 1, 2, 3")),
  );
  expect(norm(await q("SELECT day::text AS d, lea, client, sum(events)::int AS n FROM client_trend_day GROUP BY 1, 2, 3 HAVING sum(events) <> 0"))).toEqual(
    norm(await q(`SELECT d, lea, client, sum(n)::int AS n FROM (
        SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS d, coalesce(lea, '') AS lea, coalesce(client, '') AS client, 1 AS n FROM error_event
        UNION ALL SELECT day::text, lea, client, -events FROM trend_pending) x GROUP BY 1, 2, 3 HAVING sum(n) <> 0`)),
  );
}
