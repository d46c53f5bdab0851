// Ingest throughput through the real endpoint (`next start`), NDJSON batches, one sender, and
// the same-run rate of a plain COPY of the same rows into PostgreSQL.
import pg from "pg";
import type { IngestEvent } from "../../lib/ingest/events.schema";
import { prepareEvent } from "../../lib/ingest/prepare";
import { openDatabase } from "../../lib/db/database";
import { migrate } from "../../lib/db/migrate";
import { rssMb, startNextServer, startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { eventCopyLine } from "../../lib/ingest/write";
import { copyEvents } from "./copy";
import { createBenchDatabase, percentile, round } from "./util";

export interface IngestFigure {
  database: string;
  senders: number;
  events: number;
  batch: number;
  seconds: number;
  eventsPerSecond: number;
  p50BatchMs: number;
  p95BatchMs: number;
  peakRssMb: number;
}

const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);

/** Posts the batches from SENDERS concurrent senders (a log shipper with parallel uploads); 429 is retried. */
async function postBatches(database: string, server: RunningServer, batches: string[], events: number, batch: number): Promise<IngestFigure> {
  let peak = rssMb(server.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 200);
  const times: number[] = [];
  const queue = [...batches];
  const started = performance.now();
  const sender = async () => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
      const t = performance.now();
      for (;;) {
        const response = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${server.key}`, "content-type": "application/x-ndjson" }, body });
        const text = await response.text();
        if (response.status === 202) break;
        if (response.status !== 429) throw new Error(`ingest answered ${response.status}: ${text.slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { database, senders: SENDERS, events, batch, seconds: round(seconds, 2), eventsPerSecond: Math.round(events / seconds), p50BatchMs: round(percentile(times, 50), 1), p95BatchMs: round(percentile(times, 95), 1), peakRssMb: Math.round(peak) };
}

export async function benchIngestPglite(events: IngestEvent[], batch: number): Promise<IngestFigure> {
  const server = await startNextServerOnTempPglite(3_101, "triage-bench");
  try {
    return await postBatches("PGlite", server, ndjson(events, batch), events.length, batch);
  } finally {
    await server.stop();
  }
}

export async function benchIngestPostgres(adminUrl: string, events: IngestEvent[], batch: number): Promise<IngestFigure> {
  const target = await createBenchDatabase(adminUrl, "ingest");
  const server = await startNextServer({ kind: "postgres", url: target.url }, 3_102);
  try {
    return await postBatches("PostgreSQL", server, ndjson(events, batch), events.length, batch);
  } finally {
    await server.stop();
    await target.drop();
  }
}

/** A plain COPY of the same events, as stored rows, into a fresh database with the same schema. */
export async function benchCopy(adminUrl: string, events: IngestEvent[]): Promise<{ seconds: number; eventsPerSecond: number }> {
  const target = await createBenchDatabase(adminUrl, "copy");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  try {
    await migrate(db);
    const rows = events.map((e) => prepareEvent(e, { receivedAt: new Date(), apiKeyId: null }));
    const problems = new Map<string, string>();
    for (const r of rows) {
      if (problems.has(r.fingerprint)) continue;
      const [p] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
        `INSERT INTO problem (fingerprint, article_id, resource, signature, route, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $5::"Team", now(), now()) RETURNING id::text`,
        r.fingerprint, r.articleId, r.resource, r.signature, r.route,
      );
      problems.set(r.fingerprint, p.id);
    }
    const lines = rows.map((r, i) => eventCopyLine(r, String(i + 1), problems.get(r.fingerprint)!));
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const seconds = await copyEvents(client, chunked(lines, 5_000));
      return { seconds: round(seconds, 2), eventsPerSecond: Math.round(rows.length / seconds) };
    } finally {
      await client.end();
    }
  } finally {
    await db.close();
    await target.drop();
  }
}

function* chunked(lines: string[], size: number): Generator<string> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size).join("");
}

function ndjson(events: IngestEvent[], batch: number): string[] {
  const lines = events.map((e) => JSON.stringify(e));
  const batches: string[] = [];
  for (let i = 0; i < lines.length; i += batch) batches.push(lines.slice(i, i + batch).join("\n"));
  return batches;
}
