// Starts the real production server (`next start`, built if needed) on a database of our own,
// with an ingest key, for browser tests and benchmarks. PGlite is opened by the server process only.
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { spawnServer } from "../../lib/cli/server";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needsBuild } from "../../lib/cli/build";
import { createApiKey } from "../../lib/auth/api-keys";
import { openDatabase, type Database } from "../../lib/runtime/database";
import { pgliteTemplate } from "./pglite-template";
import { migrate } from "../../lib/db/migrate";
import type { DatabaseConfig } from "../../lib/db/config";
import { ensureDemoUsers, type DemoSignIn } from "../../lib/cli/demo-users";
import type { Role } from "../../lib/auth/roles";

export interface RunningServer {
  url: string;
  key: string;
  pid: number;
  /** One user per role (the demo's four sign-ins), with their password. */
  users: Record<Role, DemoSignIn>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = "e2e-password-0123456789";

const BUILD_LOCK = ".data/build.lock";

/**
 * Builds once when the build is missing or older than the sources. Test files run in parallel
 * workers, so a lock directory makes the others wait for the one that builds.
 */
export function ensureBuild(): void {
  mkdirSync(".data", { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const lock = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 300_000) rmSync(BUILD_LOCK, { recursive: true, force: true }); // a crashed builder
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!needsBuild()) return;
    const r = spawnSync("node", ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (r.status !== 0) throw new Error("next build failed");
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** prepare: runs on the migrated database before the server starts (benchmarks set up alert rules with it). */
export async function startNextServer(
  config: DatabaseConfig,
  requestedPort: number,
  extraEnv: Record<string, string> = {},
  prepare?: (db: Database) => Promise<void>,
): Promise<RunningServer> {
  // TRIAGE_TEST_PORT_OFFSET moves every test server, so that two checkouts can run browser tests at once.
  const port = requestedPort + Number(process.env.TRIAGE_TEST_PORT_OFFSET ?? 0);
  // A new PGlite directory starts from the migrated template (pglite-template.ts); an existing one
  // opens as it is.
  const db = await openDatabase(config.kind === "pglite" ? { ...config, template: await pgliteTemplate() } : config);
  await migrate(db);
  const { key } = await createApiKey(db, "test", ["ingest", "read"]);
  const users = Object.fromEntries((await ensureDemoUsers(db, TEST_PASSWORD)).map((u) => [u.role, u])) as Record<
    Role,
    DemoSignIn
  >;
  await prepare?.(db);
  await db.close();
  // These servers are driven at full rate by one key (fuzzer, reliability suite, benchmarks): the
  // per-key quota is tested on its own (tests/integration/backpressure.test.ts), not here.
  const env: NodeJS.ProcessEnv = {
    TRIAGE_INGEST_RATE: "10000000",
    TRIAGE_INGEST_BYTES_RATE: "10000000000",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), // tests set their own (vitest.config.ts); tools get one
    ...process.env,
    ...extraEnv,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
  };
  delete env.DATABASE_URL;
  if (config.kind === "postgres") env.DATABASE_URL = config.url;
  else env.TRIAGE_DATA_DIR = config.dataDir;
  // Launched as `npm start` launches it. TRIAGE_SERVER_NODE_ARGS: extra node flags, e.g.
  // "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.TRIAGE_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // A server left on the port (an earlier run that was killed) would answer for ours.
  if (
    await fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is taken by another server; stop it first`);
  const child: ChildProcess = spawnServer({
    host: "127.0.0.1",
    port,
    env,
    nodeArgs,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // starting
    }
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it answered`);
    if (i > 240) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    key,
    users,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Resident set size of a process in MB (Linux). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** `next start` (built if needed) on a fresh PGlite directory that stop() removes again. */
export async function startNextServerOnTempPglite(
  port: number,
  prefix: string,
  extraEnv: Record<string, string> = {},
  prepare?: (db: Database) => Promise<void>,
): Promise<RunningServer> {
  ensureBuild();
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const server = await startNextServer({ kind: "pglite", dataDir: dir }, port, extraEnv, prepare);
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.lock`, { recursive: true, force: true }); // if the server could not remove it on exit
    },
  };
}
