// Query latency at 1,000,000 events (PostgreSQL): the data set is loaded with COPY (realistic
// demo events replicated with fresh ids, times and correlationIds), rollups are rebuilt in SQL,
// then each read model runs 20 times; EXPLAIN shows which indexes and rollups the plans use.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { demoEvents, DISTRICTS } from "../../prisma/demo/generate";
import { openDatabase, type Database } from "../../lib/db/database";
import { ALL_DISTRICTS, leaScope } from "../../lib/auth/scope";
import { ingestEvents } from "../../lib/ingest/ingest";
import { prepareEvent } from "../../lib/ingest/prepare";
import { findEventsByCorrelationIdQuery, listProblemEventsQuery } from "../../lib/queries/events";
import { getProblemQuery, listProblemsQuery } from "../../lib/queries/problems";
import { runQuery, type SqlQuery } from "../../lib/queries/sql";
import { errorTrendQuery } from "../../lib/queries/trends";
import { eventCopyFields, eventCopyLine } from "../../lib/ingest/event-columns";
import { copyEvents } from "./copy";
import { createBenchDatabase, percentile, round } from "./util";

export interface QueryFigure {
  query: string;
  p50Ms: number;
  p95Ms: number;
  targetMs: number;
  plan: string;
}

const BASE = 20_000;

async function load(db: Database, url: string, total: number): Promise<{ seconds: number; correlationIds: string[] }> {
  const started = performance.now();
  const end = new Date();
  const base = [...demoEvents({ count: BASE, days: 30, end, seed: 11 })].slice(0, BASE);
  await ingestEvents(db, base.slice(0, 2_000), { apiKeyId: null }); // creates the problems through the real path
  for (let i = 2_000; i < BASE; i += 2_000) await ingestEvents(db, base.slice(i, i + 2_000), { apiKeyId: null });
  const problems = new Map((await runQuery<{ id: string; fingerprint: string }>(db, { sql: "SELECT id::text, fingerprint FROM problem", params: [] })).map((p) => [p.fingerprint, p.id]));
  const rows = base.map((e) => prepareEvent(e, { receivedAt: end, apiKeyId: null }));
  const correlationIds: string[] = [];
  const span = 30 * 86_400_000;
  function* chunks(): Generator<string> {
    let buffer = "";
    for (let i = BASE; i < total; i++) {
      const correlationId = `${i.toString(36)}-${randomBytes(6).toString("hex")}`;
      if (i % 50_000 === 0) correlationIds.push(correlationId);
      const row = { ...rows[i % BASE], eventId: null, occurredAt: new Date(end.getTime() - Math.random() * span), correlationId };
      buffer += eventCopyLine(String(i + 1), eventCopyFields(row), problems.get(row.fingerprint)!);
      if (buffer.length > 4_000_000) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await copyEvents(client, chunks());
    await client.query(`SELECT setval(pg_get_serial_sequence('error_event', 'id'), ${total})`);
    await client.query(`TRUNCATE problem_daily_count`);
    await client.query(`INSERT INTO problem_daily_count (problem_id, day, lea, count, first_seen_at, last_seen_at)
      SELECT problem_id, (occurred_at AT TIME ZONE 'UTC')::date, coalesce(lea, ''), count(*), min(occurred_at), max(occurred_at) FROM error_event GROUP BY 1, 2, 3`);
    await client.query(`UPDATE problem p SET event_count = c.n, first_seen_at = c.first, last_seen_at = c.last
      FROM (SELECT problem_id, count(*) AS n, min(occurred_at) AS first, max(occurred_at) AS last FROM error_event GROUP BY 1) c WHERE c.problem_id = p.id`);
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  return { seconds: round((performance.now() - started) / 1000, 1), correlationIds };
}

/** Node types of the plan that touch tables, e.g. "Index Scan on error_event (error_event_correlation_id_idx)". */
async function explain(client: pg.Client, q: SqlQuery): Promise<string> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.params);
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node["Relation Name"]) found.push(`${node["Node Type"]} ${node["Relation Name"]}${node["Index Name"] ? ` (${node["Index Name"]})` : ""}`);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((rows[0]["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0].Plan);
  return [...new Set(found)].join("; ");
}

export async function benchQueries(adminUrl: string, total: number): Promise<{ loadSeconds: number; events: number; figures: QueryFigure[] }> {
  const target = await createBenchDatabase(adminUrl, "queries");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  const client = new pg.Client({ connectionString: target.url });
  try {
    const { migrate } = await import("../../lib/db/migrate");
    await migrate(db);
    const { seconds, correlationIds } = await load(db, target.url, total);
    await client.connect();
    const district = leaScope([DISTRICTS[0].lea]);
    const top = (await runQuery<{ id: string }>(db, { sql: "SELECT id::text FROM problem ORDER BY event_count DESC LIMIT 1", params: [] }))[0].id;
    const cases: { query: string; targetMs: number; build: (i: number) => SqlQuery[] }[] = [
      { query: "problems page (all districts)", targetMs: 100, build: () => [listProblemsQuery(ALL_DISTRICTS)] },
      { query: "problems page (one district)", targetMs: 100, build: () => [listProblemsQuery(district)] },
      { query: "problem page (largest problem)", targetMs: 100, build: () => [getProblemQuery(ALL_DISTRICTS, top), listProblemEventsQuery(ALL_DISTRICTS, top, 50)] },
      { query: "trends 30 d (one district)", targetMs: 100, build: () => [errorTrendQuery(district)] },
      { query: "trends 30 d (all districts)", targetMs: 100, build: () => [errorTrendQuery(ALL_DISTRICTS)] },
      { query: "correlationId look-up", targetMs: 5, build: (i) => [findEventsByCorrelationIdQuery(ALL_DISTRICTS, correlationIds[i % correlationIds.length])] },
    ];
    const figures: QueryFigure[] = [];
    for (const c of cases) {
      for (let w = 0; w < 2; w++) for (const q of c.build(w)) await runQuery(db, q);
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        for (const q of c.build(i)) await runQuery(db, q);
        times.push(performance.now() - t);
      }
      const plans = await Promise.all(c.build(0).map((q) => explain(client, q)));
      figures.push({ query: c.query, p50Ms: round(percentile(times, 50), 2), p95Ms: round(percentile(times, 95), 2), targetMs: c.targetMs, plan: plans.join(" | ") });
    }
    return { loadSeconds: seconds, events: total, figures };
  } finally {
    await client.end().catch(() => {});
    await db.close();
    await target.drop();
  }
}
