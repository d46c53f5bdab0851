import { describe, expect, it } from "vitest";
import { burstFor, DEFAULT_RATES, IngestLimiter, rateConfigFromEnv, type RateConfig } from "@/lib/ingest/rate-limit";
import { memoryBuckets } from "@/lib/cluster/rate-buckets";
import { ProblemError } from "@/lib/http/problem";
import { parseEnv } from "@/lib/env";
import { INGEST_LIMITS } from "@/lib/ingest/decode";

const config = (c: Partial<RateConfig>): RateConfig => ({
  eventsPerSecond: 1_000,
  burst: 10_000,
  bytesPerSecond: 1_000_000,
  byteBurst: 20_000_000,
  concurrency: 2,
  ...c,
});

/** A function the test resolves by hand, and a promise of its having started. */
function gate() {
  let open!: () => void;
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const done = new Promise<void>((r) => (open = r));
  return { run: () => (started(), done), running, open };
}

describe("ingest back-pressure", () => {
  it("refills the event bucket over time and answers 429 with Retry-After when empty", async () => {
    let now = 0;
    const limiter = new IngestLimiter(
      config({}),
      memoryBuckets(() => now),
    );
    await limiter.take(1, 10_000);
    const error = await limiter.take(1, 3_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(429);
    expect((error as ProblemError).headers["retry-after"]).toBe("3");
    await limiter.take(2, 5_000); // other keys have their own bucket
    now += 3_000;
    await expect(limiter.take(1, 3_000)).resolves.toBeUndefined();
  });

  it("takes a key's own rate instead of the configured one, with ten seconds of it as the burst", async () => {
    let now = 0;
    const limiter = new IngestLimiter(
      config({ eventsPerSecond: 1_000_000 }),
      memoryBuckets(() => now),
    );
    await limiter.take(1, 10_000, 2_000); // burst: 20,000
    await limiter.take(1, 10_000, 2_000);
    const error = (await limiter.take(1, 4_000, 2_000).catch((e: unknown) => e)) as ProblemError;
    expect(error.status).toBe(429);
    expect(error.message).toContain("2000 events/s");
    expect(error.headers["retry-after"]).toBe("2");
    now += 2_000;
    await expect(limiter.take(1, 4_000, 2_000)).resolves.toBeUndefined();
    expect(burstFor(10)).toBe(INGEST_LIMITS.maxEvents); // never below one full request
  });

  it("charges bytes before the body is read: the declared length, or the largest request, refunded once read", async () => {
    const limiter = new IngestLimiter(
      config({ bytesPerSecond: 1, byteBurst: 2 * INGEST_LIMITS.maxBytes }),
      memoryBuckets(() => 0),
    );
    const charged = await limiter.admitBytes(1, null);
    expect(charged).toBe(INGEST_LIMITS.maxBytes);
    await limiter.settleBytes(1, charged, 1_000); // it was small after all
    await limiter.admitBytes(1, INGEST_LIMITS.maxBytes); // fits thanks to the refund
    await expect(limiter.admitBytes(1, INGEST_LIMITS.maxBytes)).rejects.toMatchObject({ status: 429 });
    await expect(limiter.admitBytes(2, 2_000)).resolves.toBe(2_000);
  });

  it("queues a few requests for a slot, then answers 429", async () => {
    const queued = new IngestLimiter(config({ concurrency: 1, maxWaiting: 1 }));
    const order: number[] = [];
    const first = gate();
    const a = queued.withSlot(1, () => first.run().then(() => order.push(1)));
    const b = queued.withSlot(1, async () => order.push(2));
    await expect(queued.withSlot(1, async () => order.push(3))).rejects.toMatchObject({ status: 429 });
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
  });

  it("gives a freed slot to the waiting key that holds the fewest, so one key cannot starve another", async () => {
    const limiter = new IngestLimiter(config({ concurrency: 2, maxWaiting: 10, maxWaitingPerKey: 10 }));
    const order: string[] = [];
    const busy = [gate(), gate()];
    const held = busy.map((g) => limiter.withSlot(1, g.run));
    await Promise.all(busy.map((g) => g.running));
    const flood = [1, 2, 3].map((i) => limiter.withSlot(1, async () => order.push(`A${i}`)));
    const other = limiter.withSlot(2, async () => order.push("B"));
    busy[0].open();
    await other;
    expect(order[0]).toBe("B"); // queued after three of A's, served first
    busy[1].open();
    await Promise.all([...held, ...flood]);
    expect(order).toHaveLength(4);
  });

  it("lets one key keep only a few requests waiting, so another still finds room in the queue", async () => {
    const limiter = new IngestLimiter(config({ concurrency: 1, maxWaiting: 4, maxWaitingPerKey: 2 }));
    const busy = gate();
    const held = limiter.withSlot(1, busy.run);
    await busy.running;
    const waiting = [limiter.withSlot(1, async () => 1), limiter.withSlot(1, async () => 1)];
    await expect(limiter.withSlot(1, async () => 1)).rejects.toMatchObject({ status: 429 });
    const other = limiter.withSlot(2, async () => 2);
    busy.open();
    await expect(other).resolves.toBe(2);
    await Promise.all([held, ...waiting]);
  });

  it("lets one key hold only its share of the slots, so another key always finds one free", async () => {
    const limiter = new IngestLimiter(config({ concurrency: 3, maxHeldPerKey: 2 }));
    const order: string[] = [];
    const busy = [gate(), gate()];
    const held = busy.map((g) => limiter.withSlot(1, g.run));
    await Promise.all(busy.map((g) => g.running));
    const third = limiter.withSlot(1, async () => order.push("A3")); // a slot is free, but A holds its share
    await limiter.withSlot(2, async () => order.push("B"));
    expect(order).toEqual(["B"]);
    busy[0].open();
    await third;
    expect(order).toEqual(["B", "A3"]);
    busy[1].open();
    await Promise.all(held);
  });

  it("counts requests in progress from before their bodies are read, per key and in all, and answers 429 past either share", () => {
    const limiter = new IngestLimiter(
      config({ concurrency: 1, maxInProgress: 3, maxInProgressPerKey: 2, reserveForNewKeys: 0 }),
    );
    const a = [limiter.admitRequest(1), limiter.admitRequest(1)];
    expect(() => limiter.admitRequest(1)).toThrow(expect.objectContaining({ status: 429 }) as unknown as Error);
    const b = limiter.admitRequest(2);
    expect(() => limiter.admitRequest(3)).toThrow(expect.objectContaining({ status: 429 }) as unknown as Error);
    a[0]();
    a[0](); // a second release changes nothing
    expect(() => limiter.admitRequest(1)).not.toThrow();
    expect(() => limiter.admitRequest(3)).toThrow(expect.objectContaining({ status: 429 }) as unknown as Error);
    b();
    expect(() => limiter.admitRequest(3)).not.toThrow();
  });

  it("keeps places for keys with nothing in progress: two keys' slow uploads do not keep a third out", () => {
    const limiter = new IngestLimiter(config({ concurrency: 2 })); // PGlite's: 10 in progress, 6 per key, 4 kept
    let first = 0;
    for (let i = 0; i < 6; i++) {
      try {
        limiter.admitRequest(1);
        first++;
      } catch {
        /* refused: counted below */
      }
    }
    expect(first).toBe(6);
    let second = 0;
    for (let i = 0; i < 4; i++) {
      try {
        limiter.admitRequest(2);
        second++;
      } catch {
        /* refused */
      }
    }
    expect(second).toBe(1); // its first; the rest of the places are kept
    expect(() => limiter.admitRequest(3)).not.toThrow();
    expect(() => limiter.admitRequest(4)).not.toThrow();
  });

  it("reads its configuration, keeps defaults a host can live with, and never allows a burst below one full request", () => {
    expect(rateConfigFromEnv(parseEnv({}))).toMatchObject({ concurrency: 3, maxHeldPerKey: 2, bodyTimeoutMs: 30_000 });
    expect(rateConfigFromEnv(parseEnv({ DATABASE_URL: "postgresql://x" }))).toMatchObject({
      concurrency: 5,
      maxHeldPerKey: 4,
    });
    expect(
      rateConfigFromEnv(parseEnv({ TRIAGE_INGEST_KEY_SLOTS: "9", TRIAGE_INGEST_BODY_TIMEOUT_MS: "5000" })),
    ).toMatchObject({ maxHeldPerKey: 3, bodyTimeoutMs: 5_000 });
    expect(rateConfigFromEnv(parseEnv({ TRIAGE_INGEST_RATE: "100", DATABASE_URL: "postgresql://x" }))).toMatchObject({
      eventsPerSecond: 100,
      burst: 10_000,
      concurrency: 5,
    });
    const defaults = rateConfigFromEnv(parseEnv({}));
    expect(defaults).toMatchObject({ eventsPerSecond: DEFAULT_RATES.eventsPerSecond, concurrency: 3 });
    expect(defaults.eventsPerSecond).toBeLessThanOrEqual(5_000);
    expect(defaults.byteBurst).toBeGreaterThanOrEqual(INGEST_LIMITS.maxBytes);
    expect(rateConfigFromEnv(parseEnv({ TRIAGE_INGEST_CONCURRENCY: "8" })).concurrency).toBe(8);
  });
});
