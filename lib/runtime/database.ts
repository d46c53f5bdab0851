// The application's database: lib/db's handle opened with our procedures and PGlite thread entry,
// migrated, with the ledger's background folder; one per process (PGlite allows one instance per
// data directory per process, so the handle is cached on globalThis).
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { databaseConfigFromEnv, type DatabaseConfig } from "../db/config";
import { openDatabaseWith, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import type { StartPGliteWorker } from "../db/pglite-thread";
import { startFolder } from "../ledger/folder";
import { startRetention } from "../retention/retention";
import { runProcedure } from "./procedures";
import { connectCluster } from "./cluster";
import "./migration-steps";

export type { Database, SqlSession } from "../db/database";

/**
 * Starts the PGlite thread's entry. Inside Next.js (NEXT_RUNTIME is set), Turbopack has bundled
 * pglite-worker.ts as an entry of its own: it recognises `new Worker(new URL(…, import.meta.url))`.
 * Run from sources (tests, the CLI under tsx) the entry is TypeScript and is loaded through tsx.
 */
export function startPGliteWorker(options: Parameters<StartPGliteWorker>[0]): Worker {
  const { workerData, resourceLimits } = options;
  if (!process.env.NEXT_RUNTIME) {
    const source = fileURLToPath(import.meta.url).replace(/database\.ts$/, "pglite-worker.ts");
    const loader = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(import.meta.url)}));`;
    return new Worker(loader, { eval: true, workerData, resourceLimits });
  }
  return new Worker(new URL("./pglite-worker.ts", import.meta.url), { workerData, resourceLimits });
}

/** Opens a database (not migrated) that runs our procedures. */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return openDatabaseWith(config, { runProcedure, startPGliteWorker });
}

const globalForDb = globalThis as unknown as { triageDatabase?: Promise<Database> };

/** The process-wide database, migrated on first use, with the ledger's background folder running. */
export function getDatabase(): Promise<Database> {
  globalForDb.triageDatabase ??= (async () => {
    const config = databaseConfigFromEnv();
    const db = await openDatabase(config);
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => {}); // the next request opens it again (PGlite: its lock released)
      throw error;
    }
    // The ledger's background folder (lib/ledger/folder.ts): pending counts folded off the request path.
    startFolder(db);
    // Retention (lib/retention): months older than TRIAGE_RETENTION_DAYS dropped every few hours.
    startRetention(db);
    // Rates and cache changes shared with the other server processes on this database (cluster.ts).
    connectCluster(db, config, { serve: true });
    return db;
  })().catch((error) => {
    globalForDb.triageDatabase = undefined; // let the next request try again (e.g. database restarted)
    throw error;
  });
  return globalForDb.triageDatabase;
}

/** Replaces the process-wide database (tests and CLI commands that open their own). */
export function setDatabase(db: Database | undefined): void {
  globalForDb.triageDatabase = db ? Promise.resolve(db) : undefined;
}
