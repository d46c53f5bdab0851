// Ingest's pipeline in one process, from sources: decode → validate → ingestEvents, with the
// ledger's folder running, from concurrent senders (as POST /api/v1/events runs it, without HTTP
// and Next.js). Prints events/s and the CPU spent per 1,000 events by this process (all its
// threads: PGlite's too) and by PostgreSQL's processes: steadier than events/s on a noisy machine,
// and what an A/B of two checkouts should compare; then the rate until every event was folded too.
// With --cpu-prof the profile has readable names.
//   npx tsx tests/tools/profile-ingest.ts [events=30000] [pglite | postgres-admin-url]
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx tests/tools/profile-ingest.ts 30000 pglite
//   SENDERS=4  NO_FOLD=1 (fold once after the timed part, and time that)  COUNTS=1 (rows and sizes)
//   DAYS=30: the days the events are spread over (as the bench's; 1: live traffic, few keys a fold)
//   WAL=1 (PostgreSQL): the timed part's write-ahead log by relation and record type (pg_walinspect)
//   FOLD_EVERY=30000: fold after this many stored events instead of the server's pacing (10,000)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoEvents } from "../../prisma/demo/generate";
import { openDatabase, type Database } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";
import { startFolder } from "../../lib/ledger/folder";
import { decodeEvents } from "../../lib/ingest/decode";
import { validateEvents } from "../../lib/ingest/validate";
import { ingestEvents } from "../../lib/ingest/ingest";
import { createApiKey } from "../../lib/auth/api-keys";
import { ROLLUPS } from "../../lib/ledger/definitions";
import { foldedEvents } from "../../lib/ledger/fold";
import { createPostgresDatabase } from "../support/db";
import { WARM_UP_BATCHES, ndjsonBatches } from "../bench/ingest";

const EVENTS = Number(process.argv[2] ?? 30_000);
const TARGET = process.argv[3] ?? "postgresql://postgres@127.0.0.1:5432/test";
const SENDERS = Number(process.env.SENDERS ?? 4);
const BATCH = 1_000;

/** CPU seconds (user + system) of every process named postgres on this machine. */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== "postgres") continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended
    }
  }
  return ticks / 100;
}

async function openTarget(): Promise<{ db: Database; cleanUp: () => Promise<void> }> {
  if (TARGET === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "triage-profile-"));
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    return { db, cleanUp: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase(TARGET, "triage_profile");
  return { db: await openDatabase({ kind: "postgres", url: created.url }), cleanUp: created.drop };
}

async function main() {
  const { warmUp, timed } = ndjsonBatches(
    [...demoEvents({ count: EVENTS + WARM_UP_BATCHES * BATCH, days: Number(process.env.DAYS ?? 30), seed: 7 })],
    BATCH,
  );
  const { db, cleanUp } = await openTarget();
  await migrate(db);
  const foldEvery = process.env.FOLD_EVERY ? Number(process.env.FOLD_EVERY) : undefined;
  const folder = process.env.NO_FOLD
    ? undefined
    : startFolder(db, foldEvery ? { everyEvents: foldEvery, maxPendingEvents: foldEvery } : {});
  const key = await createApiKey(db, "profile", ["ingest"]);
  const send = async (queue: string[]) => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift())
      await ingestEvents(db, validateEvents(await decodeEvents(body, "application/x-ndjson")), { apiKeyId: key.id });
  };
  const senders = (queue: string[]) => Promise.all(Array.from({ length: SENDERS }, () => send(queue)));
  await senders(warmUp);

  if (process.env.WAL && TARGET === "pglite") console.log("WAL=1: PostgreSQL only (pg_walinspect); ignored on PGlite");
  const walFrom = process.env.WAL && TARGET !== "pglite" ? await walPosition(db) : undefined;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const postgresCpu = postgresCpuSeconds();
  await senders(timed);
  const seconds = (performance.now() - started) / 1000;
  const perThousand = (cpuSeconds: number) => Math.round((cpuSeconds * 1e6) / EVENTS);
  const used = process.cpuUsage(cpu);
  console.log(
    `${TARGET === "pglite" ? "PGlite" : "PostgreSQL"}: ${Math.round(EVENTS / seconds)} events/s; CPU ms per 1,000 events: ` +
      `this process ${perThousand((used.user + used.system) / 1e6)}, PostgreSQL ${perThousand(postgresCpuSeconds() - postgresCpu)}`,
  );

  if (walFrom) await printWal(db, walFrom, await walPosition(db), EVENTS);

  const foldStarted = performance.now();
  let folded = 0;
  const fold = async () => foldedEvents(await db.procedure("foldPending"));
  for (let n = await fold(); n > 0; n = await fold()) folded += n;
  if (!folder) console.log(`one fold of ${folded} events: ${Math.round(performance.now() - foldStarted)} ms`);
  await folder?.drain();
  folder?.stop();
  // What ingest sustains: the timed events stored and every one of them folded (a fold's size is the
  // folder's choice; events left pending at the end are not free).
  const allFolded = (performance.now() - started) / 1000;
  const lastFoldMs = Math.round(performance.now() - foldStarted);
  console.log(
    `stored and folded: ${Math.round(EVENTS / allFolded)} events/s (the last fold ended ${lastFoldMs} ms after the last batch)`,
  );
  if (process.env.COUNTS)
    for (const table of ["error_event", "event_key", "event_message", ...ROLLUPS.map((d) => d.table)]) {
      const [r] = await db.transaction((tx) =>
        tx.query<{ n: string; size: string }>(
          `SELECT count(*)::text AS n, pg_size_pretty(pg_total_relation_size('${table}')) AS size FROM ${table}`,
        ),
      );
      console.log(`${table}: ${r.n} rows, ${r.size}`);
    }
  await db.close();
  await cleanUp();
}

/** The WAL flushed so far (PostgreSQL 15's pg_walinspect refuses a position past it). */
async function walPosition(db: Database): Promise<string> {
  const [r] = await db.transaction((tx) => tx.query<{ lsn: string }>("SELECT pg_current_wal_flush_lsn()::text AS lsn"));
  return r.lsn;
}

/**
 * The WAL between two positions, per event: by relation of this database (partitions and their
 * indexes under their table, TOAST under its table; "other": none, another database's or a
 * shared catalog's) and by record type. A record is counted under its first block's relation.
 */
async function printWal(db: Database, from: string, to: string, events: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
    const per = (n: string) => (Number(n) / events).toFixed(2);
    const byRelation = await tx.query<{ rel: string; records: string; bytes: string }>(
      `WITH r AS (
         SELECT (regexp_match(block_ref, 'rel \\d+/(\\d+)/(\\d+)'))[1]::oid AS db,
                (regexp_match(block_ref, 'rel \\d+/(\\d+)/(\\d+)'))[2]::oid AS node, record_length + fpi_length AS bytes
           FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)),
       mine AS (
         SELECT r.bytes, c.oid AS rel FROM r
           LEFT JOIN pg_class c ON c.relfilenode = r.node
                AND r.db = (SELECT oid FROM pg_database WHERE datname = current_database()))
       SELECT coalesce(p.relname, toasted.relname || ' (TOAST)', c.relname, 'other') AS rel, count(*)::text AS records,
              sum(m.bytes)::text AS bytes
         FROM mine m LEFT JOIN pg_class c ON c.oid = m.rel
         LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
         LEFT JOIN pg_class toasted ON toasted.reltoastrelid = c.oid
        GROUP BY 1 ORDER BY count(*) DESC`,
      [from, to],
    );
    console.log("WAL per event, by relation (records, bytes):");
    for (const r of byRelation) console.log(`  ${r.rel}: ${per(r.records)}, ${per(r.bytes)}`);
    const byType = await tx.query<{ type: string; records: string; bytes: string }>(
      `SELECT resource_manager || '/' || record_type AS type, count(*)::text AS records,
              sum(record_length + fpi_length)::text AS bytes
         FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn) GROUP BY 1 ORDER BY count(*) DESC LIMIT 15`,
      [from, to],
    );
    console.log("WAL per event, by record type (records, bytes):");
    for (const r of byType) console.log(`  ${r.type}: ${per(r.records)}, ${per(r.bytes)}`);
  });
}

void main();
