// Back-pressure for ingest. Two limits, both answered with 429 + Retry-After before anything is
// written (so nothing accepted is ever lost):
//  - a token bucket of events per second per API key (TRIAGE_INGEST_RATE events/s, burst
//    TRIAGE_INGEST_BURST, default 2 s worth and at least one full request);
//  - a cap on ingest requests being written at once per process (TRIAGE_INGEST_CONCURRENCY),
//    which keeps a slow database from queueing unbounded work in memory.
import { ProblemError } from "../http/problem";
import { INGEST_LIMITS } from "./decode";

export interface RateConfig {
  eventsPerSecond: number;
  burst: number;
  concurrency: number;
  /** Requests allowed to wait for a slot (their bodies unread) before 429 (default 4 × concurrency). */
  maxWaiting?: number;
}

export function rateConfigFromEnv(env: Record<string, string | undefined> = process.env): RateConfig {
  const eventsPerSecond = positive(env.TRIAGE_INGEST_RATE, 50_000);
  const burst = Math.max(positive(env.TRIAGE_INGEST_BURST, eventsPerSecond * 2), INGEST_LIMITS.maxEvents);
  // PGlite writes one transaction at a time in its own thread: two requests in flight let the
  // request thread parse and classify the next batch while the current one is written.
  const defaultConcurrency = env.DATABASE_URL ? 4 : 2;
  return { eventsPerSecond, burst, concurrency: positive(env.TRIAGE_INGEST_CONCURRENCY, defaultConcurrency) };
}

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class IngestLimiter {
  private readonly buckets = new Map<number, Bucket>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly config: RateConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `events` tokens from the key's bucket, or throws a 429 saying when to retry. */
  take(keyId: number, events: number): void {
    const now = this.now();
    const bucket = this.buckets.get(keyId) ?? { tokens: this.config.burst, at: now };
    bucket.tokens = Math.min(this.config.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.config.eventsPerSecond);
    bucket.at = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens < events) {
      const seconds = Math.max(1, Math.ceil((events - bucket.tokens) / this.config.eventsPerSecond));
      throw new ProblemError("rate-limited", `This API key is over its ingest rate of ${this.config.eventsPerSecond} events/s. Nothing of this request was stored; retry after ${seconds} s.`, {
        headers: { "retry-after": String(seconds) },
      });
    }
    bucket.tokens -= events;
  }

  /**
   * Runs fn holding one of the concurrency slots. When all are busy the request waits in a short
   * queue (its body still unread, so it costs no memory); past the queue it gets a 429.
   */
  async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.config.concurrency) {
      if (this.waiting.length >= (this.config.maxWaiting ?? this.config.concurrency * 4)) {
        throw new ProblemError("rate-limited", "Ingest is at capacity. Nothing of this request was stored; retry in a moment.", { headers: { "retry-after": "1" } });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.inFlight++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.inFlight--;
    }
  }
}

const globalForLimiter = globalThis as unknown as { triageIngestLimiter?: IngestLimiter };

export function ingestLimiter(): IngestLimiter {
  globalForLimiter.triageIngestLimiter ??= new IngestLimiter(rateConfigFromEnv());
  return globalForLimiter.triageIngestLimiter;
}

export function resetIngestLimiter(limiter?: IngestLimiter): void {
  globalForLimiter.triageIngestLimiter = limiter;
}
