// COPY helpers for the benchmarks: rows as PostgreSQL text-format lines, streamed with
// pg-copy-streams (the fastest way to load PostgreSQL, and the yardstick for ingest).
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { EVENT_COPY_COLUMNS } from "../../lib/ingest/event-columns";

/** COPY lines (a generator of text chunks) into error_event; returns seconds taken. */
export async function copyEvents(client: pg.Client, chunks: Iterable<string>): Promise<number> {
  const started = performance.now();
  const stream = client.query(copyFrom(`COPY error_event (${EVENT_COPY_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return (performance.now() - started) / 1000;
}
