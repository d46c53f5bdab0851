// First and last seen after events left a daily row (moveShares in apply.ts: enrichment, client
// re-map, reclassification): recomputed from the events that remain, only where it can have changed.
import type { SqlSession } from "../db/sql-session";
import { utcDayOf } from "../trends/quarter-hours";
import type { Share } from "./share";

/**
 * First and last seen of the daily rows events left, recomputed from the events that remain (the
 * events' rows are already rewritten). Only where a departed event could have been the first or
 * the last: a row whose first seen is not after the earliest departure, or whose last seen is not
 * before the latest, keeps both (reclassifying a busy problem would otherwise rescan its days
 * at every step). Rows left at zero are deleted.
 */
export async function restateSeen(tx: SqlSession, taken: readonly Share[]): Promise<void> {
  const keys = new Map<
    string,
    { problemId: string; day: string; lea: string; client: string; first: number; last: number }
  >();
  for (const s of taken) {
    const k = { problemId: s.problemId, day: utcDayOf(s.occurredAt), lea: s.lea ?? "", client: s.client ?? "" };
    const key = `${k.problemId}|${k.day}|${k.lea}|${k.client}`;
    const row = keys.get(key);
    if (row) {
      row.first = Math.min(row.first, s.occurredAt);
      row.last = Math.max(row.last, s.occurredAt);
    } else keys.set(key, { ...k, first: s.occurredAt, last: s.occurredAt });
  }
  if (!keys.size) return;
  const k = [...keys.values()];
  const params = [k.map((x) => x.problemId), k.map((x) => x.day), k.map((x) => x.lea), k.map((x) => x.client)];
  await tx.query(
    `UPDATE problem_daily_count d SET first_seen_at = x.first, last_seen_at = x.last
       FROM (SELECT k.problem_id, k.day, k.lea, k.client, min(e.occurred_at) AS first, max(e.occurred_at) AS last
               FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
                      AS k(problem_id, day, lea, client, gone_first, gone_last)
               JOIN problem_daily_count c ON c.problem_id = k.problem_id AND c.day = k.day AND c.lea = k.lea AND c.client = k.client
                AND c.count > 0 AND (c.first_seen_at >= k.gone_first OR c.last_seen_at <= k.gone_last)
               JOIN error_event e ON e.problem_id = k.problem_id
                AND e.occurred_at >= (k.day::timestamp AT TIME ZONE 'UTC') AND e.occurred_at < ((k.day + 1)::timestamp AT TIME ZONE 'UTC')
                AND coalesce(e.lea, '') = k.lea AND coalesce(e.client, '') = k.client
              GROUP BY 1, 2, 3, 4) x
      WHERE d.problem_id = x.problem_id AND d.day = x.day AND d.lea = x.lea AND d.client = x.client`,
    [...params, k.map((x) => new Date(x.first).toISOString()), k.map((x) => new Date(x.last).toISOString())],
  );
  await tx.query(
    `DELETE FROM problem_daily_count d USING unnest($1::bigint[], $2::date[], $3::text[], $4::text[]) AS k(problem_id, day, lea, client)
      WHERE d.problem_id = k.problem_id AND d.day = k.day AND d.lea = k.lea AND d.client = k.client AND d.count = 0`,
    params,
  );
}
