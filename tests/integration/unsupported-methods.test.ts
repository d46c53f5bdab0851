// TRACE and other methods Next.js cannot represent: Next throws while building the Request and
// answers a plain-text 500. The launcher preloads a guard (lib/http/refuse-unsupported-methods.cjs)
// that answers them 405 problem details first. Checked on a real HTTP server started by the real
// launcher, with a stand-in for Next that answers every request it is handed with 200.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { spawnServer } from "@/lib/cli/server";
import { rawRequest } from "../support/raw-request";

const PORT = 3_620 + Number(process.env.TRIAGE_TEST_PORT_OFFSET ?? 0);

const send = (method: string, path: string) => rawRequest(PORT, method, path);

describe("methods Next cannot represent", () => {
  let dir: string;
  let child: ChildProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "triage-methods-"));
    const script = join(dir, "stand-in.mjs");
    writeFileSync(
      script,
      `import http from "node:http"; const port = Number(process.argv.at(-1)); http.createServer((q, s) => s.end("served " + q.method)).listen(port, "127.0.0.1", () => console.log("ready"));`,
    );
    child = spawnServer({ host: "127.0.0.1", port: PORT, script, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  });
  afterAll(() => {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers TRACE and the other methods Next cannot represent 405 problem details with Allow, and passes the others on", async () => {
    for (const [method, path, allow] of [
      ["TRACE", "/api/v1/problems", "GET, HEAD, OPTIONS"],
      ["TRACE", "/api/v1/events?x=1", "GET, POST, HEAD, OPTIONS"],
      ["MKCOL", "/problems", "GET, HEAD, POST, OPTIONS"],
      ["PROPFIND", "/api/v1/trends", "GET, HEAD, OPTIONS"],
    ]) {
      const r = await send(method, path);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers["content-type"]).toBe("application/problem+json");
      expect(r.headers.allow).toBe(allow);
      expect(r.headers["cache-control"]).toBe("no-store");
      const problem = JSON.parse(r.body) as { type: string; status: number; correlationId: string };
      expect(problem).toMatchObject({ type: "urn:triage:method-not-allowed", status: 405 });
      expect(r.headers["x-correlation-id"]).toBe(problem.correlationId);
    }
    for (const method of ["GET", "POST", "OPTIONS", "DELETE"])
      expect((await send(method, "/api/v1/problems")).body).toBe(`served ${method}`);
  });
});
