// `npm start` (the `serve` command): migrates, launches `next start` through the one launcher
// (lib/cli/server.ts), serves, and stops on SIGTERM.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureBuild } from "../support/next-server";
import { rawRequest } from "../support/raw-request";

// Unique among the tests (e2e 3201–3204, fuzz 3211, reliability 3221/3222, range bounds 3231/3232,
// sign-in abuse 3241, privacy pages 3271/3272), moved by TRIAGE_TEST_PORT_OFFSET.
const PORT = 3_251 + Number(process.env.TRIAGE_TEST_PORT_OFFSET ?? 0);

const send = (method: string, path: string) => rawRequest(PORT, method, path);

/** Command lines of a process's children. */
function childrenOf(parent: number): string[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const ppid = Number(/\nPPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
        return ppid === parent ? [readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ")] : [];
      } catch {
        return [];
      }
    });
}

describe("npm start", () => {
  it("migrates, serves the build on PGlite, and stops on SIGTERM", async () => {
    ensureBuild();
    await expect(fetch(`http://127.0.0.1:${PORT}/api/health`), "port taken by another server").rejects.toThrow();
    const dataDir = mkdtempSync(join(tmpdir(), "triage-serve-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TRIAGE_DATA_DIR: join(dataDir, "data"),
      PORT: String(PORT),
      HOST: "127.0.0.1",
    };
    delete env.DATABASE_URL;
    const cli = spawn(process.execPath, ["--import", "tsx", "lib/cli/index.ts", "serve"], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    cli.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => cli.on("exit", (code) => resolve(code)));
    try {
      let health: Response | undefined;
      for (let i = 0; i < 240 && !health?.ok; i++) {
        health = await fetch(`http://127.0.0.1:${PORT}/api/health`).catch(() => undefined);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 250));
      }
      expect(health?.ok, stderr).toBe(true);
      expect(stderr).toMatch(/applied|up to date/); // migrated first
      // The server is the command's own child (Next renames its process, so the flags are
      // checked where they are chosen: tests/unit/server-launch.test.ts).
      expect(childrenOf(cli.pid!).some((c) => c.startsWith("next-server"))).toBe(true);
      // TRACE, which Next cannot represent, is a 405 problem details (not Next's text 500), and
      // OPTIONS lists only the methods that answer.
      const trace = await send("TRACE", "/api/v1/problems");
      expect(trace.status).toBe(405);
      expect(trace.headers["content-type"]).toBe("application/problem+json");
      expect(JSON.parse(trace.body)).toMatchObject({ type: "urn:triage:method-not-allowed", status: 405 });
      const options = await send("OPTIONS", "/api/v1/problems");
      expect(options.status).toBe(204);
      expect(options.headers.allow).toBe("GET, HEAD, OPTIONS");
    } finally {
      cli.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
    await expect(fetch(`http://127.0.0.1:${PORT}/api/health`)).rejects.toThrow();
  }, 120_000);
});
