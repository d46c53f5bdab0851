// The launcher (lib/cli/server.ts) starts node with the flags measured for each database (README
// "Performance"): checked in the process it starts, by the heap limit and GC mode node reports.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer } from "@/lib/cli/server";

/** Runs the launcher with a script in place of Next that reports what node was started with. */
function launched(
  env: Record<string, string | undefined>,
): Promise<{ execArgv: string[]; heapLimitMb: number; args: string[] }> {
  const script = join(mkdtempSync(join(tmpdir(), "launch-")), "report.mjs");
  writeFileSync(
    script,
    `import v8 from "node:v8"; console.log(JSON.stringify({ execArgv: process.execArgv, heapLimitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20, args: process.argv.slice(2) }));`,
  );
  const child = spawnServer({
    host: "127.0.0.1",
    port: 3999,
    env: env as NodeJS.ProcessEnv,
    script,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`)))),
  );
}

describe("server launch", () => {
  it("on PGlite: collects garbage on the allocating thread and caps the old generation near 384 MB", async () => {
    const r = await launched({ PATH: process.env.PATH });
    expect(r.execArgv).toContain("--single-threaded-gc");
    expect(r.heapLimitMb).toBeGreaterThan(384);
    expect(r.heapLimitMb).toBeLessThan(600); // V8's own default here would be several GB
    expect(r.args).toEqual(["start", "--hostname", "127.0.0.1", "--port", "3999"]);
  });

  it("on PostgreSQL: keeps parallel collection, a loose cap and a 64 MB semi-space", async () => {
    const r = await launched({ PATH: process.env.PATH, DATABASE_URL: "postgresql://127.0.0.1/triage" });
    expect(r.execArgv).not.toContain("--single-threaded-gc");
    expect(r.execArgv).toContain("--max-semi-space-size=64");
    expect(r.heapLimitMb).toBeGreaterThan(1_536);
    expect(r.heapLimitMb).toBeLessThan(2_000);
  });
});
