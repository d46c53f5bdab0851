// The counts an event adds to (sign 1) or takes from (sign -1): the problem counters, the daily
// rollup and the message counts. The write path adds new events; restate.ts moves stored ones.
// Rows are locked in one global order (key-order.ts) so concurrent writers cannot deadlock.
import type { SqlSession } from "../db/sql-session";
import { compareIds, compareText } from "./key-order";

/**
 * Counts the stored events' message texts per problem and district (event_message, for search):
 * one upsert per distinct text of the batch, in one global order so concurrent ingests cannot
 * deadlock; a text seen before only has its counter raised (no new index entry).
 */
export async function countMessages(tx: SqlSession, stored: { problemId: string; message: { lea: string; text: string; digest: string } | null }[], sign: 1 | -1 = 1): Promise<void> {
  const counts = new Map<string, { problemId: string; lea: string; text: string; digest: string; n: number }>();
  for (const { problemId, message } of stored) {
    if (!message) continue;
    const key = `${problemId}|${message.digest}`;
    const c = counts.get(key) ?? { problemId, ...message, n: 0 };
    c.n += sign;
    counts.set(key, c);
  }
  if (!counts.size) return;
  const rows = [...counts.values()].sort((a, b) => compareIds(a.problemId, b.problemId) || compareText(a.digest, b.digest));
  await tx.query(
    `INSERT INTO event_message (problem_id, lea, digest, text, events)
     SELECT m.problem_id, m.lea, m.digest, m.text, m.n
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS m(problem_id, lea, digest, text, n, ord)
     ORDER BY m.ord
     ON CONFLICT (problem_id, digest) DO UPDATE SET events = event_message.events + EXCLUDED.events`,
    [rows.map((r) => r.problemId), rows.map((r) => r.lea), rows.map((r) => r.digest), rows.map((r) => r.text), rows.map((r) => r.n)],
  );
}

export interface InsertedEvent {
  id: string;
  problemId: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  lea: string | null;
  client: string | null;
}

/**
 * Adds events to the problem counters and the daily rollup (sign 1), or takes events that move
 * elsewhere out of them (sign -1: re-mapped or enriched events; see restate.ts). Taking out leaves
 * first and last seen as they were: the rollup's times are "seen", not recomputed.
 */
export async function addToRollups(tx: SqlSession, inserted: InsertedEvent[], sign: 1 | -1 = 1): Promise<void> {
  if (!inserted.length) return;
  const daily = new Map<string, { problemId: string; day: string; lea: string; client: string; count: number; first: number; last: number }>();
  const perProblem = new Map<string, { count: number; first: number; last: number; firstEventId: string }>();
  for (const e of inserted) {
    const t = e.occurredAt;
    const day = new Date(t).toISOString().slice(0, 10);
    const lea = e.lea ?? "";
    const client = e.client ?? "";
    const key = `${e.problemId}|${day}|${lea}|${client}`;
    const d = daily.get(key) ?? { problemId: e.problemId, day, lea, client, count: 0, first: t, last: t };
    d.count += sign;
    d.first = Math.min(d.first, t);
    d.last = Math.max(d.last, t);
    daily.set(key, d);
    const p = perProblem.get(e.problemId) ?? { count: 0, first: t, last: t, firstEventId: e.id };
    p.count += sign;
    if (t < p.first) [p.first, p.firstEventId] = [t, e.id];
    p.last = Math.max(p.last, t);
    perProblem.set(e.problemId, p);
  }
  // Rows locked in one global order (problem, day, lea, client; then problem id) so concurrent
  // ingests cannot deadlock on the shared rollup and problem rows.
  const d = [...daily.values()].sort((a, b) => compareIds(a.problemId, b.problemId) || compareText(a.day, b.day) || compareText(a.lea, b.lea) || compareText(a.client, b.client));
  await tx.query(
    `INSERT INTO problem_daily_count (problem_id, day, lea, client, count, first_seen_at, last_seen_at)
     SELECT u.problem_id, u.day, u.lea, u.client, u.count, u.first_seen, u.last_seen
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::timestamptz[]) WITH ORDINALITY AS u(problem_id, day, lea, client, count, first_seen, last_seen, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day, lea, client) DO UPDATE SET count = problem_daily_count.count + EXCLUDED.count,
       first_seen_at = LEAST(problem_daily_count.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(problem_daily_count.last_seen_at, EXCLUDED.last_seen_at)`,
    [d.map((x) => x.problemId), d.map((x) => x.day), d.map((x) => x.lea), d.map((x) => x.client), d.map((x) => x.count), d.map((x) => new Date(x.first).toISOString()), d.map((x) => new Date(x.last).toISOString())],
  );
  const p = [...perProblem.entries()].sort(([a], [b]) => compareIds(a, b));
  await tx.query("SELECT id FROM problem WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE", [p.map(([id]) => id)]);
  if (sign < 0) {
    await tx.query(
      "UPDATE problem SET event_count = problem.event_count + v.n FROM unnest($1::bigint[], $2::int[]) AS v(id, n) WHERE problem.id = v.id",
      [p.map(([id]) => id), p.map(([, x]) => x.count)],
    );
    return;
  }
  // A resolved problem that receives new events has regressed; its history says by which event.
  await tx.query(
    `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::timestamptz[], $5::bigint[]) AS v(id, n, first_seen, last_seen, first_event)),
     updated AS (
       UPDATE problem SET event_count = problem.event_count + v.n,
              first_seen_at = LEAST(problem.first_seen_at, v.first_seen),
              last_seen_at = GREATEST(problem.last_seen_at, v.last_seen),
              triage_status = CASE WHEN problem.triage_status = 'resolved' THEN 'regressed'::"ProblemStatus" ELSE problem.triage_status END
         FROM v WHERE problem.id = v.id
       RETURNING problem.id, (SELECT o.triage_status FROM problem o WHERE o.id = problem.id) AS before)
     INSERT INTO problem_activity (problem_id, actor_id, kind, data)
     SELECT u.id, NULL, 'regressed', jsonb_build_object('from', 'resolved', 'to', 'regressed', 'eventId', v.first_event::text, 'occurredAt', v.first_seen)
       FROM updated u JOIN v ON v.id = u.id WHERE u.before = 'resolved'`,
    [p.map(([id]) => id), p.map(([, x]) => x.count), p.map(([, x]) => new Date(x.first).toISOString()), p.map(([, x]) => new Date(x.last).toISOString()), p.map(([, x]) => x.firstEventId)],
  );
}
