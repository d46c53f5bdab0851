// The write path: one transaction per request. Problems are upserted first, events inserted with
// one multi-row statement per chunk (arrays unnested, so the bind-parameter count is constant),
// duplicates by eventId skipped by the unique index, and only the rows actually inserted are
// added to the Problem counters and the ProblemDailyCount rollup.
import type { SqlSession } from "../db/database";
import type { EventRow } from "./prepare";

export interface WrittenEvent {
  id: string;
  problemId: string;
  duplicate: boolean;
}

/** Rows per INSERT statement. Parameters are per column (unnest), so this bounds memory only. */
const CHUNK = 2_000;

export async function writeEvents(tx: SqlSession, rows: EventRow[]): Promise<WrittenEvent[]> {
  const problemIds = await upsertProblems(tx, rows);
  const results: (WrittenEvent | undefined)[] = new Array(rows.length);
  const inserted: { problemId: string; occurredAt: Date; lea: string | null }[] = [];

  const withProblems = rows.map((row) => ({ ...row, problemId: problemIds.get(row.fingerprint)! }));
  for (let start = 0; start < withProblems.length; start += CHUNK) {
    const chunk = withProblems.slice(start, start + CHUNK);
    const ids = await insertEventChunk(tx, chunk);
    ids.forEach((id, i) => {
      if (id === null) return;
      const row = chunk[i];
      results[start + i] = { id, problemId: row.problemId, duplicate: false };
      inserted.push({ problemId: row.problemId, occurredAt: row.occurredAt, lea: row.lea });
    });
  }

  // Rows not returned were duplicates by eventId: answer with the stored event.
  const missing = rows.flatMap((row, i) => (results[i] ? [] : [{ i, eventId: row.eventId! }]));
  if (missing.length) {
    const existing = await tx.query<{ id: string; problem_id: string; event_id: string }>(
      "SELECT id::text, problem_id::text, event_id FROM error_event WHERE event_id = ANY($1::text[])",
      [[...new Set(missing.map((m) => m.eventId))]],
    );
    const byEventId = new Map(existing.map((e) => [e.event_id, e]));
    for (const m of missing) {
      const e = byEventId.get(m.eventId)!;
      results[m.i] = { id: e.id, problemId: e.problem_id, duplicate: true };
    }
  }

  await addToRollups(tx, inserted);
  return results as WrittenEvent[];
}

/** Problem id per fingerprint; creates the problems not seen before (rows are never rewritten). */
async function upsertProblems(tx: SqlSession, rows: EventRow[]): Promise<Map<string, string>> {
  const first = new Map<string, EventRow>();
  for (const row of rows) if (!first.has(row.fingerprint)) first.set(row.fingerprint, row);
  const ids = new Map<string, string>();
  const known = await tx.query<{ id: string; fingerprint: string }>("SELECT id::text, fingerprint FROM problem WHERE fingerprint = ANY($1::text[])", [[...first.keys()]]);
  for (const k of known) ids.set(k.fingerprint, k.id);
  // Sorted, so that concurrent transactions take the unique-index locks in the same order.
  const fresh = [...first.values()].filter((r) => !ids.has(r.fingerprint)).sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
  if (!fresh.length) return ids;
  const created = await tx.query<{ id: string; fingerprint: string }>(
    `INSERT INTO problem (fingerprint, article_id, resource, signature, canonical_type, http_status, title, sample_detail, route, alt, first_seen_at, last_seen_at, event_count)
     SELECT p.fingerprint, p.article_id, p.resource, p.signature, p.canonical_type, p.http_status, p.title, p.sample_detail,
            p.route::"Team", p.alt::"Team", p.seen_at, p.seen_at, 0
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
         AS p(fingerprint, article_id, resource, signature, canonical_type, http_status, title, sample_detail, route, alt, seen_at)
     ON CONFLICT (fingerprint) DO NOTHING
     RETURNING id::text, fingerprint`,
    [
      fresh.map((r) => r.fingerprint),
      fresh.map((r) => r.articleId),
      fresh.map((r) => r.resource),
      fresh.map((r) => r.signature),
      fresh.map((r) => r.canonicalType),
      fresh.map((r) => r.status),
      fresh.map((r) => r.title),
      fresh.map((r) => r.detail?.slice(0, 1_000) ?? null),
      fresh.map((r) => r.route),
      fresh.map((r) => r.alt),
      fresh.map((r) => r.occurredAt.toISOString()),
    ],
  );
  for (const c of created) ids.set(c.fingerprint, c.id);
  if (created.length < fresh.length) {
    // Another transaction created some of them meanwhile (PostgreSQL): read their ids.
    const raced = await tx.query<{ id: string; fingerprint: string }>("SELECT id::text, fingerprint FROM problem WHERE fingerprint = ANY($1::text[])", [fresh.filter((r) => !ids.has(r.fingerprint)).map((r) => r.fingerprint)]);
    for (const r of raced) ids.set(r.fingerprint, r.id);
  }
  return ids;
}

/**
 * Inserts one chunk; returns, per row, its id or null when its eventId was already stored.
 * Ids are drawn from the sequence first so that RETURNING maps back to rows exactly.
 */
async function insertEventChunk(tx: SqlSession, chunk: (EventRow & { problemId: string })[]): Promise<(string | null)[]> {
  // Inserted in eventId order, so that two requests carrying the same eventIds (retries) wait on
  // each other's unique-index entries in one order instead of deadlocking.
  const order = chunk.map((_, i) => i).sort((a, b) => compareEventIds(chunk[a].eventId, chunk[b].eventId));
  const rows = order.map((i) => chunk[i]);
  const drawn = await tx.query<{ id: string }>("SELECT nextval(pg_get_serial_sequence('error_event', 'id'))::text AS id FROM generate_series(1, $1::int)", [rows.length]);
  const ids = drawn.map((r) => r.id);
  const returned = await tx.query<{ id: string }>(
    `INSERT INTO error_event (id, event_id, occurred_at, method, url, status, resource, lea, client, correlation_id, format,
        received_type, canonical_type, body, request_body, request_headers, article_id,
        matched_articles, route, alt, fingerprint, problem_id, api_key_id)
     SELECT e.id, e.event_id, e.occurred_at, e.method, e.url, e.status, e.resource, e.lea, e.client, e.correlation_id, e.format,
        e.received_type, e.canonical_type, e.body::jsonb, e.request_body::jsonb, e.request_headers::jsonb,
        e.article_id, e.matched_articles::text[], e.route::"Team", e.alt::"Team",
        e.fingerprint, e.problem_id, e.api_key_id
       FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                   $18::text[], $19::text[], $20::text[], $21::text[], $22::bigint[], $23::int[])
         WITH ORDINALITY AS e(id, event_id, occurred_at, method, url, status, resource, lea, client, correlation_id, format,
            received_type, canonical_type, body, request_body, request_headers, article_id,
            matched_articles, route, alt, fingerprint, problem_id, api_key_id, ord)
      ORDER BY e.ord
     ON CONFLICT (event_id) DO NOTHING
     RETURNING id::text`,
    [
      ids,
      rows.map((r) => r.eventId),
      rows.map((r) => r.occurredAt.toISOString()),
      rows.map((r) => r.method),
      rows.map((r) => r.url),
      rows.map((r) => r.status),
      rows.map((r) => r.resource),
      rows.map((r) => r.lea),
      rows.map((r) => r.client),
      rows.map((r) => r.correlationId),
      rows.map((r) => r.format),
      rows.map((r) => r.receivedType),
      rows.map((r) => r.canonicalType),
      rows.map((r) => r.bodyJson),
      rows.map((r) => r.requestBodyJson),
      rows.map((r) => r.requestHeadersJson),
      rows.map((r) => r.articleId),
      rows.map((r) => pgArrayLiteral(r.matchedArticles)),
      rows.map((r) => r.route),
      rows.map((r) => r.alt),
      rows.map((r) => r.fingerprint),
      rows.map((r) => r.problemId),
      rows.map((r) => r.apiKeyId),
    ],
  );
  const stored = new Set(returned.map((r) => r.id));
  const byChunkIndex: (string | null)[] = new Array(chunk.length);
  order.forEach((chunkIndex, sortedIndex) => {
    byChunkIndex[chunkIndex] = stored.has(ids[sortedIndex]) ? ids[sortedIndex] : null;
  });
  return byChunkIndex;
}

function compareEventIds(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

async function addToRollups(tx: SqlSession, inserted: { problemId: string; occurredAt: Date; lea: string | null }[]): Promise<void> {
  if (!inserted.length) return;
  const daily = new Map<string, { problemId: string; day: string; lea: string; count: number }>();
  const perProblem = new Map<string, { count: number; first: number; last: number }>();
  for (const e of inserted) {
    const day = e.occurredAt.toISOString().slice(0, 10);
    const key = `${e.problemId}|${day}|${e.lea ?? ""}`;
    const d = daily.get(key) ?? { problemId: e.problemId, day, lea: e.lea ?? "", count: 0 };
    d.count++;
    daily.set(key, d);
    const t = e.occurredAt.getTime();
    const p = perProblem.get(e.problemId) ?? { count: 0, first: t, last: t };
    p.count++;
    p.first = Math.min(p.first, t);
    p.last = Math.max(p.last, t);
    perProblem.set(e.problemId, p);
  }
  // Rows locked in one global order (problem, day, lea; then problem id) so concurrent
  // ingests cannot deadlock on the shared rollup and problem rows.
  const d = [...daily.values()].sort((a, b) => Number(BigInt(a.problemId) - BigInt(b.problemId)) || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || (a.lea < b.lea ? -1 : a.lea > b.lea ? 1 : 0));
  await tx.query(
    `INSERT INTO problem_daily_count (problem_id, day, lea, count)
     SELECT u.problem_id, u.day, u.lea, u.count
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::int[]) WITH ORDINALITY AS u(problem_id, day, lea, count, ord)
     ORDER BY u.ord
     ON CONFLICT (problem_id, day, lea) DO UPDATE SET count = problem_daily_count.count + EXCLUDED.count`,
    [d.map((x) => x.problemId), d.map((x) => x.day), d.map((x) => x.lea), d.map((x) => x.count)],
  );
  const p = [...perProblem.entries()].sort(([a], [b]) => Number(BigInt(a) - BigInt(b)));
  await tx.query("SELECT id FROM problem WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE", [p.map(([id]) => id)]);
  // A resolved problem that receives new events has regressed.
  await tx.query(
    `UPDATE problem SET event_count = problem.event_count + v.n,
            first_seen_at = LEAST(problem.first_seen_at, v.first_seen),
            last_seen_at = GREATEST(problem.last_seen_at, v.last_seen),
            triage_status = CASE WHEN problem.triage_status = 'resolved' THEN 'regressed'::"ProblemStatus" ELSE problem.triage_status END
       FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS v(id, n, first_seen, last_seen)
      WHERE problem.id = v.id`,
    [p.map(([id]) => id), p.map(([, x]) => x.count), p.map(([, x]) => new Date(x.first).toISOString()), p.map(([, x]) => new Date(x.last).toISOString())],
  );
}

/** A text[] literal (`{"a","b \\"c\\""}`): nested arrays cannot be bound through unnest. */
export function pgArrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
