// Query latency at 1,000,000 events (PostgreSQL): the data set is loaded with COPY (realistic
// demo events replicated with fresh ids, times and correlationIds), rollups are rebuilt in SQL,
// then each read model runs 20 times; EXPLAIN shows which indexes and rollups the plans use.
import pg from "pg";
import { MESSAGE_TOTALS_FROM_EVENT_MESSAGE, ROLLUPS, backfillSql } from "../../lib/ledger/definitions";
import { randomBytes } from "node:crypto";
import { demoEvents, DISTRICTS } from "../../prisma/demo/generate";
import { openDatabase, type Database } from "../../lib/runtime/database";
import { ALL_DISTRICTS, leaScope } from "../../lib/auth/scope";
import { ingestEvents } from "../../lib/ingest/ingest";
import { prepareEvent } from "../../lib/ingest/prepare";
import { findEventsByCorrelationId, findEventsByCorrelationIdQuery } from "../../lib/queries/events";
import { eventNeighbours, getEvent, listEvents } from "../../lib/queries/event-list";
import { getProblemDetail, problemDailySeries, problemTopValues } from "../../lib/queries/problem-detail";
import {
  groupProblemStream,
  listProblemStream,
  problemFacets,
  problemRowsSql,
  streamFilters,
} from "../../lib/queries/problem-stream";
import { searchEverything } from "../../lib/queries/search";
import { execFileSync } from "node:child_process";
import { loadProblemSearch } from "../../lib/search-params/problems";
import { runQuery } from "../../lib/queries/sql";
import { timePendingCases, trendCases } from "./trends";
import { eventCopyFields, eventCopyLine } from "../../lib/ingest/event-columns";
import { copyEvents } from "./copy";
import { ensureEventMonths } from "../../lib/retention/partitions";
import { createBenchDatabase, round } from "./util";
import { timeCases, type QueryCase } from "./timing";
import { cloneProblems, skewed, wideClient, wideDistrict, wideMessages, wideSource, type WideShape } from "./wide";
import { listClients } from "../../lib/clients/store";

const BASE = 20_000;

export async function load(
  db: Database,
  url: string,
  total: number,
  wide?: WideShape,
  days = 30,
): Promise<{ seconds: number; correlationIds: string[] }> {
  const started = performance.now();
  const end = new Date();
  const base = [...demoEvents({ count: BASE, days: 30, end, seed: 11 })].slice(0, BASE);
  await ingestEvents(db, base.slice(0, 2_000), { apiKeyId: null }); // creates the problems through the real path
  for (let i = 2_000; i < BASE; i += 2_000) await ingestEvents(db, base.slice(i, i + 2_000), { apiKeyId: null });
  const problems = new Map(
    (
      await runQuery<{ id: string; fingerprint: string }>(db, {
        sql: "SELECT id::text, fingerprint FROM problem",
        params: [],
      })
    ).map((p) => [p.fingerprint, p.id]),
  );
  const rows = base.map((e) => prepareEvent(e, { receivedAt: end, apiKeyId: null }));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Wide: each copy gets one of its base problem's clones, a district and a client (wide.ts).
  const clones = wide ? await cloneProblems(client, wide.problems) : undefined;
  const districts = wide ? Array.from({ length: wide.districts }, (_, i) => wideDistrict(i)) : [];
  const clients = wide ? Array.from({ length: wide.clients }, (_, i) => wideClient(i)) : [];
  const correlationIds: string[] = [];
  const span = days * 86_400_000;
  function* chunks(): Generator<string> {
    let buffer = "";
    for (let i = BASE; i < total; i++) {
      const correlationId = `${i.toString(36)}-${randomBytes(6).toString("hex")}`;
      if (i % 50_000 === 0) correlationIds.push(correlationId);
      const base = rows[i % BASE];
      const family = clones?.get(base.fingerprint);
      const row = {
        ...base,
        eventId: null,
        occurredAt: new Date(end.getTime() - Math.random() * span),
        correlationId,
        ...(wide ? wideSource(districts, clients) : {}),
      };
      const problemId = family ? family[skewed(family.length, 3)] : problems.get(row.fingerprint)!;
      buffer += eventCopyLine(String(i + 1), eventCopyFields(row), problemId);
      if (buffer.length > 4_000_000) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  try {
    // Each month in its partition, as ingest makes them: one instant of every month of the span.
    const months = Array.from({ length: Math.ceil(days / 28) + 1 }, (_, i) =>
      Math.max(end.getTime() - span, end.getTime() - i * 28 * 86_400_000),
    );
    await ensureEventMonths(db, months);
    await copyEvents(client, chunks());
    await client.query(`SELECT setval(pg_get_serial_sequence('error_event', 'id'), ${total})`);
    const [stray] = (await client.query<{ n: string }>("SELECT count(*)::text AS n FROM error_event_default")).rows;
    if (Number(stray.n)) throw new Error(`${stray.n} events in the default partition: a month has no partition`);
    // What was loaded, so that a later run on this database (BENCH_QUERY_DATABASE_URL) names it right.
    await client.query("CREATE TABLE bench_load (events bigint, days int, wide boolean)");
    await client.query("INSERT INTO bench_load VALUES ($1, $2, $3)", [total, days, Boolean(wide)]);
    // Every rollup with its one definition (lib/ledger/definitions.ts), as the ledger's migration backfills.
    await client.query(
      `TRUNCATE ${ROLLUPS.map((d) => d.table).join(", ")}, share_pending, message_text, problem_message, message_pending`,
    );
    for (const d of ROLLUPS) await client.query(backfillSql(d));
    await orderRollupsByDay(client);
    // The copies repeat the base events' texts: their message counts grow in proportion.
    if (wide) await wideMessages(client);
    else await client.query(`UPDATE event_message SET events = events * ${Math.round(total / BASE)}`);
    // The texts of every district from event_message, as the migration that added them backfills.
    for (const statement of MESSAGE_TOTALS_FROM_EVENT_MESSAGE) await client.query(statement);
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  return { seconds: round((performance.now() - started) / 1000, 1), correlationIds };
}

export interface ExportFigure {
  query: string;
  rows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** The exporting process's resident memory at its peak, with its heap capped at EXPORT_HEAP_MB. */
  peakRssMb: number;
}

const EXPORT_HEAP_MB = 96;

/**
 * CSV exports of a district's events and of every event, each in a process of its own with its
 * heap capped: constant memory means the same peak for 70,000 rows as for 1,000,000, and no
 * out-of-memory failure under the cap.
 */
function benchExports(url: string, district: string): ExportFigure[] {
  return [`lea=${district}`, ""].map((query) => {
    const out = execFileSync(
      process.execPath,
      [`--max-old-space-size=${EXPORT_HEAP_MB}`, "--import", "tsx", "tests/bench/export-child.ts", url, query],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    const r = JSON.parse(out.trim().split("\n").at(-1)!) as {
      rows: number;
      megabytes: number;
      seconds: number;
      peakRssMb: number;
    };
    return {
      query: query || "(every event)",
      rows: r.rows,
      megabytes: r.megabytes,
      seconds: r.seconds,
      rowsPerSecond: Math.round(r.rows / r.seconds),
      peakRssMb: r.peakRssMb,
    };
  });
}

/**
 * The rollups' rows ordered by day, as a live database holds them: its rows arrive day by day (each
 * fold appends the day's new rows and rewrites today's), while the backfill writes them in its
 * aggregation's order, which spreads a month's rows over every page of the table.
 */
export async function orderRollupsByDay(client: pg.Client): Promise<void> {
  await client.query("CLUSTER problem_daily_count USING problem_daily_count_day_idx");
  await client.query("CLUSTER problem_trend_day USING problem_trend_day_day_lea_idx");
  await client.query("CLUSTER problem_day USING problem_day_day_idx");
  await client.query("CLUSTER trend_day USING trend_day_pkey");
  await client.query("CLUSTER trend_all_day USING trend_all_day_pkey");
  await client.query("CLUSTER trend_district_day USING trend_district_day_pkey");
  await client.query("CLUSTER client_trend_day USING client_trend_day_pkey");
  await client.query("CLUSTER client_day USING client_day_pkey");
}

/** Correlation ids of a loaded database, spread over its events. */
async function sampleCorrelationIds(db: Database): Promise<string[]> {
  const rows = await runQuery<{ c: string }>(db, {
    sql: "SELECT correlation_id AS c FROM error_event TABLESAMPLE SYSTEM (1) WHERE correlation_id IS NOT NULL LIMIT 20",
    params: [],
  });
  return rows.map((r) => r.c);
}

export async function benchQueries(
  adminUrl: string,
  total: number,
  wide?: WideShape,
  days = 30,
): Promise<{
  loadSeconds: number;
  events: number;
  figures: Awaited<ReturnType<typeof timeCases>>;
  exports: ExportFigure[];
}> {
  let exports: ExportFigure[];
  // BENCH_QUERY_DATABASE_URL: time the queries on a database loaded before (tests/tools/perf-db.ts),
  // kept afterwards, so that two versions of the queries are timed on the same data.
  const kept = process.env.BENCH_QUERY_DATABASE_URL;
  const target = kept ? { url: kept, drop: async () => {} } : await createBenchDatabase(adminUrl, "queries");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  const client = new pg.Client({ connectionString: target.url });
  try {
    const { migrate, readMigrations } = await import("../../lib/db/migrate");
    if (kept) {
      // The same data for every version timed: a migration would rewrite it (refused before it
      // runs), another data set would be mislabelled.
      const done = await runQuery<{ name: string }>(db, { sql: "SELECT name FROM _triage_migrations", params: [] });
      const pending = readMigrations().filter((m) => !done.some((d) => d.name === m.name));
      if (pending.length)
        throw new Error(
          `the kept database lacks migrations (${pending.map((m) => m.name).join(", ")}): load it again with this version`,
        );
    }
    await migrate(db);
    if (kept) {
      const [loaded] = await runQuery<{ events: string; days: number; wide: boolean }>(db, {
        sql: "SELECT events::text, days, wide FROM bench_load",
        params: [],
      });
      if (loaded.days !== days || loaded.wide !== Boolean(wide))
        throw new Error(
          `the kept database holds ${loaded.events} events over ${loaded.days} days${loaded.wide ? ", wide" : ""}: set BENCH_QUERY_DAYS and BENCH_WIDE to match`,
        );
      total = Number(loaded.events);
    }
    const { seconds, correlationIds } = kept
      ? { seconds: 0, correlationIds: await sampleCorrelationIds(db) }
      : await load(db, target.url, total, wide, days);
    await client.connect();
    const districtCode = wide ? wideDistrict(0) : DISTRICTS[0].lea;
    const district = leaScope([districtCode]);
    const top = (
      await runQuery<{ id: string }>(db, {
        sql: "SELECT problem_id::text AS id FROM problem_daily_count GROUP BY 1 ORDER BY sum(count) DESC LIMIT 1",
        params: [],
      })
    )[0].id;
    const search = (query: string) => loadProblemSearch(query);
    const event = (
      await runQuery<{ id: string }>(db, {
        sql: `SELECT id::text FROM error_event WHERE problem_id = ${Number(top)} ORDER BY occurred_at DESC LIMIT 1`,
        params: [],
      })
    )[0].id;
    const rareText =
      (
        await runQuery<{ text: string }>(db, {
          sql: "SELECT substr(text, 1, 24) AS text FROM event_message ORDER BY id DESC LIMIT 1",
          params: [],
        })
      )[0]?.text ?? "no message text"; // a kept database may have been loaded without its texts
    const [kolkata, chicago] = [{ timeZone: "Asia/Kolkata" }, { timeZone: "America/Chicago" }];
    const cases: QueryCase[] = [
      {
        query: "problems list (all districts)",
        targetMs: 100,
        run: () => listProblemStream(db, ALL_DISTRICTS, search("")),
        plans: [problemRowsSql(ALL_DISTRICTS, streamFilters(search("")), "events.desc", 50, 0)],
      },
      {
        query: "problems list (one district)",
        targetMs: 100,
        run: () => listProblemStream(db, district, search("")),
        plans: [problemRowsSql(district, streamFilters(search("")), "events.desc", 50, 0)],
      },
      // In a zone whose days start inside UTC days: the partial edge days read the rollup's quarter-hours.
      {
        query: "problems list (all districts, Asia/Kolkata)",
        targetMs: 50,
        run: () => listProblemStream(db, ALL_DISTRICTS, search(""), kolkata),
        plans: [problemRowsSql(ALL_DISTRICTS, streamFilters(search(""), kolkata), "events.desc", 50, 0)],
      },
      {
        query: "problems list (one district, 7 d, America/Chicago)",
        targetMs: 50,
        run: () => listProblemStream(db, district, search("range=7d"), chicago),
      },
      {
        query: "facet counts (all districts, America/Chicago)",
        targetMs: 100,
        run: () => problemFacets(db, ALL_DISTRICTS, search(""), chicago),
      },
      {
        query: "problems list (client + resource + text, 90 d)",
        targetMs: 100,
        run: () =>
          listProblemStream(
            db,
            ALL_DISTRICTS,
            search(
              `client=${encodeURIComponent(wide ? wideClient(3) : "PowerSchool SIS")}&resource=studentSchoolAssociations&q=reference&range=90d`,
            ),
          ),
      },
      { query: "facet counts (all districts)", targetMs: 100, run: () => problemFacets(db, ALL_DISTRICTS, search("")) },
      {
        query: "facet counts (one district, filtered)",
        targetMs: 100,
        run: () => problemFacets(db, district, search("route=data&range=7d")),
      },
      {
        query: "grouped by resource",
        targetMs: 100,
        run: () => groupProblemStream(db, ALL_DISTRICTS, search(""), "resource"),
      },
      {
        query: "problem page (largest problem)",
        targetMs: 100,
        run: () =>
          Promise.all([
            getProblemDetail(db, ALL_DISTRICTS, top),
            problemDailySeries(db, ALL_DISTRICTS, top, 90),
            problemTopValues(db, ALL_DISTRICTS, top),
            listEvents(db, ALL_DISTRICTS, { problemId: top, limit: 25 }),
          ]),
      },
      {
        query: "event page",
        targetMs: 100,
        run: async () => {
          const e = (await getEvent(db, ALL_DISTRICTS, event))!;
          return Promise.all([
            eventNeighbours(db, ALL_DISTRICTS, e),
            findEventsByCorrelationId(db, ALL_DISTRICTS, e.correlationId!, 50),
          ]);
        },
      },
      {
        query: "search: correlationId",
        targetMs: 100,
        run: (i) => searchEverything(db, ALL_DISTRICTS, correlationIds[i % correlationIds.length]),
      },
      { query: "search: message text (one text)", targetMs: 100, run: () => searchEverything(db, district, rareText) },
      {
        query: "search: message text (common word)",
        targetMs: 100,
        run: () => searchEverything(db, ALL_DISTRICTS, "does not exist"),
      },
      ...trendCases(db, district),
      { query: "admin: API clients", targetMs: 250, run: () => listClients(db) },
      {
        query: "correlationId look-up",
        targetMs: 5,
        run: (i) =>
          runQuery(db, findEventsByCorrelationIdQuery(ALL_DISTRICTS, correlationIds[i % correlationIds.length])),
        plans: [findEventsByCorrelationIdQuery(ALL_DISTRICTS, correlationIds[0])],
      },
    ];
    const figures = [...(await timeCases(client, cases)), ...(await timePendingCases(client, db, district))];
    exports = process.env.BENCH_SKIP_EXPORTS ? [] : benchExports(target.url, districtCode);
    return { loadSeconds: seconds, events: total, figures, exports };
  } finally {
    await client.end().catch(() => {});
    await db.close();
    await target.drop();
  }
}
