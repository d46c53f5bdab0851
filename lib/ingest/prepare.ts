// A validated ingest event → the row we store: classified, redacted, sanitised. Pure.
import { classifyEvent, maskResponseValues, redactBody, redactHeaders, redactUrl, storableJsonText, cleanText, type FieldMatcher, type Team, type BodyFormat } from "../problems";
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
  /** 0: loaded without a key. */
  apiKeyId: number;
}

export interface PrepareOptions {
  receivedAt: Date;
  apiKeyId: number | null;
  /** Personal field names (privacy-rules.ts plus TRIAGE_REDACT_FIELDS). */
  fields?: FieldMatcher;
  /** TRIAGE_REDACT_RESPONSE_VALUES: mask quoted values in the response body (after classification). */
  maskResponseValues?: boolean;
}

export function prepareEvent(event: IngestEvent, options: PrepareOptions): EventRow {
  const c = classifyEvent({ method: event.method, url: event.url, status: event.status, body: event.body });
  const p = c.parsed;
  return {
    eventId: event.eventId ?? null,
    occurredAt: event.occurredAt ? new Date(event.occurredAt) : options.receivedAt,
    method: event.method ?? null,
    url: event.url ? cleanText(redactUrl(event.url, options.fields), 4_000) : null,
    status: event.status,
    resource: c.resource,
    lea: event.lea ?? null,
    client: event.client ? cleanText(event.client, 200) : null,
    correlationId: event.correlationId ? cleanText(event.correlationId, 200) : p.correlationId,
    format: c.format,
    receivedType: p.receivedType ? cleanText(p.receivedType, 500) : null,
    canonicalType: c.canonicalType ? cleanText(c.canonicalType, 500) : null,
    bodyJson: event.body === undefined ? null : storableJsonText(options.maskResponseValues ? maskResponseValues(event.body) : event.body),
    requestBodyJson: event.request?.body === undefined ? null : JSON.stringify(redactBody(event.request.body, options.fields)),
    requestHeadersJson: event.request?.headers ? JSON.stringify(redactHeaders(event.request.headers)) : null,
    articleId: c.articleId,
    matchedArticles: c.matchedArticles,
    route: c.route,
    alt: c.alt,
    fingerprint: c.fingerprint,
    signature: c.signature,
    apiKeyId: options.apiKeyId ?? 0,
  };
}
