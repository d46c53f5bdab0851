// Which database Triage talks to: PostgreSQL when DATABASE_URL is set, else embedded PGlite.
import { resolve } from "node:path";
import { env as processEnv, type Env } from "../env";

export type DatabaseConfig =
  | { kind: "postgres"; url: string }
  | {
      kind: "pglite";
      /** undefined = in memory (tests) */
      dataDir: string | undefined;
      /**
       * A data directory as PGlite's dumpDataDir tarball, to start from where there is no database
       * yet (tests start each database from a migrated one: tests/support/pglite-template.ts).
       */
      template?: Uint8Array<ArrayBuffer>;
    };

export function databaseConfigFromEnv(
  env: Pick<Env, "DATABASE_URL" | "TRIAGE_DATA_DIR"> = processEnv(),
): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: resolve(/* turbopackIgnore: true */ process.cwd(), env.TRIAGE_DATA_DIR) };
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === "pglite") return `PGlite (${config.dataDir ?? "in memory"})`;
  const u = new URL(config.url);
  return `PostgreSQL (${u.hostname}:${u.port || 5432}${u.pathname})`;
}
