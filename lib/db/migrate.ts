// Applies prisma/migrations/*/migration.sql in name order, each in its own transaction, and
// records what it applied (name + SHA-256) in _triage_migrations. Refuses to go on when an
// applied migration's file has changed. On PostgreSQL an advisory lock keeps two servers from
// migrating at once. A migration whose data needs code (a text derived from a body in code) has a
// follow-up step, run in the same transaction right after its SQL: the feature that knows how
// registers it (lib/runtime/migration-steps.ts; this layer knows no feature).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { env } from "../env";
import type { Database } from "./database";
import type { SqlSession } from "./sql-session";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  return resolve(
    /* turbopackIgnore: true */ process.cwd(),
    env().TRIAGE_MIGRATIONS_DIR ?? join("prisma", "migrations"),
  );
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const followUps = new Map<string, (session: SqlSession) => Promise<void>>();

/** Registers the code a migration's data needs after its SQL (once per process). */
export function setMigrationFollowUp(name: string, step: (session: SqlSession) => Promise<void>): void {
  followUps.set(name, step);
}

const LOCK_ID = 7_421_903; // arbitrary, constant: "Triage migrations"

export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.session(async (session) => {
    const lock = db.kind === "postgres";
    if (lock) await session.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    try {
      await session.exec(`CREATE TABLE IF NOT EXISTS _triage_migrations (
        name TEXT PRIMARY KEY,
        checksum TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const rows = await session.query<{ name: string; checksum: string }>(
        "SELECT name, checksum FROM _triage_migrations",
      );
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      const applied: string[] = [];
      for (const m of migrations) {
        const previous = done.get(m.name);
        if (previous !== undefined) {
          if (previous !== m.checksum) {
            throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
          }
          continue;
        }
        try {
          await session.exec("BEGIN");
          await session.exec(m.sql);
          await followUps.get(m.name)?.(session);
          await session.query("INSERT INTO _triage_migrations (name, checksum) VALUES ($1, $2)", [m.name, m.checksum]);
          await session.exec("COMMIT");
        } catch (error) {
          await session.exec("ROLLBACK").catch(() => {});
          throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
        }
        applied.push(m.name);
      }
      return applied;
    } finally {
      if (lock) await session.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]);
    }
  });
}
