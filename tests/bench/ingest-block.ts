// The longest time the request thread is blocked while a real server (the events route, PGlite)
// handles one hostile or large ingest body: 10 MB nested 5 million levels deep (refused before
// parsing), and one event carrying a 10 MB string. Not part of `npm run bench`; run by hand:
//   npx tsx tests/bench/ingest-block.ts   (RUNS=2)
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as eventsRoute from "@/app/api/v1/events/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { createTestDatabase } from "../support/db";
import { startTestServer } from "../support/server";
import { IngestLimiter, resetIngestLimiter } from "@/lib/ingest/rate-limit";

const t = await createTestDatabase("pglite");
setDatabase(t.db);
resetIngestLimiter(
  new IngestLimiter({ eventsPerSecond: 1e9, burst: 1e9, bytesPerSecond: 1e12, byteBurst: 1e12, concurrency: 2 }),
);
const server = await startTestServer({ "/api/v1/events": eventsRoute });
const key = (await createApiKey(t.db, "m", ["ingest"])).key;
const post = (body: string) =>
  fetch(`${server.url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
await post(JSON.stringify({ status: 500, body: "warm" }));
const depth = 5_000_000;
const cases: [string, string][] = [
  ["10 MB nested 5M levels", `[{"status":500,"body":${"[".repeat(depth)}${"]".repeat(depth)}}]`],
  ["10 MB one event, 1 body string", JSON.stringify([{ status: 500, body: { detail: "x".repeat(10_000_000 - 100) } }])],
];
for (const [name, body] of cases) {
  for (let run = 0; run < (process.env.RUNS ? Number(process.env.RUNS) : 2); run++) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const start = performance.now();
    const r = await post(body);
    const ms = performance.now() - start;
    h.disable();
    console.log(
      `${name}: status ${r.status}, answered in ${Math.round(ms)} ms, longest block ${Math.round(h.max / 1e6)} ms`,
    );
  }
}
await server.close();
await t.drop();
