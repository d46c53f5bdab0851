// Several server processes on one database share their ingest rates and hear each other's changes
// (lib/runtime/cluster.ts), through PostgreSQL, or Redis when it is configured. A real other process
// (tests/support/cluster-peer.ts) makes the changes; this process must apply them as soon as the
// message arrives, not when its cache expires. Needs TEST_DATABASE_URL (and TEST_REDIS_URL for Redis).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { resetEnv } from "@/lib/env";
import { announceChange, CHANGE_TOPICS, onChange, setChangePublisher, type ChangeTopic } from "@/lib/cluster/changes";
import { memoryBuckets, withLocalFallback, type RateBuckets } from "@/lib/cluster/rate-buckets";
import { postgresBuckets } from "@/lib/cluster/postgres";
import { openRedis, publishOverRedis, redisBuckets } from "@/lib/cluster/redis";
import { connectCluster, type ClusterLink } from "@/lib/runtime/cluster";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { authenticateKey, createApiKey, keyLookupCount } from "@/lib/auth/api-keys";
import { sessionUser, startSession } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { clientDistrictsForIngest } from "@/lib/clients/store";
import { routingRulesForIngest } from "@/lib/triage/routing-rules";
import { IngestLimiter, rateConfigFromEnv } from "@/lib/ingest/rate-limit";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { INGEST_LIMITS } from "@/lib/ingest/decode";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startPeer, type PeerProcess } from "../support/peer-process";

type Via = "postgres" | "redis";
const transports: Via[] = process.env.TEST_DATABASE_URL
  ? ["postgres", ...(process.env.TEST_REDIS_URL ? (["redis"] as const) : [])]
  : [];

/** Resolves when this process next applies a change of topic (from another process). */
function nextChange(topic: ChangeTopic): Promise<void> {
  return new Promise((resolve) => {
    const off = onChange(topic, () => {
      off();
      resolve();
    });
  });
}

describe.skipIf(!transports.length).each(transports)("server processes sharing state through %s", (via) => {
  let t: TestDatabase;
  let link: ClusterLink;
  let peer: PeerProcess;
  const redisEnv: Record<string, string> =
    via === "redis"
      ? {
          TRIAGE_REDIS_URL: process.env.TEST_REDIS_URL!,
          TRIAGE_REDIS_PREFIX: `triage-test-${randomBytes(4).toString("hex")}:`,
        }
      : {};

  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    Object.assign(process.env, redisEnv);
    resetEnv();
    link = connectCluster(t.db, { kind: "postgres", url: t.url! }, { serve: true });
    expect(link.via).toBe(via);
    await link.ready;
    peer = await startPeer("tests/support/cluster-peer.ts", { DATABASE_URL: t.url!, ...redisEnv });
  }, 60_000);

  afterAll(async () => {
    await peer?.close();
    await link?.stop();
    await t?.drop();
    for (const name of Object.keys(redisEnv)) delete process.env[name];
    resetEnv();
  });

  it("a key revoked by another process is refused here as soon as the message arrives", async () => {
    const { id, key } = await createApiKey(t.db, "shipper", ["ingest"]);
    const request = () => new Request("http://triage.test/", { headers: { authorization: `Bearer ${key}` } });
    await authenticateKey(t.db, request(), "ingest");
    const lookups = keyLookupCount();
    await authenticateKey(t.db, request(), "ingest");
    expect(keyLookupCount()).toBe(lookups); // answered from this process's cache
    const heard = nextChange("api-keys");
    expect(await peer.request("revoke", { key: String(id) })).toBe(1);
    await heard;
    await expect(authenticateKey(t.db, request(), "ingest")).rejects.toMatchObject({ status: 401 });
  });

  it("a key's new rate set by another process is used here at once", async () => {
    const { id, key } = await createApiKey(t.db, "bulk", ["ingest"]);
    const request = new Request("http://triage.test/", { headers: { authorization: `Bearer ${key}` } });
    expect((await authenticateKey(t.db, request, "ingest")).eventsPerSecond).toBeNull();
    const heard = nextChange("api-keys");
    await peer.request("rate", { key: String(id), eventsPerSecond: 250 });
    await heard;
    expect((await authenticateKey(t.db, request, "ingest")).eventsPerSecond).toBe(250);
  });

  it("a user disabled by another process loses the session here as soon as the message arrives", async () => {
    const user = await createUser(t.db, {
      email: `u${randomBytes(3).toString("hex")}@example.org`,
      name: "U",
      role: "triager",
      password: "a-long-password-1234",
    });
    const sessionId = await startSession(t.db, user.id, null);
    expect((await sessionUser(t.db, sessionId))?.userId).toBe(user.id); // cached for SESSION_CHECK_MS
    const heard = nextChange("sessions");
    await peer.request("disable", { userId: user.id });
    await heard;
    expect(await sessionUser(t.db, sessionId)).toBeNull();
  });

  it("a client mapped and a routing rule added by another process are what ingest here uses next", async () => {
    expect((await clientDistrictsForIngest(t.db)).get("sis-7")).toBeUndefined(); // cached now
    expect(await routingRulesForIngest(t.db)).toEqual([]);
    const mapped = nextChange("client-districts");
    await peer.request("map", { client: "sis-7", leas: ["255901"] });
    await mapped;
    expect((await clientDistrictsForIngest(t.db)).get("sis-7")).toEqual(["255901"]);
    const ruled = nextChange("routing-rules");
    await peer.request("rule", { resource: "studentSchoolAssociations", team: "data" });
    await ruled;
    expect((await routingRulesForIngest(t.db)).map((r) => [r.resource, r.team])).toEqual([
      ["studentSchoolAssociations", "data"],
    ]);
  });

  it("an event completing a partial one another process just stored is merged here, not stored twice", async () => {
    const request = {
      occurredAt: new Date().toISOString(),
      method: "POST" as const,
      url: "https://h/data/v3/ed-fi/students",
      status: 400,
      correlationId: "corr-merge-1",
    };
    const body = { message: "The request is invalid.", validationErrors: { "$.birthDate": ["bad date"] } };
    // This process has stored only complete events: it caches "no partial events stored".
    expect(
      (await ingestEvents(t.db, [{ ...request, correlationId: "corr-other", body }], { apiKeyId: null })).enriched,
    ).toBe(0);
    const heard = nextChange("partial-events");
    const log = { format: "edfi-log4net", level: "ERROR", message: "Validation failed", statusFrom: "log" };
    await peer.request("ingest", { events: [{ ...request, log }] });
    await heard;
    const completed = await ingestEvents(t.db, [{ ...request, body }], { apiKeyId: null });
    expect(completed.enriched).toBe(1);
  });

  it("a listener whose connection dies reconnects, forgets every cached thing, and hears the next change", async () => {
    const forgotten = Promise.all(CHANGE_TOPICS.map((topic) => nextChange(topic)));
    if (via === "postgres") {
      const [killed] = await t.db.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE application_name = 'triage changes' AND datname = current_database()`,
      );
      expect(killed.n).toBe(1);
    } else {
      const admin = openRedis(process.env.TEST_REDIS_URL!, { queueUntilConnected: true });
      const clients = String(await admin.call("CLIENT", "LIST", "TYPE", "pubsub"));
      const ids = clients
        .split("\n")
        .filter((line) => line.includes(" name=triage-changes "))
        .map((line) => /^id=(\d+) /.exec(line)![1]);
      expect(ids.length).toBeGreaterThanOrEqual(1);
      for (const id of ids) await admin.call("CLIENT", "KILL", "ID", id);
      admin.disconnect();
    }
    await forgotten; // every topic, at once, when the connection is back
    const heard = nextChange("routing-rules");
    await peer.request("rule", { resource: "gradebookEntries", team: "dev" });
    await heard;
  });

  it("two processes' limiters take from one bucket per key: together they grant the burst once", async () => {
    // Two "processes": each its own connection to the same store.
    const stores: { buckets: RateBuckets; close(): Promise<void> }[] = [];
    for (let i = 0; i < 2; i++) {
      if (via === "postgres") {
        const db: Database = await openDatabase({ kind: "postgres", url: t.url! });
        stores.push({ buckets: postgresBuckets(db), close: () => db.close() });
      } else {
        const redis = openRedis(process.env.TEST_REDIS_URL!);
        await new Promise((resolve) => redis.once("ready", resolve));
        stores.push({
          buckets: redisBuckets(redis, redisEnv.TRIAGE_REDIS_PREFIX),
          close: async () => redis.disconnect(),
        });
      }
    }
    const limiters = stores.map((s) => new IngestLimiter(rateConfigFromEnv({}), s.buckets));
    // One event per second: the burst is one full request (10,000); 20 takes of 1,000 at once, half
    // through each process, are granted exactly 10 times between them (one process alone would grant 10).
    const takes = Array.from({ length: 20 }, (_, i) =>
      limiters[i % 2].take(4242, INGEST_LIMITS.maxEvents / 10, 1).then(
        () => "granted",
        (e: { status: number }) => e.status,
      ),
    );
    const answers = await Promise.all(takes);
    expect(answers.filter((a) => a === "granted")).toHaveLength(10);
    expect(answers.filter((a) => a === 429)).toHaveLength(10);
    // A request refused after its take (too large, not authorised) gives its events back: given
    // through one process, they are there to take through the other, once.
    const rate = { perSecond: 1, burst: INGEST_LIMITS.maxEvents };
    await stores[0].buckets.give("events", 4242, 1_000, rate);
    expect(await stores[1].buckets.take("events", 4242, 1_000, rate)).toBeNull();
    expect(await stores[0].buckets.take("events", 4242, 1_000, rate)).toBeGreaterThan(0);
    // Giving never fills a bucket past its burst: 10 - 2 + 5 is 10, not 13.
    const small = { perSecond: 0.001, burst: 10 };
    expect(await stores[0].buckets.take("events", 4243, 2, small)).toBeNull();
    await stores[1].buckets.give("events", 4243, 5, small);
    expect(await stores[0].buckets.take("events", 4243, 10, small)).toBeNull();
    expect(await stores[1].buckets.take("events", 4243, 1, small)).toBeGreaterThan(0);
    for (const store of stores) await store.close();
  });
});

describe("shared rates while their store is down", () => {
  it("fall back to this process's buckets (ingest keeps its limits, per process) and say so once", async () => {
    const redis = openRedis("redis://127.0.0.1:1"); // nothing listens there
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args[0]);
    try {
      const buckets = withLocalFallback(redisBuckets(redis, "triage-down:"), "Redis");
      const rate = { perSecond: 1, burst: 10 };
      expect(await buckets.take("events", 1, 10, rate)).toBeNull();
      expect(await buckets.take("events", 1, 5, rate)).toBe(5); // the local bucket is empty: 5 s
      await buckets.give("events", 1, 5, rate);
      expect(await buckets.take("events", 1, 5, rate)).toBeNull();
      expect(errors).toEqual(["triage: Redis failed; ingest rates are per process until it answers:"]);
    } finally {
      console.error = log;
      redis.disconnect();
    }
    // The same sequence on memory buckets, for comparison: the fallback behaves as they do.
    const memory = memoryBuckets();
    expect(await memory.take("events", 1, 10, { perSecond: 1, burst: 10 })).toBeNull();
    expect(await memory.take("events", 1, 5, { perSecond: 1, burst: 10 })).toBe(5);
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)("a Redis that stalls", () => {
  it("costs a take its command timeout (then this process's bucket) and an announcement nothing", async () => {
    const redis = openRedis(process.env.TEST_REDIS_URL!);
    const admin = openRedis(process.env.TEST_REDIS_URL!, { queueUntilConnected: true });
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args[0]);
    try {
      await new Promise((resolve) => redis.once("ready", resolve));
      const buckets = withLocalFallback(
        redisBuckets(redis, `triage-stall-${randomBytes(4).toString("hex")}:`),
        "Redis",
      );
      const rate = { perSecond: 1, burst: 10 };
      expect(await buckets.take("events", 1, 4, rate)).toBeNull(); // through Redis
      expect(errors).toEqual([]);
      // Writes (a bucket's script, a publish) wait for 20 s: without a command timeout, the take
      // and the publish below would wait with them (and this test would time out).
      await admin.call("CLIENT", "PAUSE", "20000", "WRITE");
      setChangePublisher((topic) => publishOverRedis(redis, "triage-stall:", topic));
      const heard = new Promise<void>((resolve) => {
        const off = onChange("routing-rules", () => (off(), resolve()));
      });
      await announceChange("routing-rules"); // applied here, the publish's failure logged
      await heard;
      expect(await buckets.take("events", 1, 4, rate)).toBeNull(); // this process's bucket, full
      expect(errors).toEqual([
        "triage: could not tell other processes that routing-rules changed:",
        "triage: Redis failed; ingest rates are per process until it answers:",
      ]);
    } finally {
      await admin.call("CLIENT", "UNPAUSE").catch(() => {});
      setChangePublisher(undefined);
      console.error = log;
      redis.disconnect();
      admin.disconnect();
    }
  });
});

describe("partial events stored by a log import", () => {
  it("are announced at most once a second, not in every batch", async () => {
    const t = await createTestDatabase("pglite");
    let announcements = 0;
    const off = onChange("partial-events", () => announcements++);
    try {
      const started = Date.now();
      const batches = 20;
      for (let batch = 0; batch < batches; batch++) {
        const event = {
          occurredAt: new Date().toISOString(),
          method: "POST" as const,
          url: "https://h/data/v3/ed-fi/students",
          status: 400,
          correlationId: `corr-log-${batch}`,
          log: { format: "edfi-log4net", level: "ERROR", message: "Validation failed", statusFrom: "log" },
        };
        await ingestEvents(t.db, [event] as IngestEvent[], { apiKeyId: null });
      }
      const seconds = (Date.now() - started) / 1000;
      expect(announcements).toBeGreaterThanOrEqual(1);
      expect(announcements).toBeLessThanOrEqual(1 + Math.floor(seconds));
      expect(announcements).toBeLessThan(batches);
    } finally {
      off();
      await t.drop();
    }
  });
});

describe("district names imported through one copy of the store module", () => {
  it("are read fresh by another copy at once (Next.js loads it in the API's bundle and the pages')", async () => {
    const t = await createTestDatabase("pglite");
    try {
      const api = await import("@/lib/districts/store");
      vi.resetModules();
      const pages = await import("@/lib/districts/store");
      expect(pages.importEdOrgs).not.toBe(api.importEdOrgs); // two instances of the module
      expect((await api.educationOrgNames(t.db)).get("255901")).toBeUndefined(); // cached for a minute
      await pages.importEdOrgs(t.db, [{ code: "255901", name: "Orchard Hills ISD", kind: "lea", parentLea: null }]);
      expect((await api.educationOrgNames(t.db)).get("255901")).toBe("Orchard Hills ISD");
    } finally {
      await t.drop();
    }
  });
});
