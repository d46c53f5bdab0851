// Test databases: a fresh in-memory PGlite, or a fresh PostgreSQL database on the server named by
// TEST_DATABASE_URL (refused unless it is on this machine), migrated, dropped afterwards.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";

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
    throw new Error(`TEST_DATABASE_URL must point at this machine (got ${url.hostname}); tests create and drop databases`);
  }
  return url;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ kind: "pglite", dataDir: undefined });
    await migrate(db);
    return { db, url: null, drop: () => db.close() };
  }
  const admin = localUrl();
  const name = `triage_test_${randomBytes(6).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString() });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
