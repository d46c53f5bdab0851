// A validated ingest event → the row we store: classified, redacted, sanitised. Pure.
import { classifyEvent, redactBody, redactHeaders, storableJsonText, cleanText, type Team, type BodyFormat } from "../problems";
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
  /** Title and sample text for a new Problem (not stored per event: parsed from the body when read). */
  title: string | null;
  detail: string | null;
  /** JSON texts, sanitised and bounded, ready for the jsonb columns. */
  bodyJson: string | null;
  requestBodyJson: string | null;
  requestHeadersJson: string | null;
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
    detail: p.detail ?? p.messages[0]?.text ?? null,
    bodyJson: event.body === undefined ? null : storableJsonText(event.body),
    requestBodyJson: event.request?.body === undefined ? null : JSON.stringify(redactBody(event.request.body, options.redactFields)),
    requestHeadersJson: event.request?.headers ? JSON.stringify(redactHeaders(event.request.headers)) : null,
    articleId: c.articleId,
    matchedArticles: c.matchedArticles,
    route: c.route,
    alt: c.alt,
    fingerprint: c.fingerprint,
    signature: c.signature,
    apiKeyId: options.apiKeyId,
  };
}
