// Back-pressure for ingest, answered with 429 + Retry-After before anything is written (so
// nothing accepted is ever lost), and charged before the work it protects:
// The two rates are token buckets shared by every server process on the database (RateBuckets:
// PostgreSQL or Redis; in memory on PGlite); the places and slots below them are this process's.
//  - request bytes per second per API key, charged from Content-Length before the body is read
//    (a body sent without one is charged the largest request and refunded once read);
//  - events per second per API key (the key's own rate when it has one), charged as soon as the body is decoded (before validation
//    and classification: invalid events cost the sender too);
//  - requests in progress (from before the body is read to the answer), per process and per key:
//    a body is read (within a deadline, 408 past it) before the request asks for a slot, so a
//    slow upload holds no slot, and one key's slow uploads can fill only its own share;
//  - slots (decode, classify, write) per process, shared fairly: one key holds at most a few, and
//    while several keys wait, the slot that frees goes to the waiting key holding the fewest
//    (round-robin among equals); one key may keep only a few requests waiting, so it can neither
//    take every slot nor fill the queue.
import { memoryBuckets, type Rate, type RateBuckets } from "../cluster/rate-buckets";
import { env, type Env } from "../env";
import { ProblemError } from "../http/problem";
import { INGEST_LIMITS } from "./decode";

export interface RateConfig {
  eventsPerSecond: number;
  burst: number;
  bytesPerSecond: number;
  byteBurst: number;
  concurrency: number;
  /** Requests allowed to wait for a slot before 429 (default: as many as may be in progress). */
  maxWaiting?: number;
  /** Requests one key may keep waiting (default: as many as it may have in progress). */
  maxWaitingPerKey?: number;
  /** Slots one key may hold at once (default: all of them). */
  maxHeldPerKey?: number;
  /** Requests in progress, bodies being read included (default 5 × concurrency). */
  maxInProgress?: number;
  /** Requests in progress per key (default 3 × concurrency). */
  maxInProgressPerKey?: number;
  /**
   * Places in progress kept for keys that have none (default 2 × concurrency, at most what the
   * per-key share leaves): two keys' slow uploads cannot fill every place and keep a third key out.
   */
  reserveForNewKeys?: number;
  /** Milliseconds a request's whole body may take to arrive (default 30 s): past it, 408. */
  bodyTimeoutMs?: number;
}

export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/**
 * Defaults a host can keep: 2,000 events/s and 4 MB/s per key sustained, with bursts of two full
 * requests (20,000 events, 20 MB). Error traffic of a healthy integration is a small fraction of
 * that; a backlog shipped at once is slowed, not refused.
 */
export const DEFAULT_RATES = { eventsPerSecond: 2_000, bytesPerSecond: 4 * 1024 * 1024 } as const;

type RateEnv = Pick<
  Env,
  | "DATABASE_URL"
  | "TRIAGE_INGEST_RATE"
  | "TRIAGE_INGEST_BURST"
  | "TRIAGE_INGEST_BYTES_RATE"
  | "TRIAGE_INGEST_CONCURRENCY"
  | "TRIAGE_INGEST_KEY_SLOTS"
  | "TRIAGE_INGEST_BODY_TIMEOUT_MS"
>;

export function rateConfigFromEnv(e: RateEnv = env()): RateConfig {
  const eventsPerSecond = e.TRIAGE_INGEST_RATE ?? DEFAULT_RATES.eventsPerSecond;
  const bytesPerSecond = e.TRIAGE_INGEST_BYTES_RATE ?? DEFAULT_RATES.bytesPerSecond;
  // PGlite writes one transaction at a time in its own thread: two requests of one key in flight
  // let the request thread parse and classify the next batch while the current one is written, and
  // the slot above a key's share stays free for another key. (One key at one slot halved a
  // single sender's rate: 3,771 → 4,310 events/s on PGlite, 4,872 → 6,323 on PostgreSQL, bench.)
  const concurrency = e.TRIAGE_INGEST_CONCURRENCY ?? (e.DATABASE_URL ? 5 : 3);
  return {
    eventsPerSecond,
    // Never below one full request, or a full request could never be accepted.
    burst: e.TRIAGE_INGEST_BURST ? Math.max(e.TRIAGE_INGEST_BURST, INGEST_LIMITS.maxEvents) : burstFor(eventsPerSecond),
    bytesPerSecond,
    byteBurst: Math.max(bytesPerSecond * 5, 2 * INGEST_LIMITS.maxBytes),
    concurrency,
    // One slot always stays for the other keys.
    maxHeldPerKey: Math.min(concurrency, e.TRIAGE_INGEST_KEY_SLOTS ?? Math.max(1, concurrency - 1)),
    bodyTimeoutMs: e.TRIAGE_INGEST_BODY_TIMEOUT_MS ?? DEFAULT_BODY_TIMEOUT_MS,
  };
}

function rateLimited(detail: string, seconds: number): ProblemError {
  return new ProblemError("rate-limited", `${detail} Nothing of this request was stored; retry after ${seconds} s.`, {
    headers: { "retry-after": String(seconds) },
  });
}

/** The burst a rate allows: ten seconds of it, and never less than one full request. */
export function burstFor(eventsPerSecond: number): number {
  return Math.max(eventsPerSecond * 10, INGEST_LIMITS.maxEvents);
}

/** A key's own rate as admins read it (page and CLI): "1 events/s in bursts of up to 10,000". */
export function describeKeyRate(eventsPerSecond: number): string {
  const n = (v: number) => v.toLocaleString("en-US");
  return `${n(eventsPerSecond)} events/s in bursts of up to ${n(burstFor(eventsPerSecond))}`;
}

export class IngestLimiter {
  private inFlight = 0;
  private readonly heldBy = new Map<number, number>();
  private inProgress = 0;
  private readonly inProgressBy = new Map<number, number>();
  /** Waiting requests by key, keys in the order they last got a slot (round-robin). */
  private readonly waiting = new Map<number, (() => void)[]>();
  private waitingCount = 0;

  constructor(
    private readonly config: RateConfig,
    private readonly buckets: RateBuckets = memoryBuckets(),
  ) {}

  private get byteRate(): Rate {
    return { perSecond: this.config.bytesPerSecond, burst: this.config.byteBurst };
  }

  private get maxInProgress(): number {
    return this.config.maxInProgress ?? this.config.concurrency * 5;
  }

  private get maxInProgressPerKey(): number {
    return this.config.maxInProgressPerKey ?? this.config.concurrency * 3;
  }

  private get reserveForNewKeys(): number {
    return (
      this.config.reserveForNewKeys ??
      Math.max(0, Math.min(this.config.concurrency * 2, this.maxInProgress - this.maxInProgressPerKey))
    );
  }

  /** Milliseconds a request's body may take to arrive. */
  get bodyTimeoutMs(): number {
    return this.config.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  }

  /**
   * Counts a request in progress from before its body is read until `release` (call it once, in a
   * finally); past the process's or the key's share, a 429. Bodies are read outside the slots,
   * so this bounds the memory they take and how many of them one key's slow uploads can hold.
   */
  admitRequest(keyId: number): () => void {
    const byKey = this.inProgressBy.get(keyId) ?? 0;
    if (this.inProgress >= this.maxInProgress) throw rateLimited("Ingest is at capacity.", 1);
    if (byKey >= this.maxInProgressPerKey)
      throw rateLimited("This API key has as many ingest requests in progress as it may.", 1);
    if (byKey > 0 && this.inProgress >= this.maxInProgress - this.reserveForNewKeys)
      throw rateLimited(
        "Ingest is busy with other requests of this API key; the remaining places are kept for other keys.",
        1,
      );
    this.inProgress++;
    this.inProgressBy.set(keyId, byKey + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inProgress--;
      const left = (this.inProgressBy.get(keyId) ?? 1) - 1;
      if (left) this.inProgressBy.set(keyId, left);
      else this.inProgressBy.delete(keyId);
    };
  }

  /**
   * Charges a request's bytes before its body is read: its Content-Length, or the largest
   * request when it declares none. Returns how much was charged, for settleBytes.
   */
  async admitBytes(keyId: number, declaredBytes: number | null): Promise<number> {
    const charged =
      declaredBytes !== null && declaredBytes >= 0
        ? Math.min(declaredBytes, INGEST_LIMITS.maxBytes)
        : INGEST_LIMITS.maxBytes;
    const wait = await this.buckets.take("bytes", keyId, charged, this.byteRate);
    if (wait !== null)
      throw rateLimited(`This API key is over its ingest rate of ${this.config.bytesPerSecond} bytes/s.`, wait);
    return charged;
  }

  /** Gives back what admitBytes charged beyond the bytes actually read. */
  async settleBytes(keyId: number, charged: number, actual: number): Promise<void> {
    if (actual < charged) await this.buckets.give("bytes", keyId, charged - actual, this.byteRate);
  }

  /**
   * Takes `events` tokens from the key's bucket, or throws a 429 saying when to retry.
   * keyRate: the key's own events per second (api_key.events_per_second), else the configured rate.
   */
  async take(keyId: number, events: number, keyRate: number | null = null): Promise<void> {
    const rate: Rate = keyRate
      ? { perSecond: keyRate, burst: burstFor(keyRate) }
      : { perSecond: this.config.eventsPerSecond, burst: this.config.burst };
    const wait = await this.buckets.take("events", keyId, events, rate);
    if (wait !== null) throw rateLimited(`This API key is over its ingest rate of ${rate.perSecond} events/s.`, wait);
  }

  /**
   * Runs fn holding one of the concurrency slots. When all are busy, or the key holds as many as
   * it may, the request waits in a short queue; past the queue it gets a 429.
   */
  async withSlot<T>(keyId: number, fn: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.config.concurrency || !this.mayHoldAnother(keyId)) {
      const queue = this.waiting.get(keyId) ?? [];
      // Waiting requests are in progress too (admitRequest): by default only those shares bound them.
      if (
        this.waitingCount >= (this.config.maxWaiting ?? this.maxInProgress) ||
        queue.length >= (this.config.maxWaitingPerKey ?? this.maxInProgressPerKey)
      ) {
        throw rateLimited("Ingest is at capacity.", 1);
      }
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        this.waiting.set(keyId, queue);
        this.waitingCount++;
      });
    } else {
      this.inFlight++;
    }
    this.heldBy.set(keyId, (this.heldBy.get(keyId) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      const held = (this.heldBy.get(keyId) ?? 1) - 1;
      if (held) this.heldBy.set(keyId, held);
      else this.heldBy.delete(keyId);
      const next = this.nextWaiter();
      if (next)
        next(); // the slot passes straight to the chosen waiter
      else this.inFlight--;
    }
  }

  private mayHoldAnother(keyId: number): boolean {
    return (this.heldBy.get(keyId) ?? 0) < (this.config.maxHeldPerKey ?? this.config.concurrency);
  }

  /** The waiting key holding the fewest slots (below its cap); among equals the one served longest ago. */
  private nextWaiter(): (() => void) | undefined {
    let chosen: number | undefined;
    for (const keyId of this.waiting.keys()) {
      if (!this.mayHoldAnother(keyId)) continue;
      if (chosen === undefined || (this.heldBy.get(keyId) ?? 0) < (this.heldBy.get(chosen) ?? 0)) chosen = keyId;
    }
    if (chosen === undefined) return undefined;
    const queue = this.waiting.get(chosen)!;
    const next = queue.shift()!;
    this.waitingCount--;
    // Served: to the back of the round-robin order (or out of it when nothing else waits).
    this.waiting.delete(chosen);
    if (queue.length) this.waiting.set(chosen, queue);
    return next;
  }
}

const globalForLimiter = globalThis as unknown as {
  triageIngestLimiter?: IngestLimiter;
  triageRateBuckets?: RateBuckets;
};

export function ingestLimiter(): IngestLimiter {
  globalForLimiter.triageIngestLimiter ??= new IngestLimiter(rateConfigFromEnv(), globalForLimiter.triageRateBuckets);
  return globalForLimiter.triageIngestLimiter;
}

/** Keeps the rates in buckets every process shares (lib/runtime/cluster.ts, before serving). */
export function shareIngestRates(buckets: RateBuckets | undefined): void {
  globalForLimiter.triageRateBuckets = buckets;
  globalForLimiter.triageIngestLimiter = undefined;
}

export function resetIngestLimiter(limiter?: IngestLimiter): void {
  globalForLimiter.triageIngestLimiter = limiter;
}
