// A stored event through today's classifier: the body, request headers and log evidence as stored
// (redacted, and masked when TRIAGE_REDACT_RESPONSE_VALUES was on), the reasons recomputed. Pure.
import { classifyEvent, suggestRoute, type LogEvidenceInput, type RoutingRuleInput, type Team } from "../problems";
import { classificationColumns, type ClassificationColumns } from "../ingest/prepare";
import { SHARE_COLUMNS, type StoredShareRow } from "../ledger/share";

/** The columns of error_event reclassification reads: the share's, what classification read, what it decided. */
export const STORED_EVENT_COLUMNS = `${SHARE_COLUMNS}, method, url, request_headers, log_evidence, partial, body_masked,
  resource, canonical_type, article_id, matched_articles, classification_reason, fingerprint, route::text, alt::text`;

export interface StoredEventRow extends StoredShareRow {
  method: string | null;
  url: string | null;
  request_headers: Record<string, unknown> | null;
  log_evidence: LogEvidenceInput | null;
  partial: boolean;
  body_masked: boolean | null;
  resource: string | null;
  canonical_type: string | null;
  article_id: string;
  matched_articles: string[];
  classification_reason: string | null;
  fingerprint: string;
  route: Team;
  alt: Team | null;
}

/** What today's classifier decides for a stored event: the classification columns and the event's route. */
export interface Reclassified extends ClassificationColumns {
  route: Team;
  alt: Team | null;
  routeReason: string;
}

export function reclassifyStored(row: StoredEventRow, rules: readonly RoutingRuleInput[]): Reclassified {
  const fromLog = row.partial && row.log_evidence !== null;
  const c = classifyEvent({
    method: row.method,
    url: row.url,
    status: row.status,
    body: fromLog || row.body === null ? undefined : row.body,
    requestHeaders: row.request_headers,
    log: fromLog ? row.log_evidence : undefined,
  });
  const columns = classificationColumns(c);
  const route = suggestRoute(
    { articleId: columns.articleId, resource: columns.resource, client: row.client, lea: row.lea },
    rules,
  );
  return { ...columns, route: route.team, alt: route.alt, routeReason: route.reason };
}

/**
 * Stored with its quoted values masked (TRIAGE_REDACT_RESPONSE_VALUES): ingest classified what it
 * received, so what is stored cannot be classified again (a masked value can change the article).
 * Events stored before this was recorded count as masked when masking is on now.
 */
export function storedMasked(row: StoredEventRow, maskingOnNow: boolean): boolean {
  return row.body_masked ?? maskingOnNow;
}

/** The event moves to another problem: its article, resource or what varies changed. */
export function movesProblem(row: StoredEventRow, now: Reclassified): boolean {
  return now.fingerprint !== row.fingerprint;
}

/** It stays, but what is recorded about its classification changed (reasons, other matches, its route). */
export function restatesReasons(row: StoredEventRow, now: Reclassified): boolean {
  return (
    now.articleId !== row.article_id ||
    now.classificationReason !== row.classification_reason ||
    now.canonicalType !== row.canonical_type ||
    now.resource !== row.resource ||
    now.route !== row.route ||
    now.alt !== row.alt ||
    now.matchedArticles.length !== row.matched_articles.length ||
    now.matchedArticles.some((a, k) => a !== row.matched_articles[k])
  );
}
