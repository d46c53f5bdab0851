// COPY helpers for the benchmarks: rows as PostgreSQL text-format lines, streamed with
// pg-copy-streams (the fastest way to load PostgreSQL, and the yardstick for ingest).
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { EventRow } from "../../lib/ingest/prepare";
import { pgArrayLiteral } from "../../lib/ingest/write";

export const EVENT_COPY_COLUMNS = [
  "id", "event_id", "occurred_at", "method", "url", "status", "resource", "lea", "client", "correlation_id", "format",
  "received_type", "canonical_type", "body", "request_body", "request_headers",
  "article_id", "matched_articles", "route", "alt", "fingerprint", "problem_id", "api_key_id",
] as const;

export function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** The COPY fields of a row, split around the ones that vary per copy: id, eventId, time, correlationId. */
export function eventRowTemplate(row: EventRow, problemId: string) {
  const tail = [row.method, row.url, row.status, row.resource, row.lea, row.client].map(copyField).join("\t");
  const rest = [row.format, row.receivedType, row.canonicalType, row.bodyJson, row.requestBodyJson, row.requestHeadersJson, row.articleId, pgArrayLiteral(row.matchedArticles), row.route, row.alt, row.fingerprint, problemId, row.apiKeyId].map(copyField).join("\t");
  return (id: number, eventId: string | null, occurredAt: Date, correlationId: string | null) =>
    `${id}\t${copyField(eventId)}\t${occurredAt.toISOString()}\t${tail}\t${copyField(correlationId)}\t${rest}\n`;
}

/** COPY lines (a generator of text chunks) into error_event; returns seconds taken. */
export async function copyEvents(client: pg.Client, chunks: Iterable<string>): Promise<number> {
  const started = performance.now();
  const stream = client.query(copyFrom(`COPY error_event (${EVENT_COPY_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return (performance.now() - started) / 1000;
}
