// npm run bench: the request thread's cost per KB for adversarial inputs next to the normal mix,
// ingest throughput (real endpoint, PGlite and PostgreSQL, against a same-run COPY), query
// latency at 1,000,000 events (PostgreSQL), the trends page at 10,000,000, server RSS. Prints tables and writes
// tests/bench/results/latest.json.
//   BENCH_ADVERSARIAL_MB=8  BENCH_ADVERSARIAL_RUNS=5  BENCH_SKIP_ADVERSARIAL=1  BENCH_SKIP_INGEST=1
//   BENCH_EVENTS=100000  BENCH_BATCH=1000  BENCH_QUERY_EVENTS=1000000  BENCH_RUNS=3
//   BENCH_TREND_EVENTS=10000000 (0 skips the trends page at that size)  BENCH_IMPORT_MB=1024  BENCH_SKIP_IMPORT=1  BENCH_SENDERS=4  BENCH_WARM_UP_BATCHES=5  BENCH_SKIP_PGLITE=1  BENCH_UNIQUE_MESSAGES=1
//   BENCH_RECLASSIFY_EVENTS=100000  BENCH_SKIP_RECLASSIFY=1
//   BENCH_WIDE=1: the query set at 10,000 problems, 500 districts, 200 clients (with BENCH_QUERY_EVENTS=10000000: issue 26's scale)
//   BENCH_QUERY_DAYS=30: the days the query set's events are spread over (365: a state's school year)
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test (default: TEST_DATABASE_URL, then that)
//   BENCH_RETENTION_EVENTS=3000000 (0 skips): a month of events dropped by retention, timed
//   BENCH_SKIP_ALERTS=1  BENCH_ALERT_RUNS=3 (pairs)  BENCH_ALERT_EVENTS (default BENCH_EVENTS): what alerts cost ingest
import { benchRetention } from "./retention";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { demoEvents } from "../../prisma/demo/generate";
import type { IngestEvent } from "../../lib/ingest/events.schema";
import { ensureBuild } from "../support/next-server";
import {
  benchIngestPglite,
  benchPostgres,
  RUNS,
  WARM_UP_BATCHES,
  type IngestFigure,
  type PostgresFigure,
} from "./ingest";
import { benchQueries } from "./queries";
import { WIDE_DEFAULT } from "./wide";
import { benchTrends } from "./trends";
import { benchImport } from "./import";
import { benchAdversarial } from "./adversarial";
import { benchReclassify } from "./reclassify";
import { benchAlertCost, benchDecisionShare } from "./alerts-cost";
import { postgresAnswers } from "./util";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const QUERY_EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 1_000_000);
const TREND_EVENTS = Number(process.env.BENCH_TREND_EVENTS ?? 10_000_000);
const RETENTION_EVENTS = Number(process.env.BENCH_RETENTION_EVENTS ?? 3_000_000);
/** BENCH_WIDE=1: the query data set with 10,000 problems, 500 districts and 200 clients (wide.ts). */
const WIDE = process.env.BENCH_WIDE === "1" ? WIDE_DEFAULT : undefined;
/** The days the query data set's events are spread over, ending now (BENCH_QUERY_DAYS=365: a school year and more). */
const QUERY_DAYS = Number(process.env.BENCH_QUERY_DAYS ?? 30);
const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function main() {
  ensureBuild();
  // The timed events plus the warm-up batches before them.
  const withWarmUp = EVENTS + WARM_UP_BATCHES * BATCH;
  const generated = [...demoEvents({ count: withWarmUp, days: 30, seed: 7 })].slice(0, withWarmUp);
  const events = process.env.BENCH_UNIQUE_MESSAGES ? generated.map(withUniqueMessage) : generated;
  const result: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  if (!process.env.BENCH_SKIP_ADVERSARIAL) {
    const adversarial = benchAdversarial();
    console.log(
      "\nRequest-thread cost per KB of request (decode, validate, classify, redact, COPY lines), every message unique; target: worst case ≤ 3× the normal mix",
    );
    console.table(adversarial);
    result.adversarial = adversarial;
  }
  const skipIngest = Boolean(process.env.BENCH_SKIP_INGEST);
  const ingest: (IngestFigure | PostgresFigure)[] =
    process.env.BENCH_SKIP_PGLITE || skipIngest ? [] : [await benchIngestPglite(events, BATCH)];
  const hasPostgres = await postgresAnswers(PG_URL);
  if (!hasPostgres) console.error(`PostgreSQL does not answer at ${new URL(PG_URL).host}: PostgreSQL figures skipped`);
  else if (!skipIngest) ingest.push(await benchPostgres(PG_URL, events, BATCH));
  if (ingest.length)
    console.log(
      `\nIngest through POST /api/v1/events (next start, NDJSON batches of ${BATCH}, ${ingest[0]?.senders ?? "?"} concurrent senders, after ${WARM_UP_BATCHES} warm-up batches; median of ${RUNS} runs, each on a fresh server and database; targets (issue 20): PGlite ≥ 10,000 events/s, PostgreSQL ≥ 40% of COPY, p95 batch ≤ 500 ms, RSS ≤ 500 MB)`,
    );
  if (ingest.length) console.table(ingest);
  result.ingest = ingest;

  if (!process.env.BENCH_SKIP_ALERTS) {
    const count = Number(process.env.BENCH_ALERT_EVENTS ?? EVENTS) + WARM_UP_BATCHES * BATCH;
    const deciding = await benchDecisionShare(
      events.slice(0, count),
      BATCH,
      hasPostgres ? PG_URL : null,
      !process.env.BENCH_SKIP_PGLITE,
    );
    console.log(
      `\nWhat deciding alerts costs the write (in process, the same batches written one after the other, every problem resolved after the warm-up; the statements of the rules decided in the write — new, new in a district, regressed — that decide alerts timed, as a share of the write transactions' time; median of ${deciding.length ? "the runs" : "—"}; target ≤ 5%)`,
    );
    console.table(deciding);
    const alerts = await benchAlertCost(
      events.slice(0, count),
      BATCH,
      hasPostgres ? PG_URL : null,
      !process.env.BENCH_SKIP_PGLITE,
    );
    console.log(
      `\nWhat alerts cost ingest end to end (the ingest above, runs in pairs without and with alerts — those rules, a webhook per team, the worker delivering and evaluating — alternately, each on a fresh server and database; PostgreSQL's problems resolved before the timed batches; a shared machine moves single runs by more than this)`,
    );
    console.table(alerts);
    result.alerts = { deciding, endToEnd: alerts };
  }

  if (hasPostgres && QUERY_EVENTS > 0) {
    const q = await benchQueries(PG_URL, QUERY_EVENTS, WIDE, QUERY_DAYS);
    const shape = WIDE
      ? `, ${WIDE.problems.toLocaleString("en-US")} problems, ${WIDE.districts} districts, ${WIDE.clients} clients`
      : "";
    console.log(
      `\nQuery latency at ${q.events.toLocaleString("en-US")} events over ${QUERY_DAYS} days${shape} on PostgreSQL (20 runs; data loaded in ${q.loadSeconds} s with COPY)`,
    );
    console.table(q.figures.map(({ plan: _plan, ...f }) => f));
    for (const f of q.figures) console.log(`  ${f.query}: ${f.plan}`);
    console.log(
      "\nCSV export of events, streamed, each in its own process with a 96 MB heap cap (target: the same peak RSS whatever the number of rows)",
    );
    console.table(q.exports);
    result.queries = q;
  }
  if (hasPostgres && !process.env.BENCH_SKIP_IMPORT) {
    const figure = await benchImport(PG_URL);
    console.log(
      `\nnpm run import of a generated WebApiLog.log on PostgreSQL (its own process; resident memory at each quarter of the file and at its peak; targets: events/s at least the HTTP ingest's, memory flat)`,
    );
    console.table([figure]);
    result.import = figure;
  }
  if (hasPostgres && TREND_EVENTS > 0) {
    const t = await benchTrends(PG_URL, TREND_EVENTS);
    console.log(
      `\nThe trends page's queries at ${t.events.toLocaleString("en-US")} events on PostgreSQL (20 runs, America/Chicago; data loaded in ${t.loadSeconds} s with COPY)`,
    );
    console.table(t.figures.map(({ plan: _plan, ...f }) => f));
    for (const f of t.figures) console.log(`  ${f.query}: ${f.plan}`);
    result.trends = t;
  }
  if (hasPostgres && RETENTION_EVENTS > 0) {
    const r = await benchRetention(PG_URL, RETENTION_EVENTS);
    console.log(
      `\nRetention: ${r.events.toLocaleString("en-US")} events over three months on PostgreSQL (COPY), ` +
        "the oldest month dropped by npm run retention's code (target: the drop ≤ 1 s, that month's trends unchanged)",
    );
    console.table([r]);
    result.retention = r;
  }
  if (!process.env.BENCH_SKIP_RECLASSIFY) {
    const r = await benchReclassify(hasPostgres ? PG_URL : null);
    console.log(
      `\nnpm run reclassify: events stored under an older catalog (two articles' templates missing), a dry run, then the run (steps of 1,000 events; rollups verify after)`,
    );
    console.table(r);
    result.reclassify = r;
  }
  mkdirSync("tests/bench/results", { recursive: true });
  writeFileSync("tests/bench/results/latest.json", `${JSON.stringify(result, null, 2)}\n`);
  console.log("\nwritten tests/bench/results/latest.json");
}

/**
 * BENCH_UNIQUE_MESSAGES=1: a value of its own in every event's message (as when an API puts the
 * offending value into the text), so that no classification is ever remembered: the worst case.
 */
function withUniqueMessage(event: IngestEvent, i: number): IngestEvent {
  const ref = ` [ref ${i}]`;
  const body = event.body;
  if (typeof body === "string") return { ...event, body: body + ref };
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const key = typeof b.detail === "string" ? "detail" : typeof b.message === "string" ? "message" : null;
    if (key) return { ...event, body: { ...b, [key]: `${b[key]}${ref}` } };
  }
  return event;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
