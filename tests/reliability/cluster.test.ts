// Three server processes on one PostgreSQL behind a round-robin balancer (README "Several server
// processes"), sharing state through PostgreSQL and (full size, TEST_REDIS_URL set) through Redis:
//  - 7 senders on four keys post unique events in batches (retrying 429/502/503, honouring
//    Retry-After), each re-sending one batch: stored = unique sent;
//  - an 8th sender on a key with its own low rate sends all the while: what is stored for it stays
//    within one burst + its rate × the time (three processes with a bucket each would take 3×);
//  - a key revoked through one process's admin page is refused by all three within 5 s (3 s here);
//  - one process is killed (SIGKILL) half-way: nothing is lost, nothing stored twice;
//  - afterwards `rollups verify` finds no difference.
// Short inside `npm test` (7 × 8,000 events); 7 × 100,000 and the slow key's with `npm run test:reliability`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { demoEvents } from "@/prisma/demo/generate";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { migrate } from "@/lib/db/migrate";
import { burstFor } from "@/lib/ingest/rate-limit";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureBuild, startNextServer, type RunningServer } from "../support/next-server";
import { createPostgresDatabase, testPostgresUrl } from "../support/db";
import { startRoundRobin, type RoundRobin } from "../support/round-robin";
import { launchChromium, signedInPage } from "../support/browser";
import { FULL, scale } from "./scale";

const PER_SENDER = scale(8_000, 100_000);
const NORMAL_SENDERS = 7;
const BATCH = 500;
const HOT_RATE = 100; // events per second, the over-rate key's own (its burst: one full request, 10,000)
const HOT_BATCH = 2_000;
// Through Redis at full size only (npm run test:reliability): inside `npm test` the shared-state
// tests cover Redis's buckets and messages with a real other process, at a fraction of the time.
const transports = process.env.TEST_DATABASE_URL
  ? ["postgres", ...(process.env.TEST_REDIS_URL && FULL ? ["redis"] : [])]
  : [];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts one batch until it is accepted; returns the 429s it met for the key's rate. */
async function deliver(url: string, key: string, body: string, answers: Map<string, number>): Promise<number> {
  let overRate = 0;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 400) throw new Error("a batch was never accepted");
    let status = "refused";
    let retryAfter = 0.5;
    try {
      const r = await fetch(`${url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
        body,
      });
      status = String(r.status);
      const text = await r.text();
      if (r.status === 429 && text.includes("over its ingest rate")) overRate++;
      retryAfter = Number(r.headers.get("retry-after") ?? 0.5);
    } catch {
      // the balancer itself restarting a connection: retry
    }
    answers.set(status, (answers.get(status) ?? 0) + 1);
    if (status === "202") return overRate;
    if (!["429", "502", "503", "refused"].includes(status)) throw new Error(`unexpected answer ${status}`);
    await pause(Math.min(retryAfter, 2) * 1000);
  }
}

const ndjson = (events: object[]) => events.map((e) => JSON.stringify(e)).join("\n");

describe.skipIf(!transports.length).each(transports)("three server processes sharing state through %s", (via) => {
  const servers: RunningServer[] = [];
  let balancer: RoundRobin;
  let url: string;
  let drop: () => Promise<void>;
  let keys: string[];
  let hotKey: { id: number; key: string };
  let revokedKey: string;

  beforeAll(async () => {
    ensureBuild();
    const target = await createPostgresDatabase(testPostgresUrl(), "triage_cluster");
    url = target.url;
    drop = target.drop;
    const db = await openDatabase({ kind: "postgres", url });
    await migrate(db);
    keys = [];
    for (let i = 0; i < 4; i++) keys.push((await createApiKey(db, `district SIS ${i}`, ["ingest"])).key);
    hotKey = await createApiKey(db, "bulk loader", ["ingest"], [], null, HOT_RATE);
    revokedKey = (await createApiKey(db, "to revoke", ["ingest"])).key;
    await db.close();
    const shared: Record<string, string> =
      via === "redis"
        ? {
            TRIAGE_REDIS_URL: process.env.TEST_REDIS_URL!,
            TRIAGE_REDIS_PREFIX: `triage-cluster-${randomBytes(4).toString("hex")}:`,
          }
        : {};
    const base = via === "redis" ? 3_244 : 3_241;
    // The first one sets up the sign-ins; the other two start together.
    const start = (i: number) => startNextServer({ kind: "postgres", url }, base + i, shared);
    servers.push(await start(0));
    servers.push(...(await Promise.all([1, 2].map(start))));
    balancer = await startRoundRobin(servers.map((s) => s.url));
  }, 600_000);

  afterAll(async () => {
    await balancer?.close();
    for (const s of servers) await s.stop();
    await drop?.();
  });

  it("stores every event once, holds the slow key to its rate across all three, revokes everywhere, survives a kill", async () => {
    const answers = new Map<string, number>();
    const sent = new Set<string>();
    let batchesDone = 0;
    const totalBatches = NORMAL_SENDERS * Math.ceil(PER_SENDER / BATCH);
    const normal = async (sender: number) => {
      // demoEvents adds incidents beyond count: cut to the size asked for.
      const events = [...demoEvents({ count: PER_SENDER, days: 14, seed: 700 + sender })]
        .slice(0, PER_SENDER)
        .map((e, i) => ({
          ...e,
          eventId: `s${sender}-${i}`,
        }));
      const key = keys[sender % keys.length];
      for (let i = 0; i < events.length; i += BATCH) {
        const batch = events.slice(i, i + BATCH);
        await deliver(balancer.url, key, ndjson(batch), answers);
        for (const e of batch) sent.add(`${key}:${e.eventId}`);
        batchesDone++;
      }
      await deliver(balancer.url, key, ndjson(events.slice(0, BATCH)), answers); // a duplicate batch
    };

    // The slow key sends until the others are done, as fast as its 429s let it.
    let othersDone = false;
    const hot = { overRate: 0, sent: 0, started: 0, finished: 0 };
    const hotSender = async () => {
      hot.started = Date.now();
      const template = [...demoEvents({ count: HOT_BATCH, days: 1, seed: 7 })].slice(0, HOT_BATCH);
      for (let i = 0; !othersDone; i++) {
        const batch = template.map((e, j) => ({ ...e, eventId: `hot-${i}-${j}` }));
        hot.overRate += await deliver(balancer.url, hotKey.key, ndjson(batch), answers);
        hot.sent += HOT_BATCH;
      }
      hot.finished = Date.now();
    };

    // Revocation through the first process's admin page (signed in beforehand), once a tenth of the
    // events are in; then how long each process takes to refuse the key.
    const revocation = async () => {
      const one = { ...[...demoEvents({ count: 1, days: 1, seed: 5 })][0], eventId: "revocation-probe" };
      const probe = async (s: RunningServer) => {
        const r = await fetch(`${s.url}/api/v1/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${revokedKey}`, "content-type": "application/json" },
          body: JSON.stringify(one),
        });
        await r.arrayBuffer();
        return r.status;
      };
      const browser = await launchChromium();
      try {
        const page = await signedInPage(browser, servers[0].url, servers[0].users.admin);
        await page.goto(`${servers[0].url}/admin/keys`);
        while (batchesDone < totalBatches / 10) await pause(50);
        for (const s of servers) expect(await probe(s)).toBe(202); // known (and cached) everywhere
        const row = page.getByTestId("keys").getByRole("row").filter({ hasText: "to revoke" });
        await row.getByRole("button", { name: "Revoke" }).click();
        await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
        await row.getByText("Revoked").waitFor();
      } finally {
        await browser.close();
      }
      const revokedAt = Date.now();
      return Promise.all(
        servers.map(async (s) => {
          while ((await probe(s)) !== 401) {
            if (Date.now() - revokedAt > 10_000) return Infinity;
            await pause(25);
          }
          return Date.now() - revokedAt;
        }),
      );
    };
    const revoked = revocation();

    // One process killed half-way; the balancer skips it from then on.
    let killed = false;
    const kill = async () => {
      await revoked.catch(() => {});
      while (batchesDone < totalBatches / 2) await pause(50);
      process.kill(servers[2].pid, "SIGKILL");
      killed = true;
    };

    await Promise.all([
      revoked,
      kill(),
      hotSender(),
      Promise.all(Array.from({ length: NORMAL_SENDERS }, (_, i) => normal(i))).then(() => (othersDone = true)),
    ]);
    console.info(
      `${via}: answers ${JSON.stringify(Object.fromEntries(answers))}; per process ${JSON.stringify([...balancer.answered.values()])}; ` +
        `revoked key refused by the three after ${(await revoked).join(", ")} ms; slow key: ${hot.sent} accepted in ` +
        `${((hot.finished - hot.started) / 1000).toFixed(1)} s at ${HOT_RATE}/s, ${hot.overRate} 429s for its rate`,
    );
    expect(killed).toBe(true);
    expect(batchesDone).toBe(totalBatches);
    // The requirement is 5 s, which each process's key cache (KEY_CACHE_MS, 5 s) would meet by
    // itself; the message is what brings it under 3 s in all three (without it, by chance in about
    // one run in five). tests/integration/shared-state.test.ts checks the message exactly.
    for (const ms of await revoked) expect(ms).toBeLessThanOrEqual(3_000);

    const db: Database = await openDatabase({ kind: "postgres", url });
    try {
      const rows = await db.prisma.$queryRawUnsafe<{ key: number; n: bigint }[]>(
        "SELECT api_key_id AS key, count(*) AS n FROM error_event WHERE event_id NOT LIKE 'revocation-%' GROUP BY 1",
      );
      const stored = new Map(rows.map((r) => [r.key, Number(r.n)]));
      const hotStored = stored.get(hotKey.id) ?? 0;
      stored.delete(hotKey.id);
      expect([...stored.values()].reduce((a, b) => a + b, 0)).toBe(sent.size);
      // The slow key: what was accepted fits one burst plus its rate for the time it sent (plus one
      // batch in flight), and it met 429s for its rate: the three processes share one bucket.
      expect(hotStored).toBe(hot.sent);
      const seconds = (hot.finished - hot.started) / 1000;
      expect(hotStored).toBeLessThanOrEqual(burstFor(HOT_RATE) + HOT_RATE * seconds + HOT_BATCH);
      expect(hot.overRate).toBeGreaterThan(0);
      expect(hotStored).toBeGreaterThanOrEqual(burstFor(HOT_RATE)); // slowed, not starved
      expect((await verifyRollups(db)).map(formatDifference)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 1_800_000);
});
