// Test databases: a fresh in-memory PGlite (from a migrated template, pglite-template.ts), or a fresh PostgreSQL database on the server named by
// TEST_DATABASE_URL (refused unless it is on this machine), migrated, dropped afterwards.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { migrate } from "@/lib/db/migrate";
import { pgliteTemplate } from "./pglite-template";
import { holdFoldLock } from "@/lib/ledger/apply";

export type DbKind = "pglite" | "postgres";

export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase {
  db: Database;
  url: string | null;
  drop(): Promise<void>;
}

function localUrl(): URL {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(
      `TEST_DATABASE_URL must point at this machine (got ${url.hostname}); tests create and drop databases`,
    );
  }
  return url;
}

/** One statement on its own connection to the server of adminUrl (CREATE DATABASE, CHECKPOINT…). */
export async function runOnServer(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh, empty database on the PostgreSQL server of adminUrl, and how to drop it. */
export async function createPostgresDatabase(
  adminUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const run = (sql: string) => runOnServer(adminUrl, sql);
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function testPostgresUrl(): string {
  return localUrl().toString();
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ kind: "pglite", dataDir: undefined, template: await pgliteTemplate() });
    await migrate(db); // nothing left to apply: it checks the template's migrations
    return { db, url: null, drop: () => db.close() };
  }
  const target = await createPostgresDatabase(localUrl().toString(), "triage_test");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  await migrate(db);
  return {
    db,
    url: target.url,
    drop: async () => {
      await db.close();
      await target.drop();
    },
  };
}

/**
 * A statement that changes problems' routes or teams as the app does: under the fold lock
 * (lib/ledger/apply.ts holdFoldLock), which the route trigger requires.
 */
export async function changeRoutes(db: Database, statement: string, params: unknown[]): Promise<void> {
  await db.transaction(async (tx) => {
    await holdFoldLock(tx);
    await tx.query(statement, params);
  });
}
