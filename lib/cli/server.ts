// How the production server (`next start`) is launched: by `npm start`, `npm run demo`, and the
// browser tests, fuzzer and benchmarks alike, so that what is measured is what runs.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { join } from "node:path";
import { parseEnv } from "../env";

/**
 * Node flags for the server, by database. Measured under sustained ingest on 2 cores (README
 * "Performance"):
 * - PGlite (the database is a thread of this process, and the bottleneck): garbage collection on
 *   the thread that allocates instead of helper threads that took CPU from PGlite's thread
 *   (9,200–11,500 → 12,500–13,300 events/s, and the runs' spread shrank), and a cap on the old
 *   generation, which V8 otherwise sizes from the machine's memory (gigabytes here) and lets grow
 *   far past what the server keeps alive (peak resident memory ~530 MB → ~450 MB).
 * - PostgreSQL (the database is its own process; the request thread is the bottleneck): parallel
 *   collection keeps up, while single-threaded collection or a tight cap cost a fifth of the
 *   rate; a loose cap still bounds the heap (peak RSS 410–535 MB → 320–380 MB, the high end with
 *   every message unique), and a 64 MB semi-space lets each batch's objects die young (+10%).
 * A request (≤ 10 MB, ≤ 10,000 events) needs a fraction of either cap.
 */
export function serverNodeArgs(env: Record<string, string | undefined> = process.env): string[] {
  return parseEnv(env).DATABASE_URL
    ? ["--max-old-space-size=1536", "--max-semi-space-size=64"]
    : ["--max-old-space-size=384", "--single-threaded-gc"];
}

export interface ServerOptions {
  host: string;
  port: number;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  /** Extra node flags, e.g. ["--cpu-prof"] for profiling. */
  nodeArgs?: string[];
  /** The script node runs (tests: one that reports the flags in effect); default Next's CLI. */
  script?: string;
}

export function spawnServer({
  host,
  port,
  env = process.env,
  stdio = ["ignore", "inherit", "inherit"],
  nodeArgs = [],
  script,
}: ServerOptions): ChildProcess {
  const next = script ?? join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  // Methods Next cannot represent (TRACE…) answer 405 problem details instead of Next's 500 text.
  const refuseUnsupported = ["--require", join(process.cwd(), "lib", "http", "refuse-unsupported-methods.cjs")];
  return spawn(
    process.execPath,
    [
      ...serverNodeArgs(env),
      ...refuseUnsupported,
      ...nodeArgs,
      next,
      "start",
      "--hostname",
      host,
      "--port",
      String(port),
    ],
    {
      stdio,
      env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
}

/** Where `npm start` and `npm run demo` listen: HOST and PORT, loopback:3000 by default. */
export function listenAddressFromEnv(env: Record<string, string | undefined> = process.env): {
  host: string;
  port: number;
} {
  const { HOST, PORT } = parseEnv(env);
  return { host: HOST, port: PORT };
}

/** Runs the server in the foreground; resolves with its exit code. Ctrl-C and SIGTERM stop it. */
export function serveInForeground(options: ServerOptions): Promise<number> {
  const server = spawnServer(options);
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return new Promise<number>((resolve) => server.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}
