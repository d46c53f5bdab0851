// COPY helpers for the benchmarks: rows as PostgreSQL text-format lines, streamed with
// pg-copy-streams (the fastest way to load PostgreSQL, and the yardstick for ingest).
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyField } from "../../lib/db/sql-session";
import type { EventRow } from "../../lib/ingest/prepare";
import { EVENT_COLUMNS, pgArrayLiteral } from "../../lib/ingest/write";

/**
 * The COPY fields of a row (as lib/ingest/write.ts's eventCopyLine writes them), split around the
 * ones that vary per copy: id, eventId, time, correlationId. Makes the 1M-event set fast to build.
 */
export function eventRowTemplate(row: EventRow, problemId: string) {
  const tail = [row.method, row.url, row.status, row.resource, row.lea, row.client].map(copyField).join("\t");
  const rest = [row.format, row.receivedType, row.canonicalType, row.bodyJson, row.requestBodyJson, row.requestHeadersJson, row.articleId, pgArrayLiteral(row.matchedArticles), row.route, row.alt, row.fingerprint, row.apiKeyId, problemId].map(copyField).join("\t");
  return (id: number, eventId: string | null, occurredAt: Date, correlationId: string | null) =>
    `${id}\t${copyField(eventId)}\t${occurredAt.toISOString()}\t${tail}\t${copyField(correlationId)}\t${rest}\n`;
}

/** COPY lines (a generator of text chunks) into error_event; returns seconds taken. */
export async function copyEvents(client: pg.Client, chunks: Iterable<string>): Promise<number> {
  const started = performance.now();
  const stream = client.query(copyFrom(`COPY error_event (${EVENT_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return (performance.now() - started) / 1000;
}
