// Ingest throughput through the real endpoint (`next start`), NDJSON batches from concurrent
// senders, and the same-run rate of a plain COPY of the same rows into PostgreSQL.
import pg from "pg";
import type { IngestEvent } from "../../lib/ingest/events.schema";
import { prepareEvent } from "../../lib/ingest/prepare";
import { openDatabase } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";
import { rssMb, startNextServer, startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { eventCopyFields, eventCopyLine } from "../../lib/ingest/event-columns";
import { copyEvents } from "./copy";
import { runOnServer } from "../support/db";
import { createBenchDatabase, percentile, round } from "./util";

export interface IngestFigure {
  database: string;
  senders: number;
  events: number;
  batch: number;
  /** Median of the runs. */
  eventsPerSecond: number;
  /** Every run's rate, slowest first. */
  runs: string;
  p50BatchMs: number;
  p95BatchMs: number;
  /** Highest of the runs. */
  peakRssMb: number;
}

export interface RunFigure {
  eventsPerSecond: number;
  times: number[];
  peakRssMb: number;
}

const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
/** Each run on a fresh server and database; the median is reported (this machine is noisy). */
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Batches sent before the clock starts: JIT, first-request compilation, caches. */
export const WARM_UP_BATCHES = Number(process.env.BENCH_WARM_UP_BATCHES ?? 5);

/** Posts the batches from SENDERS concurrent senders (a log shipper with parallel uploads); 429 is retried. */
async function postBatches(
  server: RunningServer,
  warmUp: string[],
  batches: string[],
  events: number,
  beforeTimed?: () => Promise<void>,
): Promise<RunFigure> {
  let peak = rssMb(server.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 200);
  const send = async (queue: string[], times: number[]) => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
      const t = performance.now();
      for (;;) {
        const response = await fetch(`${server.url}/api/v1/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${server.key}`, "content-type": "application/x-ndjson" },
          body,
        });
        const text = await response.text();
        if (response.status === 202) break;
        if (response.status !== 429) throw new Error(`ingest answered ${response.status}: ${text.slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(performance.now() - t);
    }
  };
  const warmUpQueue = [...warmUp];
  await Promise.all(Array.from({ length: SENDERS }, () => send(warmUpQueue, [])));
  await beforeTimed?.();
  const times: number[] = [];
  const queue = [...batches];
  const started = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, () => send(queue, times)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { eventsPerSecond: Math.round(events / seconds), times, peakRssMb: Math.round(peak) };
}

export type StartServer = () => Promise<RunningServer & { cleanUp?: () => Promise<void> }>;

/** One run on a fresh server and database from start(). */
export async function ingestRun(
  start: StartServer,
  events: IngestEvent[],
  batch: number,
  beforeTimed?: () => Promise<void>,
): Promise<RunFigure> {
  const { warmUp, timed } = ndjsonBatches(events, batch);
  const server = await start();
  try {
    return await postBatches(server, warmUp, timed, events.length - WARM_UP_BATCHES * batch, beforeTimed);
  } finally {
    await server.stop();
    await server.cleanUp?.();
  }
}

export function median<T>(items: T[], by: (item: T) => number): T {
  return [...items].sort((a, b) => by(a) - by(b))[Math.floor(items.length / 2)];
}

function summarise(database: string, runs: RunFigure[], events: number, batch: number): IngestFigure {
  const middle = median(runs, (r) => r.eventsPerSecond);
  return {
    database,
    senders: SENDERS,
    events,
    batch,
    eventsPerSecond: middle.eventsPerSecond,
    runs: runs
      .map((r) => r.eventsPerSecond)
      .sort((a, b) => a - b)
      .join(" / "),
    p50BatchMs: round(percentile(middle.times, 50), 1),
    p95BatchMs: round(percentile(middle.times, 95), 1),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}

export async function benchIngestPglite(events: IngestEvent[], batch: number): Promise<IngestFigure> {
  const runs: RunFigure[] = [];
  for (let i = 0; i < RUNS; i++)
    runs.push(await ingestRun(() => startNextServerOnTempPglite(3_101, "triage-bench"), events, batch));
  return summarise("PGlite", runs, events.length - WARM_UP_BATCHES * batch, batch);
}

export interface PostgresFigure extends IngestFigure {
  copyEventsPerSecond: number;
  copyRuns: string;
  /** Median of the runs' ratios, each ingest run against the COPY run right after it. */
  ofCopy: string;
}

/**
 * Ingest through the endpoint and a plain COPY of the same rows, alternately, RUNS times. A
 * CHECKPOINT before each timed phase: neither pays for writing out the other's dirty pages.
 */
export async function benchPostgres(adminUrl: string, events: IngestEvent[], batch: number): Promise<PostgresFigure> {
  const runs: RunFigure[] = [];
  const copies: number[] = [];
  const ratios: number[] = [];
  const checkpoint = () => runOnServer(adminUrl, "CHECKPOINT");
  for (let i = 0; i < RUNS; i++) {
    const run = await ingestRun(
      async () => {
        const target = await createBenchDatabase(adminUrl, "ingest");
        const server = await startNextServer({ kind: "postgres", url: target.url }, 3_102);
        return { ...server, cleanUp: target.drop };
      },
      events,
      batch,
      checkpoint,
    );
    await checkpoint();
    const copy = await copyOnce(adminUrl, events.slice(WARM_UP_BATCHES * batch));
    runs.push(run);
    copies.push(copy.eventsPerSecond);
    ratios.push(run.eventsPerSecond / copy.eventsPerSecond);
  }
  return {
    ...summarise("PostgreSQL", runs, events.length - WARM_UP_BATCHES * batch, batch),
    copyEventsPerSecond: median(copies, (c) => c),
    copyRuns: [...copies].sort((a, b) => a - b).join(" / "),
    ofCopy: `${round(100 * median(ratios, (r) => r), 1)}%`,
  };
}

/** A plain COPY of the events, as stored rows, into a fresh database with the same schema. */
async function copyOnce(
  adminUrl: string,
  events: IngestEvent[],
): Promise<{ seconds: number; eventsPerSecond: number }> {
  const target = await createBenchDatabase(adminUrl, "copy");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  try {
    await migrate(db);
    const rows = events.map((e) => prepareEvent(e, { receivedAt: new Date(), apiKeyId: null }));
    const problems = new Map<string, string>();
    for (const r of rows) {
      if (problems.has(r.fingerprint)) continue;
      const [p] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
        `INSERT INTO problem (fingerprint, article_id, resource, signature, route) VALUES ($1, $2, $3, $4, $5::"Team") RETURNING id::text`,
        r.fingerprint,
        r.articleId,
        r.resource,
        r.signature,
        r.route,
      );
      problems.set(r.fingerprint, p.id);
    }
    const lines = rows.map((r, i) => eventCopyLine(String(i + 1), eventCopyFields(r), problems.get(r.fingerprint)!));
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

export function ndjsonBatches(events: IngestEvent[], batch: number): { warmUp: string[]; timed: string[] } {
  const lines = events.map((e) => JSON.stringify(e));
  const batches: string[] = [];
  for (let i = 0; i < lines.length; i += batch) batches.push(lines.slice(i, i + batch).join("\n"));
  return { warmUp: batches.slice(0, WARM_UP_BATCHES), timed: batches.slice(WARM_UP_BATCHES) };
}
