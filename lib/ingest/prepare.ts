// A validated ingest event → the row we store: classified, redacted, sanitised. Pure.
import {
  classifyEvent,
  fingerprintOf,
  maskResponseValues,
  parseBody,
  redactBody,
  redactFreeText,
  redactHeaders,
  redactLogEvidence,
  redactUrl,
  redactValues,
  storableJsonText,
  cleanText,
  suggestRoute,
  type FieldMatcher,
  type ParsedError,
  type RoutingRuleInput,
  type Team,
  type BodyFormat,
  type ClassifiableEvent,
  type ClassifiedEvent,
} from "../problems";
import { hash } from "node:crypto";
import type { IngestEvent } from "./events.schema";
import { mappedLea, type ClientDistricts } from "../clients/districts";

export interface EventRow {
  eventId: string | null;
  occurredAt: Date;
  method: string | null;
  url: string | null;
  status: number;
  resource: string | null;
  lea: string | null;
  /** The LEA came from the client → district map, not from the event. */
  leaMapped: boolean;
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
  /** Why articleId: the rule that decided and where it matched (classify.ts). */
  classificationReason: string;
  /** No response body: read from a log and classified from logEvidenceJson. */
  partial: boolean;
  /** Body and log evidence stored with quoted values masked (after classification). */
  bodyMasked: boolean;
  logEvidenceJson: string | null;
  route: Team;
  alt: Team | null;
  /** Why `route`: "article default" or the routing rule that decided it. */
  routeReason: string;
  /** The response's messages as one text, for search (after masking, when values are masked). */
  messageText: string | null;
  /** SHA-256 of the LEA and messageText (hex): the district's event_message row it shares with other events. */
  messageDigest: string | null;
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
  /** Admin routing rules (lib/triage/routing-rules.ts), evaluated before the article default. */
  rules?: readonly RoutingRuleInput[];
  /** Client → districts (lib/clients): an event without an LEA takes its client's one district. */
  clientDistricts?: ClientDistricts;
  /** The classifier (today's catalog); a test stands in an older one to store what it would have. */
  classify?: (event: ClassifiableEvent) => ClassifiedEvent;
}

/**
 * Detail, title-less messages and codes of a body as one searchable text, bounded. The messages are
 * sorted: a body is stored as jsonb, which orders object keys its own way, and the ledger derives
 * this text again from the stored body (verify, enrichment), so it must not depend on key order.
 */
export function messageTextOf(parsed: ParsedError): string | null {
  const parts = new Set<string>();
  if (parsed.detail) parts.add(parsed.detail);
  for (const m of parsed.messages.map((m) => (m.path ? `${m.path}: ${m.text}` : m.text)).sort()) parts.add(m);
  for (const c of parsed.codes) parts.add(c);
  if (!parts.size && parsed.title) parts.add(parsed.title);
  return parts.size ? cleanText([...parts].join("\n"), 8_000) : null;
}

/** The message row is per district (event_message): its digest covers the LEA and the text. */
export function messageOf(
  lea: string | null,
  text: string | null,
): { messageText: string | null; messageDigest: string | null } {
  return {
    messageText: text,
    messageDigest: text === null ? null : hash("sha256", `${lea ?? ""}\u0001${text}`, "hex"),
  };
}

/** SHA-256 of a message text alone (hex): its message_text row, shared by every district and problem. */
export function textDigest(text: string): string {
  return hash("sha256", text, "hex");
}

/**
 * A correlationId as stored. Ingest refuses one that carries detected personal data (events.schema.ts);
 * one read from a response body or a log passes the detectors like any other text.
 */
function correlationIdOf(id: string | null | undefined): string | null {
  return id ? cleanText(redactValues(id), 200) : null;
}

/**
 * The problem row (shared by every district) keeps the signature: an unknown type or error code
 * in it that carries detected personal data is redacted, and the event grouped by what is kept.
 */
function groupingOf(
  articleId: string,
  resource: string | null,
  fingerprint: string,
  signature: string,
): { fingerprint: string; signature: string } {
  const kept = redactValues(signature);
  return kept === signature
    ? { fingerprint, signature }
    : { fingerprint: fingerprintOf(articleId, resource, kept), signature: kept };
}

/** What classification decides for a row (and reclassification recomputes): its article, reasons and group. */
export type ClassificationColumns = Pick<
  EventRow,
  "resource" | "canonicalType" | "articleId" | "matchedArticles" | "classificationReason" | "fingerprint" | "signature"
>;

export function classificationColumns(c: ClassifiedEvent): ClassificationColumns {
  return {
    resource: c.resource,
    canonicalType: c.canonicalType ? cleanText(redactValues(c.canonicalType), 500) : null,
    articleId: c.articleId,
    matchedArticles: c.matchedArticles,
    // The reason may quote a received type or error code.
    classificationReason: redactValues(c.reason),
    ...groupingOf(c.articleId, c.resource, c.fingerprint, c.signature),
  };
}

export function prepareEvent(event: IngestEvent, options: PrepareOptions): EventRow {
  const classify = options.classify ?? classifyEvent;
  const c = classify({
    method: event.method,
    url: event.url,
    status: event.status,
    body: event.body,
    requestHeaders: event.request?.headers,
    log: event.log,
  });
  const p = c.parsed;
  // Every text stored beside the response body passes the privacy rules (redact.ts); the
  // classification above saw the event as received.
  const client = event.client ? cleanText(redactFreeText(event.client, options.fields), 200) : null;
  const mapped = event.lea === undefined ? mappedLea(options.clientDistricts, client) : null;
  const lea = event.lea ?? mapped;
  const route = suggestRoute({ articleId: c.articleId, resource: c.resource, client, lea }, options.rules);
  const body =
    event.body === undefined ? undefined : options.maskResponseValues ? maskResponseValues(event.body) : event.body;
  return {
    eventId: event.eventId ?? null,
    occurredAt: event.occurredAt ? new Date(event.occurredAt) : options.receivedAt,
    method: event.method ?? null,
    url: event.url ? cleanText(redactUrl(event.url, options.fields), 4_000) : null,
    status: event.status,
    lea,
    leaMapped: mapped !== null,
    client,
    correlationId: correlationIdOf(event.correlationId ?? p.correlationId),
    format: c.format,
    receivedType: p.receivedType ? cleanText(redactValues(p.receivedType), 500) : null,
    bodyJson: body === undefined ? null : storableJsonText(body),
    requestBodyJson:
      event.request?.body === undefined ? null : JSON.stringify(redactBody(event.request.body, options.fields)),
    requestHeadersJson: event.request?.headers
      ? JSON.stringify(redactHeaders(event.request.headers, options.fields))
      : null,
    partial: event.body === undefined && event.log !== undefined,
    bodyMasked: Boolean(options.maskResponseValues),
    logEvidenceJson: event.log
      ? storableJsonText(redactLogEvidence(event.log, options.fields, options.maskResponseValues))
      : null,
    route: route.team,
    alt: route.alt,
    routeReason: route.reason,
    ...messageOf(lea, body === undefined ? null : messageTextOf(options.maskResponseValues ? parseBody(body) : p)),
    ...classificationColumns(c),
    apiKeyId: options.apiKeyId ?? 0,
  };
}
