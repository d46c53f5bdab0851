// Events for the read API and the dashboard: filtered, newest first, cursor-paged, inside a Scope.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { EVENT_SELECT } from "../ingest/event-columns";
import { parseBody } from "../problems";
import { allOf, decodeCursor, encodeCursor, inScope, raw, sql, type Sql } from "./sql-tag";
import { toEventSummary, type EventRowDb, type EventSummary } from "./events";

export interface EventListFilters {
  correlationId?: string;
  problemId?: string;
  lea?: string;
  client?: string;
  articleId?: string;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
}

/** The filters as conditions on error_event, inside the scope. */
function eventConditions(scope: Scope, f: Omit<EventListFilters, "limit" | "cursor">): Sql[] {
  const where: Sql[] = [inScope(scope, "lea")];
  if (f.correlationId) where.push(sql`lower(correlation_id) = lower(${f.correlationId})`);
  if (f.problemId) where.push(sql`problem_id = ${f.problemId}::bigint`);
  if (f.lea) where.push(sql`lea = ${f.lea}`);
  if (f.client) where.push(sql`client = ${f.client}`);
  if (f.articleId) where.push(sql`article_id = ${f.articleId}`);
  if (f.since) where.push(sql`occurred_at >= ${f.since}::timestamptz`);
  if (f.until) where.push(sql`occurred_at < ${f.until}::timestamptz`);
  return where;
}

export function listEventsQuery(scope: Scope, f: EventListFilters): Sql {
  const where = eventConditions(scope, f);
  const after = decodeCursor(f.cursor, ["instant", "id"]);
  if (after) where.push(sql`(occurred_at, id) < (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  return sql`SELECT ${raw(EVENT_SELECT)} FROM error_event WHERE ${allOf(where)}
    ORDER BY error_event.occurred_at DESC, error_event.id DESC LIMIT ${f.limit + 1}`;
}

export async function listEvents(
  db: Database,
  scope: Scope,
  f: EventListFilters,
): Promise<{ events: EventSummary[]; nextCursor: string | null }> {
  const rows = await db.prisma.$queryRaw<EventRowDb[]>(listEventsQuery(scope, f));
  const page = rows.slice(0, f.limit).map(toEventSummary);
  const last = page.at(-1);
  return { events: page, nextCursor: rows.length > f.limit && last ? encodeCursor([last.occurredAt, last.id]) : null };
}

export interface EventDetail extends EventSummary {
  body: unknown;
  validationErrors: { path: string | null; message: string }[];
  requestBody: unknown;
  requestHeaders: Record<string, string> | null;
}

/** One event inside the scope, or null (outside the scope answers exactly like a missing id). */
export async function getEvent(db: Database, scope: Scope, id: string): Promise<EventDetail | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = await db.prisma.$queryRaw<
    (EventRowDb & { requestBody: unknown; requestHeaders: Record<string, string> | null })[]
  >(
    sql`SELECT ${raw(EVENT_SELECT)}, request_body AS "requestBody", request_headers AS "requestHeaders"
      FROM error_event WHERE id = ${id}::bigint AND ${inScope(scope, "lea")}`,
  );
  const row = rows[0];
  if (!row) return null;
  const { requestBody, requestHeaders, ...stored } = row;
  const parsed = parseBody(stored.body);
  return {
    ...toEventSummary(stored),
    body: stored.body,
    validationErrors: parsed.messages
      .filter((m) => m.source === "validation")
      .map((m) => ({ path: m.path, message: m.text })),
    requestBody: requestBody ?? null,
    requestHeaders: requestHeaders ?? null,
  };
}

/** The previous (older) and next (newer) event of the same problem inside the scope. */
export async function eventNeighbours(
  db: Database,
  scope: Scope,
  event: { id: string; problemId: string; occurredAt: string },
): Promise<{ older: string | null; newer: string | null }> {
  const at = sql`(${event.occurredAt}::timestamptz, ${event.id}::bigint)`;
  const same = sql`problem_id = ${event.problemId}::bigint AND ${inScope(scope, "lea")}`;
  const [older, newer] = await Promise.all([
    db.prisma.$queryRaw<{ id: string }[]>(
      sql`SELECT id::text FROM error_event WHERE ${same} AND (occurred_at, id) < ${at} ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    ),
    db.prisma.$queryRaw<{ id: string }[]>(
      sql`SELECT id::text FROM error_event WHERE ${same} AND (occurred_at, id) > ${at} ORDER BY occurred_at, id LIMIT 1`,
    ),
  ]);
  return { older: older[0]?.id ?? null, newer: newer[0]?.id ?? null };
}

/**
 * Every event of a filter, newest stored first, `batch` at a time (CSV export). Keyset paging on
 * the primary key reads each row once however deep the export goes; a problem's events come in
 * time order from their (problem_id, occurred_at) index instead.
 */
export async function* eventBatches(
  db: Database,
  scope: Scope,
  f: Omit<EventListFilters, "limit" | "cursor">,
  batch: number,
): AsyncGenerator<EventSummary[]> {
  if (f.problemId) {
    let cursor: string | undefined;
    do {
      const page = await listEvents(db, scope, { ...f, limit: batch, cursor });
      yield page.events;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return;
  }
  const where = eventConditions(scope, f);
  let below: string | null = null;
  for (;;) {
    const rows: EventRowDb[] = await db.prisma.$queryRaw<EventRowDb[]>(
      sql`SELECT ${raw(EVENT_SELECT)} FROM error_event
        WHERE ${allOf(below === null ? where : [...where, sql`id < ${below}::bigint`])}
        ORDER BY error_event.id DESC LIMIT ${batch}`,
    );
    if (rows.length) yield rows.map(toEventSummary);
    if (rows.length < batch) return;
    below = rows[rows.length - 1].id;
  }
}
