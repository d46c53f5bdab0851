import { describe, expect, it } from "vitest";
import { IngestLimiter, rateConfigFromEnv } from "@/lib/ingest/rate-limit";
import { ProblemError } from "@/lib/http/problem";

describe("ingest back-pressure", () => {
  it("refills the bucket over time and answers 429 with Retry-After when empty", () => {
    let now = 0;
    const limiter = new IngestLimiter({ eventsPerSecond: 1_000, burst: 10_000, concurrency: 2 }, () => now);
    limiter.take(1, 10_000);
    let error: unknown;
    try {
      limiter.take(1, 3_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(429);
    expect((error as ProblemError).headers["retry-after"]).toBe("3");
    limiter.take(2, 5_000); // other keys have their own bucket
    now += 3_000;
    expect(() => limiter.take(1, 3_000)).not.toThrow();
  });

  it("queues a few requests for a slot, then answers 429", async () => {
    const queued = new IngestLimiter({ eventsPerSecond: 1, burst: 1, concurrency: 1, maxWaiting: 1 });
    const order: number[] = [];
    let releaseFirst!: () => void;
    const first = queued.withSlot(() => new Promise<void>((r) => (releaseFirst = r)).then(() => order.push(1)));
    const second = queued.withSlot(async () => order.push(2));
    await expect(queued.withSlot(async () => order.push(3))).rejects.toMatchObject({ status: 429 });
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual([1, 2]);
  });

  it("caps concurrent writes", async () => {
    const limiter = new IngestLimiter({ eventsPerSecond: 1, burst: 1, concurrency: 1, maxWaiting: 0 });
    let release!: () => void;
    const first = limiter.withSlot(() => new Promise<void>((r) => (release = r)));
    await expect(limiter.withSlot(async () => 1)).rejects.toMatchObject({ status: 429 });
    release();
    await first;
    await expect(limiter.withSlot(async () => 2)).resolves.toBe(2);
  });

  it("reads its configuration and never allows a burst below one full request", () => {
    expect(rateConfigFromEnv({ TRIAGE_INGEST_RATE: "100", DATABASE_URL: "postgresql://x" })).toEqual({ eventsPerSecond: 100, burst: 10_000, concurrency: 4 });
    expect(rateConfigFromEnv({}).concurrency).toBe(2);
    expect(rateConfigFromEnv({ TRIAGE_INGEST_RATE: "x", TRIAGE_INGEST_CONCURRENCY: "8" }).concurrency).toBe(8);
  });
});
