// Which database Triage talks to: PostgreSQL when DATABASE_URL is set, else embedded PGlite.
import { resolve } from "node:path";

export type DatabaseConfig =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | undefined }; // undefined = in memory (tests)

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
    return { kind: "postgres", url };
  }
  return { kind: "pglite", dataDir: resolve(/* turbopackIgnore: true */ process.cwd(), env.TRIAGE_DATA_DIR ?? ".data/pglite") };
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === "pglite") return `PGlite (${config.dataDir ?? "in memory"})`;
  const u = new URL(config.url);
  return `PostgreSQL (${u.hostname}:${u.port || 5432}${u.pathname})`;
}
