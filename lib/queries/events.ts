// Read models for events. Every function takes a Scope.
import type { Database } from "../db/database";
import { scopeCondition, type Scope } from "../auth/scope";
import { articleKbUrl, getArticle } from "../problems";

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

const EVENT_COLUMNS = `id::text, occurred_at, method, url, status, resource, lea, client, correlation_id, format, received_type,
  canonical_type, title, detail, messages, article_id, matched_articles, route::text, alt::text, problem_id::text`;

interface EventRowDb {
  id: string;
  occurred_at: Date | string;
  method: string | null;
  url: string | null;
  status: number;
  resource: string | null;
  lea: string | null;
  client: string | null;
  correlation_id: string | null;
  format: string;
  received_type: string | null;
  canonical_type: string | null;
  title: string | null;
  detail: string | null;
  messages: string[] | null;
  article_id: string;
  matched_articles: string[] | null;
  route: string;
  alt: string | null;
  problem_id: string;
}

function toSummary(r: EventRowDb): EventSummary {
  const article = getArticle(r.article_id);
  return {
    id: r.id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    method: r.method,
    url: r.url,
    status: r.status,
    resource: r.resource,
    lea: r.lea,
    client: r.client,
    correlationId: r.correlation_id,
    format: r.format,
    receivedType: r.received_type,
    canonicalType: r.canonical_type,
    title: r.title,
    detail: r.detail,
    messages: r.messages ?? [],
    articleId: r.article_id,
    articleTitle: article?.title ?? r.article_id,
    kbUrl: article ? articleKbUrl(article) : null,
    matchedArticles: r.matched_articles ?? [],
    route: r.route,
    alt: r.alt,
    problemId: r.problem_id,
  };
}

export async function findEventsByCorrelationId(db: Database, scope: Scope, correlationId: string, limit = 100): Promise<EventSummary[]> {
  const params: unknown[] = [correlationId];
  const where = scopeCondition(scope, "lea", params);
  params.push(limit);
  const rows = await db.prisma.$queryRawUnsafe<EventRowDb[]>(
    `SELECT ${EVENT_COLUMNS} FROM error_event WHERE correlation_id = $1 AND ${where} ORDER BY occurred_at, id LIMIT $${params.length}`,
    ...params,
  );
  return rows.map(toSummary);
}

export async function listProblemEvents(db: Database, scope: Scope, problemId: string, limit = 20): Promise<EventSummary[]> {
  const params: unknown[] = [problemId];
  const where = scopeCondition(scope, "lea", params);
  params.push(limit);
  const rows = await db.prisma.$queryRawUnsafe<EventRowDb[]>(
    `SELECT ${EVENT_COLUMNS} FROM error_event WHERE problem_id = $1::bigint AND ${where} ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
    ...params,
  );
  return rows.map(toSummary);
}
