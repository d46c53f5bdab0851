// Read models for events. Every function takes a Scope.
import type { Database } from "../db/database";
import { scopeCondition, type Scope } from "../auth/scope";
import { articleKbUrl, getArticle, parseBody } from "../problems";
import type { EventRow } from "../ingest/prepare";
import { EVENT_SELECT } from "../ingest/event-columns";
import { runQuery, type SqlQuery } from "./sql";
import { escapeLike } from "./problem-filters";

/** The stored fields of an event as written (EventRow), plus what a reader needs around them. */
export type StoredEventFields = Pick<
  EventRow,
  | "method"
  | "url"
  | "status"
  | "resource"
  | "lea"
  | "client"
  | "correlationId"
  | "format"
  | "receivedType"
  | "canonicalType"
  | "articleId"
  | "matchedArticles"
  | "route"
  | "alt"
> & {
  /** Null on events stored before reasons were recorded. */
  classificationReason: string | null;
  /** Read from a log without the response body (logEvidence says what the log told). */
  partial: boolean;
  logEvidence: unknown;
};

export interface EventSummary extends StoredEventFields {
  id: string;
  occurredAt: string;
  title: string | null;
  detail: string | null;
  messages: string[];
  articleTitle: string;
  kbUrl: string | null;
  problemId: string;
}

// Columns aliased to the summary's names (event-columns.ts), so rows need no field-by-field mapping.
const EVENT_COLUMNS = EVENT_SELECT;

export type EventRowDb = Omit<
  EventSummary,
  "occurredAt" | "articleTitle" | "kbUrl" | "title" | "detail" | "messages"
> & { occurredAt: Date | string; body: unknown };

export function toEventSummary({ body, ...row }: EventRowDb): EventSummary {
  const article = getArticle(row.articleId);
  // Title, detail and messages are read from the stored body (parsing is cheap for a page of events).
  const parsed = parseBody(body);
  return {
    ...row,
    title: parsed.title,
    detail: parsed.detail,
    messages: parsed.messages.slice(0, 50).map((m) => (m.path ? `${m.path}: ${m.text}` : m.text)),
    occurredAt: new Date(row.occurredAt).toISOString(),
    articleTitle: article?.title ?? row.articleId,
    kbUrl: article ? articleKbUrl(article) : null,
  };
}

export function findEventsByCorrelationIdQuery(scope: Scope, correlationId: string, limit = 100): SqlQuery {
  const params: unknown[] = [correlationId];
  const where = scopeCondition(scope, "lea", params);
  params.push(limit);
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM error_event WHERE lower(correlation_id) = lower($1) AND ${where}
          ORDER BY error_event.occurred_at, error_event.id LIMIT $${params.length}`,
    params,
  };
}

/** Events whose correlationId starts with the prefix, in any case (the index on lower(correlation_id)). */
export function findEventsByCorrelationPrefixQuery(scope: Scope, prefix: string, limit = 100): SqlQuery {
  const params: unknown[] = [`${escapeLike(prefix)}%`];
  const where = scopeCondition(scope, "lea", params);
  params.push(limit);
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM error_event WHERE lower(correlation_id) LIKE lower($1) AND ${where}
          ORDER BY error_event.occurred_at DESC, error_event.id DESC LIMIT $${params.length}`,
    params,
  };
}

export async function findEventsByCorrelationPrefix(
  db: Database,
  scope: Scope,
  prefix: string,
  limit = 100,
): Promise<EventSummary[]> {
  return (await runQuery<EventRowDb>(db, findEventsByCorrelationPrefixQuery(scope, prefix, limit))).map(toEventSummary);
}

export async function findEventsByCorrelationId(
  db: Database,
  scope: Scope,
  correlationId: string,
  limit = 100,
): Promise<EventSummary[]> {
  return (await runQuery<EventRowDb>(db, findEventsByCorrelationIdQuery(scope, correlationId, limit))).map(
    toEventSummary,
  );
}

export function listProblemEventsQuery(scope: Scope, problemId: string, limit = 20): SqlQuery {
  const params: unknown[] = [problemId];
  const where = scopeCondition(scope, "lea", params);
  params.push(limit);
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM error_event WHERE problem_id = $1::bigint AND ${where}
          ORDER BY error_event.occurred_at DESC, error_event.id DESC LIMIT $${params.length}`,
    params,
  };
}

export async function listProblemEvents(
  db: Database,
  scope: Scope,
  problemId: string,
  limit = 20,
): Promise<EventSummary[]> {
  return (await runQuery<EventRowDb>(db, listProblemEventsQuery(scope, problemId, limit))).map(toEventSummary);
}
