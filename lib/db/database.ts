// A database handle: a PrismaClient plus the driver underneath it (for multi-statement SQL such as
// migrations). This layer opens one; which procedures it runs and the process-wide handle are
// lib/runtime/database.ts's.
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PrismaClient } from "./generated/client";
import { env } from "../env";
import type { DatabaseConfig } from "./config";
import { lockDataDirectory } from "./pglite-lock";
import { PGliteThread, type StartPGliteWorker } from "./pglite-thread";
import { withTransientRetry } from "./retry";
import type { ProcedureArgs, ProcedureName, ProcedureResult, ProcedureRunner } from "./procedures";
import { inTransaction, pgliteSession, pgSession, type SqlSession } from "./sql-session";
import { isDatabaseUnavailable } from "./unavailable";

export interface Database {
  readonly kind: DatabaseConfig["kind"];
  readonly prisma: PrismaClient;
  /** Runs SQL that may hold several statements and no parameters (migrations, set-up). */
  exec(sql: string): Promise<void>;
  /** Runs fn on one connection held for its whole duration (session locks). */
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs fn in one transaction on one connection; rolls back when fn throws. On PGlite this holds
   * the instance's lock, so no other query (Prisma's included) can interleave.
   */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs a procedure (procedures.ts) in one transaction, on PGlite inside its own thread; on
   * PostgreSQL again when the transaction failed for a transient reason (retry.ts).
   */
  procedure<N extends ProcedureName>(name: N, ...args: ProcedureArgs<N>): Promise<ProcedureResult<N>>;
  close(): Promise<void>;
}

export type { SqlSession } from "./sql-session";

/** What this layer runs but does not know: the features' procedures and the PGlite thread's entry. */
export interface DatabaseRuntime {
  runProcedure: ProcedureRunner;
  startPGliteWorker: StartPGliteWorker;
}

/**
 * Settings of every PostgreSQL session we open:
 * - work_mem: PostgreSQL's default 4 MB makes the trends page's aggregations (tens of thousands
 *   of rollup cells) sort on disk instead of hashing in memory: 2× slower (README "Performance").
 * - TimeZone=UTC: SQL that meets a date and a timestamp (a month's first instant) means the same
 *   instant whatever the server's or database's default zone is; every zone we show is explicit.
 * - parallel_setup_cost (default 1,000): a page already sends its statements side by side, and a
 *   parallel worker took 10-30 ms to start on our 2-core machines (a 2.6 ms index scan ran 35 ms
 *   with two), so only scans that save more than that go parallel (10M events: facets 362 -> 230
 *   ms, problems list 140 -> 121 ms, the trends page unchanged; README "Performance").
 * - random_page_cost (default 4, for spinning disks): the rollups and their indexes are read from
 *   memory, where a page read out of order costs about what the next one does. With 4 the planner
 *   read a district's 30 days through the day index, fetching every district's rows (754,000) to
 *   keep 24,000; with 1.1 (the usual setting for SSDs) through the district's own index (10M
 *   events, one district's problems list 299 -> 59 ms, its facets 136 -> 48 ms).
 */
export const SESSION_OPTIONS =
  "-c work_mem=32MB -c TimeZone=UTC -c jit=off -c parallel_setup_cost=10000 -c random_page_cost=1.1";

/** Opens a database (not migrated); lib/runtime/database.ts opens ours with our procedures. */
export async function openDatabaseWith(
  config: DatabaseConfig,
  { runProcedure, startPGliteWorker }: DatabaseRuntime,
): Promise<Database> {
  if (config.kind === "pglite") {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const unlock = config.dataDir ? lockDataDirectory(config.dataDir) : () => {};
    // 128 MB of shared buffers (the default) would be most of the server's memory; the OS page
    // cache holds the rest of the data directory anyway (24 MB against 48 MB: −25 MB resident
    // under load, ingest rate within the noise). relaxedDurability: on a data directory
    // (Node's file system) writes reach the files inside each call; the option only stops PGlite
    // awaiting its (no-op) per-query file-system sync, which costs ~10% of ingest time.
    // It runs in its own thread (pglite-thread.ts): the request thread keeps one core to itself.
    const fresh = !config.dataDir || !existsSync(join(config.dataDir, "PG_VERSION"));
    const lite = new PGliteThread(
      config.dataDir,
      fresh ? config.template : undefined,
      {
        relaxedDurability: Boolean(config.dataDir),
        postgresqlconf: [`shared_buffers = ${env().TRIAGE_PGLITE_SHARED_BUFFERS}`],
      },
      startPGliteWorker,
    );
    try {
      await lite.waitReady;
    } catch (error) {
      await lite.close();
      unlock();
      throw error;
    }
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite as unknown as PGlite) });
    return {
      kind: "pglite",
      prisma,
      exec: async (sql) => {
        await lite.exec(sql);
      },
      session: (fn) => fn(pgliteSession(lite)),
      transaction: (fn) => lite.transaction((tx) => fn(pgliteSession(tx))),
      procedure: (name, ...args) => lite.procedure(name, args),
      close: async () => {
        await prisma.$disconnect();
        await lite.close();
        unlock();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: env().TRIAGE_DB_POOL, options: SESSION_OPTIONS });
  pool.on("error", () => {}); // a dropped idle connection is replaced on next use
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const db: Database = {
    kind: "postgres",
    prisma,
    exec: async (sql) => {
      await pool.query(sql);
    },
    session: async (fn) => {
      const client = await checkout(pool);
      let broken: Error | undefined;
      try {
        return await fn(pgSession(client));
      } catch (error) {
        broken = error as Error;
        throw error;
      } finally {
        // A client whose connection died is destroyed instead of going back to the pool.
        client.release(broken && isDatabaseUnavailable(broken) ? broken : undefined);
      }
    },
    transaction: (fn) => db.session((session) => inTransaction(session, fn)),
    procedure: (name, ...args) =>
      withTransientRetry(() =>
        db.transaction((tx) => runProcedure(tx, name, args) as Promise<ProcedureResult<typeof name>>),
      ),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
  return db;
}

/** A pooled client that cannot crash the process when its connection drops while checked out. */
async function checkout(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  if (client.listenerCount("error") === 0) client.on("error", () => {});
  return client;
}
