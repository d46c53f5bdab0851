// Read models for events. Every function takes a Scope.
import type { Database } from "../db/database";
import { scopeCondition, type Scope } from "../auth/scope";
import { articleKbUrl, getArticle } from "../problems";
import { runQuery, type SqlQuery } from "./sql";

export interface EventSummary {
  id: string;
  occurredAt: string;
  method: string | null;
  url: string | null;
  status: number;
  resource: string | null;
  lea: string | null;
  client: string | null;
  correlationId: string | null;
  format: string;
  receivedType: string | null;
  canonicalType: string | null;
  title: string | null;
  detail: string | null;
  messages: string[];
  articleId: string;
  articleTitle: string;
  kbUrl: string | null;
  matchedArticles: string[];
  route: string;
  alt: string | null;
  problemId: string;
}

// Columns aliased to the summary's names, so rows need no field-by-field mapping.
const EVENT_COLUMNS = `id::text AS "id", occurred_at AS "occurredAt", method, url, status, resource, lea, client,
  correlation_id AS "correlationId", format, received_type AS "receivedType", canonical_type AS "canonicalType",
  title, detail, coalesce(messages, '{}') AS "messages", article_id AS "articleId",
  coalesce(matched_articles, '{}') AS "matchedArticles", route::text AS "route", alt::text AS "alt",
  problem_id::text AS "problemId"`;

type EventRowDb = Omit<EventSummary, "occurredAt" | "articleTitle" | "kbUrl"> & { occurredAt: Date | string };

function toSummary(row: EventRowDb): EventSummary {
  const article = getArticle(row.articleId);
  return {
    ...row,
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
    sql: `SELECT ${EVENT_COLUMNS} FROM error_event WHERE correlation_id = $1 AND ${where} ORDER BY occurred_at, id LIMIT $${params.length}`,
    params,
  };
}

export async function findEventsByCorrelationId(db: Database, scope: Scope, correlationId: string, limit = 100): Promise<EventSummary[]> {
  return (await runQuery<EventRowDb>(db, findEventsByCorrelationIdQuery(scope, correlationId, limit))).map(toSummary);
}

export function listProblemEventsQuery(scope: Scope, problemId: string, limit = 20): SqlQuery {
  const params: unknown[] = [problemId];
  const where = scopeCondition(scope, "lea", params);
  params.push(limit);
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM error_event WHERE problem_id = $1::bigint AND ${where} ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
    params,
  };
}

export async function listProblemEvents(db: Database, scope: Scope, problemId: string, limit = 20): Promise<EventSummary[]> {
  return (await runQuery<EventRowDb>(db, listProblemEventsQuery(scope, problemId, limit))).map(toSummary);
}
