// 8 concurrent senders post events in NDJSON batches with retries on 429/503 (honouring
// Retry-After); on PostgreSQL the server is restarted in the middle when
// TRIAGE_RELIABILITY_RESTART=1 (npm run test:reliability, .ci/run). Afterwards: stored events ==
// unique events sent, and the rollups equal the raw counts.
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoEvents } from "@/prisma/demo/generate";
import { openDatabase, type Database } from "@/lib/runtime/database";
import type { DatabaseConfig } from "@/lib/db/config";
import { ensureBuild, startNextServer, type RunningServer } from "../support/next-server";
import { createPostgresDatabase, dbKinds, testPostgresUrl, type DbKind } from "../support/db";
import { scale } from "./scale";

const EVENTS = scale(16_000, 100_000);
const SENDERS = 8;
const BATCH = 1_000;
const RESTART = process.env.TRIAGE_RELIABILITY_RESTART === "1";

/** Restarts the server while the senders keep sending (asynchronously, so requests are in flight). */
function restartPostgres(): Promise<unknown> {
  const version = readdirSync("/etc/postgresql")[0];
  return promisify(execFile)("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"]);
}

describe.each(dbKinds())("concurrent senders on %s", (kind: DbKind) => {
  let server: RunningServer;
  let config: DatabaseConfig;
  let cleanup: () => Promise<void>;
  const withRestart = kind === "postgres" && RESTART && existsSync("/etc/postgresql");

  beforeAll(async () => {
    ensureBuild();
    if (kind === "pglite") {
      const dir = mkdtempSync(join(tmpdir(), "triage-rel-"));
      config = { kind: "pglite", dataDir: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const target = await createPostgresDatabase(testPostgresUrl(), "triage_rel");
      config = { kind: "postgres", url: target.url };
      cleanup = target.drop;
    }
    server = await startNextServer(config, kind === "pglite" ? 3_221 : 3_222);
  }, 600_000); // a clean clone builds first (one file builds, the others wait for it)

  afterAll(async () => {
    await server?.stop();
    await cleanup?.();
  });

  it(`stores ${EVENTS} events exactly once${withRestart ? " across a PostgreSQL restart" : ""}`, async () => {
    const events = [...demoEvents({ count: EVENTS, days: 30, seed: 99 })].slice(0, EVENTS);
    // Every sender also re-sends a few batches of another sender: duplicates must not be stored twice.
    const batches: string[] = [];
    for (let i = 0; i < events.length; i += BATCH)
      batches.push(
        events
          .slice(i, i + BATCH)
          .map((e) => JSON.stringify(e))
          .join("\n"),
      );
    const queue = [...batches, ...batches.slice(0, SENDERS)];
    let restarted: Promise<unknown> | undefined;
    let sent = 0;
    const answers = new Map<number, number>();
    const sender = async () => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
        for (let attempt = 0; ; attempt++) {
          if (attempt > 200) throw new Error("a batch was never accepted");
          let status = 0;
          try {
            const r = await fetch(`${server.url}/api/v1/events`, {
              method: "POST",
              headers: { authorization: `Bearer ${server.key}`, "content-type": "application/x-ndjson" },
              body,
            });
            status = r.status;
            await r.arrayBuffer();
            answers.set(status, (answers.get(status) ?? 0) + 1);
            if (status === 202) break;
            expect([429, 503]).toContain(status);
            await new Promise((res) => setTimeout(res, Math.min(Number(r.headers.get("retry-after") ?? 1), 1) * 500));
          } catch (error) {
            if (status) throw error;
            await new Promise((res) => setTimeout(res, 500)); // connection refused: retry
          }
        }
        sent++;
        if (withRestart && !restarted && sent >= batches.length / 3) restarted = restartPostgres();
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await restarted;
    console.info(
      `${kind}: answers ${JSON.stringify(Object.fromEntries(answers))}${withRestart ? " (PostgreSQL restarted mid-run)" : ""}`,
    );
    if (withRestart) expect(restarted).toBeDefined();

    await server.stop(); // PGlite: one process per data directory
    const db: Database = await openDatabase(config);
    try {
      const [{ n }] = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event");
      expect(Number(n)).toBe(new Set(events.map((e) => e.eventId)).size);
      // Every derived table equals its definition from the events (npm run rollups -- verify).
      expect((await verifyRollups(db)).map(formatDifference)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 900_000);
});
