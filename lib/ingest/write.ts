// The write path: one transaction per request. Problems are upserted first; events already stored
// (same eventId) are looked up and answered as duplicates; the new ones are bulk-loaded with COPY
// (the fastest way into PostgreSQL and PGlite alike), and only their shares go to the ledger
// (lib/ledger/apply.ts: pending counts, message counts, regressions). A concurrent request that
// stores one of the same eventIds first makes this one fail on the unique index; lib/db/retry.ts
// runs it again whole.
import type { SqlSession } from "../db/sql-session";
import { EVENT_COPY_COLUMNS, eventCopyBytes, eventCopyFields, utf8Run, type Utf8Run } from "./event-columns";
import type { EventRow } from "./prepare";
import { addShares, moveShares } from "../ledger/apply";
import type { Share } from "../ledger/share";
import { compareIds } from "./key-order";
import { upsertProblems, type ProblemSeed } from "./problem-rows";
import { moveEventKeys, storedEventIds, storeEventKeys } from "./event-keys";
import { holdEventMonths, refuseEventsBefore } from "../retention/partitions";
import { monthOf } from "../retention/policy";
import { recordAlerts, recordNewInDistrict, triggersOf } from "../alerts/record";

export interface WrittenEvent {
  id: string;
  problemId: string;
  duplicate: boolean;
  /** It completed a stored event of the same request (that event's id) instead of being stored. */
  enriched?: boolean;
}

/** A stored event an incoming one completes (enrich.ts): what it was, checked under lock before it moves. */
export interface Replacement {
  id: string;
  /** The stored event as read before the write; a change since means another write came first. */
  expected: {
    problemId: string;
    partial: boolean;
    status: number;
    lea: string | null;
    client: string | null;
    occurredAt: number;
  };
  /** Its share of the counts now (its message row included). */
  from: Share;
  /** The incoming event's eventId, kept as an alias of the stored event (null: it had none). */
  aliasEventId: string | null;
}

/** Thrown when a stored event changed between the enrichment's read and its write: redo the request. */
export const ENRICH_CONFLICT = "TRIAGE_ENRICH_CONFLICT";

/**
 * A batch as the write needs it, built by toWriteBatch on the request thread: each event's COPY
 * fields already formatted, so that little crosses to PGlite's thread and little is left to do
 * there (it is the busier of the two).
 */
export interface WriteBatch {
  /** The API key that sent the batch (0: none); eventIds are idempotent per key. */
  apiKeyId: number;
  /** In request order. */
  events: BatchEvent[];
  /** For each fingerprint of the batch, the Problem to create if it is new (from its first event). */
  problems: ProblemSeed[];
  /** Every event's COPY fields between id and problem_id (see event-columns.ts), in request order. */
  copyFields: Utf8Run;
}

interface BatchEvent {
  eventId: string | null;
  fingerprint: string;
  occurredAt: number;
  lea: string | null;
  client: string | null;
  status: number;
  /** The event's message text and its digest (event_message), or null. */
  message: { lea: string; text: string; digest: string } | null;
  /** This event is the merge of a stored one and an incoming one: it replaces the stored one. */
  replaces?: Replacement;
}

/** The rows of one request (one API key). The Problem seed holds nothing of the event's text. */
export function toWriteBatch(
  rows: EventRow[],
  apiKeyId: number,
  replacements: ReadonlyMap<number, Replacement> = new Map(),
): WriteBatch {
  const problems = new Map<string, ProblemSeed>();
  const events = rows.map((row, i): BatchEvent => {
    if (!problems.has(row.fingerprint)) {
      problems.set(row.fingerprint, {
        fingerprint: row.fingerprint,
        articleId: row.articleId,
        resource: row.resource,
        signature: row.signature,
        canonicalType: row.canonicalType,
        status: row.status,
        route: row.route,
        alt: row.alt,
        routeReason: row.routeReason,
      });
    }
    return {
      eventId: row.eventId,
      fingerprint: row.fingerprint,
      occurredAt: row.occurredAt.getTime(),
      lea: row.lea,
      client: row.client,
      status: row.status,
      message:
        row.messageText !== null && row.messageDigest !== null
          ? { lea: row.lea ?? "", text: row.messageText, digest: row.messageDigest }
          : null,
      ...(replacements.has(i) ? { replaces: replacements.get(i)! } : {}),
    };
  });
  return { apiKeyId, events, problems: [...problems.values()], copyFields: utf8Run(rows.map(eventCopyFields)) };
}

export async function writeEvents(tx: SqlSession, batch: WriteBatch): Promise<WrittenEvent[]> {
  const { events } = batch;
  // No month retention dropped comes back, and none is dropped under this write. A stored event
  // to complete that is of a closed month (retention closed it after the enrichment was planned):
  // the request is planned again, and stored on its own.
  const keptFrom = await holdEventMonths(tx);
  if (keptFrom && events.some((e) => e.replaces && monthOf(e.occurredAt) < keptFrom))
    throw new Error(`${ENRICH_CONFLICT}: a stored event it completes is of a month retention closed`);
  refuseEventsBefore(
    keptFrom,
    events.map((e) => e.occurredAt),
  );
  const created = new Set<string>();
  const problemIds = await upsertProblems(tx, batch.problems, created);
  const results: WrittenEvent[] = new Array(events.length);
  const stored = await storedEventIds(
    tx,
    batch.apiKeyId,
    events.flatMap((e) => [e.eventId, e.replaces?.aliasEventId ?? null].filter((id): id is string => id !== null)),
  );

  // New events, each eventId once; a repeat inside the batch answers as a duplicate of its first.
  const fresh: number[] = [];
  const replacing: number[] = [];
  const firstInBatch = new Map<string, number>();
  const repeats: [number, number][] = [];
  events.forEach((event, i) => {
    if (event.eventId !== null && !event.replaces) {
      const existing = stored.get(event.eventId);
      if (existing) return void (results[i] = { ...existing, duplicate: true });
      const first = firstInBatch.get(event.eventId);
      if (first !== undefined) return void repeats.push([i, first]);
      firstInBatch.set(event.eventId, i);
    }
    if (event.replaces) {
      // A merged event carries the stored event's eventId; the incoming one's is its alias.
      const alias = event.replaces.aliasEventId;
      const existing = alias === null ? undefined : stored.get(alias);
      if (existing) return void (results[i] = { ...existing, duplicate: true });
      return void replacing.push(i);
    }
    fresh.push(i);
  });
  // In eventId order, so that two requests carrying the same new eventIds (retries) meet on the
  // unique index in one order: the later one waits, then fails and is retried (db/retry.ts).
  fresh.sort((a, b) => compareEventIds(events[a].eventId, events[b].eventId));

  const ids = await drawEventIds(tx, fresh.length);
  await storeEventKeys(
    tx,
    batch.apiKeyId,
    fresh.map((index, k) => ({ eventId: events[index].eventId, row: ids[k], occurredAt: events[index].occurredAt })),
    keptFrom,
  );
  const lines = fresh.map((index, k) => {
    const problemId = problemIds.get(events[index].fingerprint)!;
    results[index] = { id: ids[k], problemId, duplicate: false };
    return { id: ids[k], index, problemId };
  });
  if (fresh.length) await tx.copyIn("error_event", EVENT_COPY_COLUMNS, eventCopyBytes(batch.copyFields, lines));
  for (const [i, first] of repeats) results[i] = { ...results[first], duplicate: true };

  await replaceStored(
    tx,
    batch,
    replacing,
    problemIds,
    replacing.map((i) => (r: WrittenEvent) => (results[i] = r)),
  );

  const shares = fresh.map((i) => shareOf(results[i].id, results[i].problemId, events[i]));
  // "New in a district" reads the counts before this batch's are added (lib/alerts/record.ts).
  await recordNewInDistrict(tx, triggersOf(shares));
  await addShares(tx, shares);
  // Alerts for the problems this batch created, in this transaction (lib/alerts/record.ts).
  if (created.size) await recordAlerts(tx, "new", triggersOf(shares, created));
  return results;
}

/**
 * Completes stored events with their merged rows: locked in id order and checked unchanged since
 * the enrichment read them (else ENRICH_CONFLICT: the request is prepared again), rewritten in
 * place (same id; a COPY into a temporary table, one UPDATE), their counts moved to the merged
 * event's problem and keys, and the incoming eventIds kept as aliases.
 */
async function replaceStored(
  tx: SqlSession,
  batch: WriteBatch,
  replacing: number[],
  problemIds: Map<string, string>,
  answer: ((r: WrittenEvent) => void)[],
): Promise<void> {
  if (!replacing.length) return;
  const merged = replacing.map((i) => batch.events[i]);
  const order = merged.map((_, k) => k).sort((a, b) => compareIds(merged[a].replaces!.id, merged[b].replaces!.id));
  const locked = await tx.query<{
    id: string;
    problem_id: string;
    partial: boolean;
    status: number;
    lea: string | null;
    client: string | null;
    occurred_at: string | Date;
  }>(
    `SELECT id::text, problem_id::text, partial, status, lea, client, occurred_at FROM error_event
      WHERE id = ANY($1::bigint[]) ORDER BY error_event.id FOR UPDATE`,
    [order.map((k) => merged[k].replaces!.id)],
  );
  const now = new Map(locked.map((r) => [r.id, r]));
  for (const e of merged) {
    const x = e.replaces!.expected;
    const r = now.get(e.replaces!.id);
    if (
      !r ||
      r.problem_id !== x.problemId ||
      r.partial !== x.partial ||
      r.status !== x.status ||
      r.lea !== x.lea ||
      r.client !== x.client ||
      new Date(r.occurred_at).getTime() !== x.occurredAt
    ) {
      throw new Error(`${ENRICH_CONFLICT}: event ${e.replaces!.id} changed while it was being completed`);
    }
  }
  await tx.exec(
    "CREATE TEMP TABLE IF NOT EXISTS merged_event (LIKE error_event INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
  );
  await tx.copyIn(
    "merged_event",
    EVENT_COPY_COLUMNS,
    eventCopyBytes(
      batch.copyFields,
      order.map((k) => ({
        id: merged[k].replaces!.id,
        index: replacing[k],
        problemId: problemIds.get(merged[k].fingerprint)!,
      })),
    ),
  );
  const kept = new Set(["id", "event_id", "api_key_id"]);
  const columns = EVENT_COPY_COLUMNS.filter((c) => !kept.has(c));
  await tx.query(
    `UPDATE error_event e SET ${columns.map((c) => `${c} = m.${c}`).join(", ")} FROM merged_event m WHERE e.id = m.id`,
  );
  await moveEventKeys(tx); // a merged event takes the earlier time: its key follows it
  await moveShares(
    tx,
    merged.map((e) => ({ from: e.replaces!.from, to: shareOf(e.replaces!.id, problemIds.get(e.fingerprint)!, e) })),
  );
  const aliases = merged.filter((e) => e.replaces!.aliasEventId !== null);
  if (aliases.length) {
    await tx.query(
      "INSERT INTO event_alias (event_id, api_key_id, target_id) SELECT a, $1, t FROM unnest($2::text[], $3::bigint[]) AS u(a, t) ON CONFLICT DO NOTHING",
      [batch.apiKeyId, aliases.map((e) => e.replaces!.aliasEventId), aliases.map((e) => e.replaces!.id)],
    );
  }
  merged.forEach((e, k) =>
    answer[k]({ id: e.replaces!.id, problemId: problemIds.get(e.fingerprint)!, duplicate: false, enriched: true }),
  );
}

function shareOf(id: string, problemId: string, e: BatchEvent): Share {
  return {
    id,
    problemId,
    occurredAt: e.occurredAt,
    lea: e.lea,
    client: e.client,
    status: e.status,
    message: e.message,
  };
}

/** n fresh ids from error_event's sequence, in one row (a row per id costs more than the id). */
async function drawEventIds(tx: SqlSession, n: number): Promise<string[]> {
  if (n === 0) return [];
  const [drawn] = await tx.query<{ ids: string }>(
    `SELECT string_agg(nextval(s.seq)::text, ',') AS ids
       FROM (SELECT pg_get_serial_sequence('error_event', 'id')::regclass AS seq OFFSET 0) s, generate_series(1, $1::int)`,
    [n],
  );
  return drawn.ids.split(",");
}

function compareEventIds(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
