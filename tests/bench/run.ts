// npm run bench: ingest throughput through the real HTTP endpoint (`next start`), NDJSON batches
// of 1,000 events, classification included, on PGlite and (when it answers) PostgreSQL.
// Prints a table and writes tests/bench/results/latest.json.
//   BENCH_EVENTS=100000 (default)   BENCH_BATCH=1000   BENCH_DATABASE_URL=postgresql://…/test
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { demoEvents } from "../../prisma/demo/generate";
import { ensureBuild, rssMb, startNextServer } from "../support/next-server";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

interface IngestFigure {
  database: string;
  events: number;
  batch: number;
  seconds: number;
  eventsPerSecond: number;
  p50BatchMs: number;
  p95BatchMs: number;
  peakRssMb: number;
}

function ndjsonBatches(): string[] {
  const lines = [...demoEvents({ count: EVENTS, days: 30, seed: 7 })].slice(0, EVENTS).map((e) => JSON.stringify(e));
  const batches: string[] = [];
  for (let i = 0; i < lines.length; i += BATCH) batches.push(lines.slice(i, i + BATCH).join("\n"));
  return batches;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function benchIngest(database: string, server: Awaited<ReturnType<typeof startNextServer>>, batches: string[]): Promise<IngestFigure> {
  let peak = rssMb(server.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 200);
  const times: number[] = [];
  const started = performance.now();
  for (const body of batches) {
    const t = performance.now();
    const response = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${server.key}`, "content-type": "application/x-ndjson" }, body });
    if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer();
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { database, events: EVENTS, batch: BATCH, seconds: round(seconds, 2), eventsPerSecond: Math.round(EVENTS / seconds), p50BatchMs: round(percentile(times, 50), 1), p95BatchMs: round(percentile(times, 95), 1), peakRssMb: Math.round(peak) };
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

async function postgresAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function main() {
  ensureBuild();
  console.error(`generating ${EVENTS.toLocaleString("en-US")} events…`);
  const batches = ndjsonBatches();
  const figures: IngestFigure[] = [];

  const dir = mkdtempSync(join(tmpdir(), "triage-bench-"));
  const lite = await startNextServer({ kind: "pglite", dataDir: dir }, 3_101);
  try {
    figures.push(await benchIngest("PGlite", lite, batches));
  } finally {
    await lite.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  if (await postgresAnswers(PG_URL)) {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const name = `triage_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const server = await startNextServer({ kind: "postgres", url: url.toString() }, 3_102);
    try {
      figures.push(await benchIngest("PostgreSQL", server, batches));
    } finally {
      await server.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    console.error(`PostgreSQL does not answer at ${new URL(PG_URL).host}: skipped`);
  }

  console.log("\nIngest through POST /api/v1/events (next start, NDJSON, one sender)");
  console.table(figures);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    ingest: figures,
  };
  mkdirSync("tests/bench/results", { recursive: true });
  writeFileSync("tests/bench/results/latest.json", `${JSON.stringify(result, null, 2)}\n`);
  console.log("written tests/bench/results/latest.json");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
