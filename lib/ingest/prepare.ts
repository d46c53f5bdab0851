// A validated ingest event → the row we store: classified, redacted, sanitised. Pure.
import { classifyEvent, redactBody, redactHeaders, toStorableJson, cleanText, type Team, type BodyFormat } from "../problems";
import type { IngestEvent } from "./events.schema";

export interface EventRow {
  eventId: string | null;
  occurredAt: Date;
  method: string | null;
  url: string | null;
  status: number;
  resource: string | null;
  lea: string | null;
  client: string | null;
  correlationId: string | null;
  format: BodyFormat;
  receivedType: string | null;
  canonicalType: string | null;
  title: string | null;
  detail: string | null;
  messages: string[];
  body: unknown;
  requestBody: unknown;
  requestHeaders: unknown;
  articleId: string;
  matchedArticles: string[];
  route: Team;
  alt: Team | null;
  fingerprint: string;
  signature: string;
  apiKeyId: number | null;
}

export interface PrepareOptions {
  receivedAt: Date;
  apiKeyId: number | null;
  redactFields?: Set<string>;
}

const MAX_STORED_MESSAGES = 50;

export function prepareEvent(event: IngestEvent, options: PrepareOptions): EventRow {
  const c = classifyEvent({ method: event.method, url: event.url, status: event.status, body: event.body });
  const p = c.parsed;
  return {
    eventId: event.eventId ?? null,
    occurredAt: event.occurredAt ? new Date(event.occurredAt) : options.receivedAt,
    method: event.method ?? null,
    url: event.url ? cleanText(event.url, 4_000) : null,
    status: event.status,
    resource: c.resource,
    lea: event.lea ?? null,
    client: event.client ? cleanText(event.client, 200) : null,
    correlationId: event.correlationId ? cleanText(event.correlationId, 200) : p.correlationId,
    format: c.format,
    receivedType: p.receivedType ? cleanText(p.receivedType, 500) : null,
    canonicalType: c.canonicalType ? cleanText(c.canonicalType, 500) : null,
    title: p.title,
    detail: p.detail,
    messages: p.messages.slice(0, MAX_STORED_MESSAGES).map((m) => (m.path ? `${m.path}: ${m.text}` : m.text)),
    body: event.body === undefined ? null : toStorableJson(event.body),
    requestBody: event.request?.body === undefined ? null : redactBody(event.request.body, options.redactFields),
    requestHeaders: event.request?.headers ? redactHeaders(event.request.headers) : null,
    articleId: c.articleId,
    matchedArticles: c.matchedArticles,
    route: c.route,
    alt: c.alt,
    fingerprint: c.fingerprint,
    signature: c.signature,
    apiKeyId: options.apiKeyId,
  };
}
