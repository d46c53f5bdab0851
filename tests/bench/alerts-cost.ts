// What alerts cost ingest, through the real endpoint at the bench's rate (`npm run bench`, or alone:
// `npx tsx tests/bench/alerts-cost.ts`). Each database is run in pairs, alternately, each run on a
// fresh server and database (the machine is shared and noisy: medians):
//   off — no alert rules, no worker (TRIAGE_ALERTS=0): nothing is decided;
//   on  — the default rules (new, regressed → routed team), a "new in a district" rule, a spiking
//         and a volume rule, a webhook channel per team at a local receiver, and the worker
//         delivering and evaluating every 5 s, as a server runs them.
// On PostgreSQL every problem is resolved before the timed batches of both arms, so that the
// timed batches regress problems and decide those alerts too (PGlite's database is the server's own).
// On a shared machine whole runs differ by more than the cost looked for, so the cost of deciding
// is also measured directly: the same write (writeEvents, in this process, batches one after the
// other, the ledger folded every 10 batches as the server's folder does) with every statement that
// decides alerts timed (record.ts: RECORD_ALERTS_SQL, RECORD_NEW_IN_DISTRICT_SQL), as a share of
// the write transactions' time; numerator and denominator meet the same load. Twice: with the
// default rules (new and regressed → routed team, a channel per team), and with every kind (and new
// in a district, which on a fresh database fires for every problem's every district: a storm).
//   BENCH_ALERT_EVENTS (default BENCH_EVENTS, 100,000)  BENCH_ALERT_RUNS (pairs, default 3)
import { demoEvents } from "../../prisma/demo/generate";
import type { IngestEvent } from "../../lib/ingest/events.schema";
import { openDatabase, type Database } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";
import type { SqlSession } from "../../lib/db/sql-session";
import { prepareEvent } from "../../lib/ingest/prepare";
import { toWriteBatch, writeEvents } from "../../lib/ingest/write";
import { RECORD_ALERTS_SQL, RECORD_NEW_IN_DISTRICT_SQL } from "../../lib/alerts/record";
import { startNextServer, startNextServerOnTempPglite } from "../support/next-server";
import { startReceiver } from "../support/alert-sinks";
import { runOnServer } from "../support/db";
import { ingestRun, median, WARM_UP_BATCHES, type RunFigure, type StartServer } from "./ingest";
import { createBenchDatabase, postgresAnswers, round } from "./util";

export interface AlertCostFigure {
  database: string;
  events: number;
  /** Median events/s without alerts, and every run's. */
  off: number;
  offRuns: string;
  /** Median events/s with alerts, and every run's. */
  on: number;
  onRuns: string;
  /** 1 − on/off of each pair, the median (negative: the run with alerts was the faster). */
  cost: string;
  pairCosts: string;
  /** Outbox rows written in the median "on" run. */
  alerts: number;
}

const PAIRS = Number(process.env.BENCH_ALERT_RUNS ?? 3);

async function setUpAlerts(db: Database, receiverUrl: string, everyKind = true): Promise<void> {
  await db.transaction(async (tx): Promise<void> => {
    await tx.query(
      `INSERT INTO alert_channel (name, kind, target, secret, team)
                    SELECT t, 'webhook', $1 || '/' || t, 'bench-secret', t::"Team" FROM unnest(ARRAY['dev', 'data', 'ops']) AS t`,
      [receiverUrl],
    );
    if (everyKind)
      await tx.query(`INSERT INTO alert_rule (name, kind, per_district, factor, min_events, quiet_minutes, to_team) VALUES
                    ('New in a district', 'new', true, 3, 10, 60, true), ('Spiking', 'spiking', false, 3, 200, 60, true), ('Volume', 'volume', false, 3, 500, 60, true)`);
  });
  return;
}

async function noAlerts(db: Database): Promise<void> {
  await db.transaction((tx) => tx.query("DELETE FROM alert_rule"));
}

async function outboxRows(url: string | null): Promise<number> {
  if (!url) return NaN;
  const pg = (await import("pg")).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM alert_outbox")).rows[0].n;
  } finally {
    await c.end();
  }
}

/** The pairs on one database; start(on) starts a fresh server with alerts on or off. */
async function pairs(
  database: string,
  events: IngestEvent[],
  batch: number,
  start: (on: boolean) => StartServer,
  beforeTimed: (on: boolean) => (() => Promise<void>) | undefined,
  countAlerts: () => Promise<number>,
): Promise<AlertCostFigure> {
  const off: RunFigure[] = [];
  const on: (RunFigure & { alerts: number })[] = [];
  const costs: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which arm goes first, so that a drift of the machine's load does not favour one.
    const order = i % 2 === 0 ? [false, true] : [true, false];
    let o: RunFigure | undefined;
    let a: (RunFigure & { alerts: number }) | undefined;
    for (const withAlerts of order) {
      let alerts = NaN;
      const run = await ingestRun(
        async () => {
          const server = await start(withAlerts)();
          return {
            ...server,
            stop: async () => {
              if (withAlerts) alerts = await countAlerts().catch(() => NaN);
              await server.stop();
            },
          };
        },
        events,
        batch,
        beforeTimed(withAlerts),
      );
      if (withAlerts) a = { ...run, alerts };
      else o = run;
    }
    off.push(o!);
    on.push(a!);
    costs.push(1 - a!.eventsPerSecond / o!.eventsPerSecond);
  }
  const rates = (runs: RunFigure[]) =>
    runs
      .map((r) => r.eventsPerSecond)
      .sort((x, y) => x - y)
      .join(" / ");
  const middleOn = median(on, (r) => r.eventsPerSecond);
  return {
    database,
    events: events.length - WARM_UP_BATCHES * batch,
    off: median(off, (r) => r.eventsPerSecond).eventsPerSecond,
    offRuns: rates(off),
    on: middleOn.eventsPerSecond,
    onRuns: rates(on),
    cost: `${round(100 * median(costs, (c) => c), 1)}%`,
    pairCosts: costs.map((c) => `${round(100 * c, 1)}%`).join(" / "),
    alerts: middleOn.alerts,
  };
}

export async function benchAlertCost(
  events: IngestEvent[],
  batch: number,
  pgUrl: string | null,
  withPglite = true,
): Promise<AlertCostFigure[]> {
  const receiver = await startReceiver();
  const figures: AlertCostFigure[] = [];
  const env = (on: boolean) => ({ TRIAGE_ALERTS: on ? "1" : "0", TRIAGE_ALERT_PRIVATE_WEBHOOKS: "1" });
  const prepare = (on: boolean) => (db: Database) => (on ? setUpAlerts(db, receiver.url) : noAlerts(db));
  try {
    if (withPglite) {
      // PGlite's outbox is read by the server only; its count is not reported.
      figures.push(
        await pairs(
          "PGlite",
          events,
          batch,
          (on) => () => startNextServerOnTempPglite(3_103, "triage-bench-alerts", env(on), prepare(on)),
          () => undefined,
          async () => NaN,
        ),
      );
    }
    if (pgUrl) {
      let current: string | null = null;
      figures.push(
        await pairs(
          "PostgreSQL",
          events,
          batch,
          (on) => async () => {
            const target = await createBenchDatabase(pgUrl, "alerts");
            current = target.url;
            const server = await startNextServer({ kind: "postgres", url: target.url }, 3_104, env(on), prepare(on));
            return { ...server, cleanUp: target.drop };
          },
          () => async () => {
            await runOnServer(current!, "UPDATE problem SET triage_status = 'resolved'");
            await runOnServer(pgUrl, "CHECKPOINT");
          },
          () => outboxRows(current),
        ),
      );
    }
  } finally {
    await receiver.close();
  }
  return figures;
}

export interface DecisionShare {
  database: string;
  /** "default rules": new and regressed → routed team; "every kind": and new in a district, spiking, volume. */
  rules: string;
  events: number;
  /** Median of the runs: time in the statements that decide alerts / time of the write transactions. */
  share: string;
  runs: string;
  /** Of the median run. */
  decidingMs: number;
  /** Of which "new in a district". */
  inDistrictMs: number;
  writeMs: number;
  statements: number;
  alerts: number;
}

const GATE = "SELECT 1 FROM alert_rule WHERE enabled AND kind = 'new' AND per_district LIMIT 1";
const DECIDING = new Set([RECORD_ALERTS_SQL, RECORD_NEW_IN_DISTRICT_SQL, GATE]);

/** The session with the deciding statements timed into `into`. */
function timed(tx: SqlSession, into: { ms: number; statements: number; inDistrictMs: number }): SqlSession {
  return {
    exec: (sql) => tx.exec(sql),
    copyIn: (table, columns, text) => tx.copyIn(table, columns, text),
    async query<R>(sql: string, params?: unknown[]) {
      if (!DECIDING.has(sql)) return tx.query<R>(sql, params);
      const t = performance.now();
      try {
        return await tx.query<R>(sql, params);
      } finally {
        const ms = performance.now() - t;
        into.ms += ms;
        if (sql !== RECORD_ALERTS_SQL) into.inDistrictMs += ms;
        into.statements++;
      }
    },
  };
}

async function decisionRun(
  open: () => Promise<{ db: Database; drop: () => Promise<void> }>,
  events: IngestEvent[],
  batch: number,
  everyKind: boolean,
) {
  const { db, drop } = await open();
  try {
    await migrate(db);
    await setUpAlerts(db, "http://127.0.0.1:9", everyKind);
    const receivedAt = new Date();
    const batches = Array.from({ length: Math.ceil(events.length / batch) }, (_, i) =>
      toWriteBatch(
        events.slice(i * batch, (i + 1) * batch).map((e) => prepareEvent(e, { receivedAt, apiKeyId: null })),
        0,
      ),
    );
    const deciding = { ms: 0, statements: 0, inDistrictMs: 0 };
    let writeMs = 0;
    for (let i = 0; i < batches.length; i++) {
      if (i === WARM_UP_BATCHES) {
        // The timed batches regress problems as well as create them; nothing of the warm-up counts.
        await db.transaction((tx) => tx.query("UPDATE problem SET triage_status = 'resolved'"));
        Object.assign(deciding, { ms: 0, statements: 0, inDistrictMs: 0 });
        writeMs = 0;
      }
      const t = performance.now();
      await db.transaction((tx) => writeEvents(timed(tx, deciding), batches[i]));
      writeMs += performance.now() - t;
      if (i % 10 === 9) await db.procedure("foldPending");
    }
    const [{ n }] = await db.transaction((tx) =>
      tx.query<{ n: number }>("SELECT count(*)::int AS n FROM alert_outbox"),
    );
    return {
      share: deciding.ms / writeMs,
      decidingMs: round(deciding.ms, 1),
      inDistrictMs: round(deciding.inDistrictMs, 1),
      writeMs: Math.round(writeMs),
      statements: deciding.statements,
      alerts: n,
    };
  } finally {
    await drop();
  }
}

/** The deciding statements' share of the write, RUNS times per database (median reported). */
export async function benchDecisionShare(
  events: IngestEvent[],
  batch: number,
  pgUrl: string | null,
  withPglite = true,
): Promise<DecisionShare[]> {
  const databases: [string, () => Promise<{ db: Database; drop: () => Promise<void> }>][] = [];
  if (withPglite)
    databases.push([
      "PGlite",
      async () => {
        const db = await openDatabase({ kind: "pglite", dataDir: undefined });
        return { db, drop: () => db.close() };
      },
    ]);
  if (pgUrl) {
    databases.push([
      "PostgreSQL",
      async () => {
        const target = await createBenchDatabase(pgUrl, "deciding");
        const db = await openDatabase({ kind: "postgres", url: target.url });
        return {
          db,
          drop: async () => {
            await db.close();
            await target.drop();
          },
        };
      },
    ]);
  }
  const figures: DecisionShare[] = [];
  for (const [database, open] of databases)
    for (const everyKind of [false, true]) {
      const runs = [];
      for (let i = 0; i < PAIRS; i++) runs.push(await decisionRun(open, events, batch, everyKind));
      const middle = median(runs, (r) => r.share);
      figures.push({
        database,
        rules: everyKind ? "every kind" : "default rules",
        events: events.length - WARM_UP_BATCHES * batch,
        share: `${round(100 * middle.share, 2)}%`,
        runs: runs.map((r) => `${round(100 * r.share, 2)}%`).join(" / "),
        decidingMs: middle.decidingMs,
        inDistrictMs: middle.inDistrictMs,
        writeMs: middle.writeMs,
        statements: middle.statements,
        alerts: middle.alerts,
      });
    }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.env.BENCH_ALERT_EVENTS ?? process.env.BENCH_EVENTS ?? 100_000);
  const batch = Number(process.env.BENCH_BATCH ?? 1_000);
  const withWarmUp = count + WARM_UP_BATCHES * batch;
  const events = [...demoEvents({ count: withWarmUp, days: 30, seed: 7 })].slice(0, withWarmUp) as IngestEvent[];
  const url =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const pg = (await postgresAnswers(url)) ? url : null;
  console.table(await benchDecisionShare(events, batch, pg, !process.env.BENCH_SKIP_PGLITE));
  if (!process.env.BENCH_SKIP_ALERT_PAIRS)
    console.table(await benchAlertCost(events, batch, pg, !process.env.BENCH_SKIP_PGLITE));
  process.exit(0);
}
