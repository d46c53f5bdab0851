// Idempotency: which of a key's eventIds are stored, and keeping the new ones. event_key holds each
// (eventId, API key) once across every month's partition of error_event (a unique index on the
// partitioned table would have to include occurred_at); event_alias holds the eventIds of events
// that completed another instead of being stored.
import type { SqlSession } from "../db/sql-session";
import { EVENT_IDEMPOTENCY_INDEX } from "../db/retry";
import { isoOf } from "../trends/quarter-hours";
import { arrayLiteral } from "../db/array-literal";

/** The stored events of this key among these eventIds, and those that completed another (event_alias). */
export async function storedEventIds(
  tx: SqlSession,
  apiKeyId: number,
  ids: readonly string[],
): Promise<Map<string, { id: string; problemId: string }>> {
  const eventIds = [...new Set(ids)];
  if (!eventIds.length) return new Map();
  const found = await tx.query<{ id: string; problem_id: string; event_id: string }>(
    `SELECT e.id::text, e.problem_id::text, k.event_id FROM event_key k JOIN error_event e ON e.id = k.event_row
      WHERE k.api_key_id = $1 AND k.event_id = ANY($2::text[])
     UNION ALL
     SELECT e.id::text, e.problem_id::text, a.event_id FROM event_alias a JOIN error_event e ON e.id = a.target_id
      WHERE a.api_key_id = $1 AND a.event_id = ANY($2::text[])`,
    [apiKeyId, arrayLiteral(eventIds)],
  );
  return new Map(found.map((e) => [e.event_id, { id: e.id, problemId: e.problem_id }]));
}

/**
 * New events' eventIds (those without one are skipped), in the order given (eventId order): two
 * requests storing the same new eventIds meet on event_key's primary key in one order; the later
 * one finds the key taken and fails as a unique violation (retried: it then finds the event).
 * A key older than the first kept month (`keptFrom`) names an event retention dropped, whose key
 * was not deleted yet: it is taken over.
 */
export async function storeEventKeys(
  tx: SqlSession,
  apiKeyId: number,
  stored: readonly { eventId: string | null; row: string; occurredAt: number }[],
  keptFrom: string | null,
): Promise<void> {
  const keyed = stored.filter((k) => k.eventId !== null);
  if (!keyed.length) return;
  const [{ n }] = await tx.query<{ n: number }>(
    `WITH kept AS (
       INSERT INTO event_key AS t (event_id, api_key_id, event_row, occurred_at)
       SELECT k.event_id, $1, k.event_row, k.occurred_at
         FROM unnest($2::text[], $3::bigint[], $4::timestamptz[]) WITH ORDINALITY AS k(event_id, event_row, occurred_at, ord)
       ORDER BY k.ord
       ON CONFLICT (event_id, api_key_id) DO UPDATE SET event_row = EXCLUDED.event_row, occurred_at = EXCLUDED.occurred_at
        WHERE t.occurred_at < ($5::date)::timestamp AT TIME ZONE 'UTC'
       RETURNING 1)
     SELECT count(*)::int AS n FROM kept`,
    [
      apiKeyId,
      arrayLiteral(keyed.map((k) => k.eventId)),
      arrayLiteral(keyed.map((k) => k.row)),
      arrayLiteral(keyed.map((k) => isoOf(k.occurredAt))),
      keptFrom,
    ],
  );
  if (n < keyed.length)
    throw Object.assign(new Error("an eventId of this batch was stored meanwhile"), {
      code: "23505",
      constraint: EVENT_IDEMPOTENCY_INDEX,
    });
}

/**
 * The keys of the events just rewritten from merged_event (write.ts) take their events' times:
 * retention deletes keys by time, and a key must go with its event, not before nor after.
 */
export async function moveEventKeys(tx: SqlSession): Promise<void> {
  await tx.query(
    `UPDATE event_key k SET occurred_at = e.occurred_at FROM merged_event m JOIN error_event e ON e.id = m.id
      WHERE k.event_id = e.event_id AND k.api_key_id = e.api_key_id AND k.event_row = e.id
        AND k.occurred_at <> e.occurred_at`,
  );
}
