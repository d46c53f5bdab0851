// Past the per-key rate, ingest answers 429 with Retry-After, stores nothing of that request,
// and loses nothing it accepted: senders that honour Retry-After get everything stored once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/v1/events/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { IngestLimiter, resetIngestLimiter } from "@/lib/ingest/rate-limit";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";

describe("back-pressure", () => {
  let t: TestDatabase;
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    setDatabase(t.db);
    resetIngestLimiter(
      new IngestLimiter({
        eventsPerSecond: 2_000,
        burst: 10_000,
        bytesPerSecond: 100_000_000,
        byteBurst: 100_000_000,
        concurrency: 2,
      }),
    );
    server = await startTestServer({ "/api/v1/events": eventsRoute });
    key = (await createApiKey(t.db, "busy shipper", ["ingest"])).key;
  });
  afterAll(async () => {
    resetIngestLimiter(undefined);
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  it("answers 429 + Retry-After past the rate and stores every accepted event exactly once", async () => {
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 2_000 }, (_, i) =>
        JSON.stringify({ eventId: `bp-${b}-${i}`, status: 500, lea: "255901", body: "upstream failed" }),
      ).join("\n"),
    );
    let throttled = 0;
    const send = async (body: string) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const r = await fetch(`${server.url}/api/v1/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
          body,
        });
        if (r.status === 202) return (await r.json()).accepted as number;
        expect(r.status).toBe(429);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        const retryAfter = Number(r.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        throttled++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 1) * 250));
      }
      throw new Error("never accepted");
    };
    const accepted = (await Promise.all(batches.map(send))).reduce((a, b) => a + b, 0);
    expect(accepted).toBe(24_000);
    expect(throttled).toBeGreaterThan(0);
    const stored = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event");
    expect(Number(stored[0].n)).toBe(24_000);
  }, 120_000);

  it("charges a request's events once decoded, before validation: invalid batches use up the key's rate too", async () => {
    resetIngestLimiter(
      new IngestLimiter({
        eventsPerSecond: 1,
        burst: 10_000,
        bytesPerSecond: 100_000_000,
        byteBurst: 100_000_000,
        concurrency: 2,
      }),
    );
    const spender = (await createApiKey(t.db, "sends garbage", ["ingest"])).key;
    const invalid = JSON.stringify(Array.from({ length: 10_000 }, () => ({ status: "not a number" })));
    const post = (body: string) =>
      fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${spender}`, "content-type": "application/json" },
        body,
      });
    expect((await post(invalid)).status).toBe(400);
    // 100 valid events: more than the bucket (1 event/s) can refill while the invalid batch is handled, however slow the machine.
    const after = await post(JSON.stringify(Array.from({ length: 100 }, () => ({ status: 500, body: "fine" }))));
    expect(after.status).toBe(429);
    expect(Number(after.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("charges bytes before the body is read: over its byte rate a key is answered 429 and nothing is stored", async () => {
    resetIngestLimiter(
      new IngestLimiter({
        eventsPerSecond: 1_000_000,
        burst: 1_000_000,
        bytesPerSecond: 1_000,
        byteBurst: 20_000,
        concurrency: 2,
      }),
    );
    const bulky = (await createApiKey(t.db, "bulky shipper", ["ingest"])).key;
    const before = Number(
      (await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event"))[0].n,
    );
    const body = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ eventId: `bulky-${i}`, status: 500, body: "x".repeat(100) }),
    ).join("\n");
    expect(body.length).toBeGreaterThan(20_000);
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${bulky}`, "content-type": "application/x-ndjson" },
      body,
    });
    expect(r.status).toBe(429);
    expect((await r.json()).detail).toMatch(/bytes\/s/);
    const small = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${bulky}`, "content-type": "application/x-ndjson" },
      body: JSON.stringify({ eventId: "bulky-small", status: 500 }),
    });
    expect(small.status).toBe(202); // the refused request was charged nothing it did not send
    const afterCount = Number(
      (await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event"))[0].n,
    );
    expect(afterCount).toBe(before + 1);
  });
});
