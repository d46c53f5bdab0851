// Records of one request from several sources (the main log, the request-details log, the content
// table, the API) complete one event instead of making several. Before a write, the incoming
// events' correlationIds are looked up; an incoming event that shares one with a stored event of
// the same district, within a day, where one of the two lacks its body, is merged with it
// (merge.ts) and prepared again: classified again when the body arrives. The write then replaces
// the stored event and moves its counts (write.ts replaceStored), exactly once.
import type { Database } from "../db/database";
import { announceChange, onChange } from "../cluster/changes";
import type { IngestEvent } from "./events.schema";
import { mergeable, mergeEvents } from "./merge";
import type { EventRow } from "./prepare";
import { storedMessage } from "../ledger/share";
import type { Replacement } from "./write";
import { eventsKeptFrom, keptFromInstant } from "../retention/retired";

const WINDOW_MS = 86_400_000;

interface StoredRow {
  id: string;
  problem_id: string;
  event_id: string | null;
  occurred_at: Date | string;
  method: string | null;
  url: string | null;
  status: number;
  lea: string | null;
  lea_mapped: boolean;
  client: string | null;
  correlation_id: string;
  body: unknown;
  request_body: unknown;
  request_headers: Record<string, unknown> | null;
  log_evidence: IngestEvent["log"] | null;
  partial: boolean;
}

export interface Enrichment {
  /** The merged events' rows, by index of the incoming event they replace. */
  rows: Map<number, EventRow>;
  replacements: Map<number, Replacement>;
}

/**
 * Whether stored partial events may exist: asked at most every CACHE_MS (an index answers it).
 * A process that stores the first ones tells the others (a change message), so none keeps
 * trusting a "none" it cached while an event that completes one arrives there.
 */
const CACHE_MS = 5_000;
let partialSeen = new WeakMap<Database, { at: number; any: Promise<boolean> }>();
onChange("partial-events", () => (partialSeen = new WeakMap()));

/**
 * At most one announcement a second per database: a log import stores partial events in every
 * batch, and one message tells the others as well as a hundred. A process that cached "none"
 * just before the message asks again; one that asked after it saw these events.
 */
const ANNOUNCE_EVERY_MS = 1_000;
const lastAnnounced = new WeakMap<Database, number>();

/** After a write that stored partial events: every process asks again whether there are any. */
export async function partialEventsStored(db: Database): Promise<void> {
  const now = Date.now();
  partialSeen.set(db, { at: now, any: Promise.resolve(true) });
  if (now - (lastAnnounced.get(db) ?? -Infinity) < ANNOUNCE_EVERY_MS) return;
  lastAnnounced.set(db, now);
  await announceChange("partial-events");
  partialSeen.set(db, { at: Date.now(), any: Promise.resolve(true) });
}

function partialEventsMayExist(db: Database): Promise<boolean> {
  const cached = partialSeen.get(db);
  if (cached && Date.now() - cached.at <= CACHE_MS) return cached.any;
  const any = db.prisma
    .$queryRawUnsafe<{ any: boolean }[]>("SELECT EXISTS (SELECT 1 FROM error_event WHERE partial) AS any")
    .then((r) => r[0].any);
  partialSeen.set(db, { at: Date.now(), any });
  any.catch(() => partialSeen.delete(db));
  return any;
}

/**
 * The stored event each incoming event completes, merged and prepared again. A request of events
 * with bodies only looks for stored partial events, and only when there may be some: posting to
 * the API costs nothing more until logs are imported.
 */
export async function planEnrichment(
  db: Database,
  events: IngestEvent[],
  rows: EventRow[],
  prepare: (e: IngestEvent) => EventRow,
): Promise<Enrichment> {
  const plan: Enrichment = { rows: new Map(), replacements: new Map() };
  const wanted = rows.flatMap((r, i) => (r.correlationId ? [i] : []));
  if (!wanted.length) return plan;
  const partialIds = [...new Set(wanted.filter((i) => rows[i].partial).map((i) => rows[i].correlationId!))];
  if (partialIds.length) partialSeen.set(db, { at: Date.now(), any: Promise.resolve(true) });
  else if (!(await partialEventsMayExist(db))) return plan;
  const fullIds = [...new Set(wanted.filter((i) => !rows[i].partial).map((i) => rows[i].correlationId!))];
  // Two branches, each on its own index: an OR of the two let PostgreSQL scan the whole table
  // (1 GB import: 2,619 events/s, slowing as the table grew). The one-day window is checked below.
  const times = wanted.map((i) => rows[i].occurredAt.getTime());
  const columns =
    "id::text, problem_id::text, event_id, occurred_at, method, url, status, lea, lea_mapped, client, correlation_id, " +
    "body, request_body, request_headers, log_evidence, partial";
  const stored = await db.prisma.$queryRawUnsafe<StoredRow[]>(
    `SELECT ${columns} FROM error_event
      WHERE lower(correlation_id) = ANY(ARRAY(SELECT lower(c) FROM unnest($1::text[]) AS c)) AND correlation_id = ANY($1::text[])
        AND occurred_at BETWEEN $3::timestamptz AND $4::timestamptz
     UNION ALL
     SELECT ${columns} FROM error_event WHERE partial AND correlation_id = ANY($2::text[]) AND occurred_at BETWEEN $3::timestamptz AND $4::timestamptz`,
    partialIds,
    fullIds,
    // Not a stored event of a month retention closed: the merge would take its time and be refused.
    new Date(Math.max(Math.min(...times) - WINDOW_MS, keptFromInstant(await db.session(eventsKeptFrom)))).toISOString(),
    new Date(Math.max(...times) + WINDOW_MS).toISOString(),
  );
  if (!stored.length) return plan;
  const byCorrelation = new Map<string, StoredRow[]>();
  for (const s of stored) byCorrelation.set(s.correlation_id, [...(byCorrelation.get(s.correlation_id) ?? []), s]);
  const taken = new Set<string>();
  for (const i of wanted) {
    const row = rows[i];
    const t = row.occurredAt.getTime();
    const candidates = (byCorrelation.get(row.correlationId!) ?? [])
      .filter(
        (s) => !taken.has(s.id) && s.lea === row.lea && Math.abs(new Date(s.occurred_at).getTime() - t) <= WINDOW_MS,
      )
      .map((s) => ({ s, event: asIngestEvent(s) }))
      .filter((c) => mergeable(c.event, events[i]))
      .sort(
        (a, b) => Math.abs(new Date(a.s.occurred_at).getTime() - t) - Math.abs(new Date(b.s.occurred_at).getTime() - t),
      );
    const match = candidates[0];
    if (!match) continue;
    taken.add(match.s.id);
    const merged = prepare(mergeEvents(match.event, events[i]));
    const s = match.s;
    const occurredAt = new Date(s.occurred_at).getTime();
    plan.rows.set(i, merged);
    plan.replacements.set(i, {
      id: s.id,
      expected: {
        problemId: s.problem_id,
        partial: s.partial,
        status: s.status,
        lea: s.lea,
        client: s.client,
        occurredAt,
      },
      from: {
        id: s.id,
        problemId: s.problem_id,
        occurredAt,
        lea: s.lea,
        client: s.client,
        status: s.status,
        message: storedMessage(s.lea, s.body),
      },
      aliasEventId: events[i].eventId ?? null,
    });
  }
  return plan;
}

/** A stored event as the ingest event it was (as stored: redacted; a mapped district left to the map). */
function asIngestEvent(s: StoredRow): IngestEvent {
  const event: IngestEvent = {
    ...(s.event_id ? { eventId: s.event_id } : {}),
    occurredAt: new Date(s.occurred_at).toISOString(),
    ...(s.method ? { method: s.method as IngestEvent["method"] } : {}),
    ...(s.url ? { url: s.url } : {}),
    status: s.status,
    ...(s.body !== null && s.body !== undefined ? { body: s.body } : {}),
    correlationId: s.correlation_id,
    ...(s.lea && !s.lea_mapped ? { lea: s.lea } : {}),
    ...(s.client ? { client: s.client } : {}),
    ...(s.request_body !== null || s.request_headers !== null
      ? {
          request: {
            ...(s.request_body !== null ? { body: s.request_body } : {}),
            ...(s.request_headers ? { headers: s.request_headers } : {}),
          },
        }
      : {}),
    ...(s.log_evidence ? { log: s.log_evidence } : {}),
  };
  return event;
}
