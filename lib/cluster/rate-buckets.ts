// Token buckets per API key: in this process's memory (PGlite: one process), or shared by every
// process on one PostgreSQL (a row per bucket, refilled by the database's clock) or Redis (a
// script per take). A key's rate then holds across all processes together, not once per process.

export interface Rate {
  perSecond: number;
  burst: number;
}

export interface RateBuckets {
  /** Takes n tokens from the key's bucket, or returns the seconds until there are n. */
  take(bucket: string, keyId: number, n: number, rate: Rate): Promise<number | null>;
  /** Gives n tokens back (never above the burst): a charge that turned out too high. */
  give(bucket: string, keyId: number, n: number, rate: Rate): Promise<void>;
}

/** Seconds until n tokens are there, from what the bucket holds (at least 1). */
export function secondsUntil(n: number, tokens: number, rate: Rate): number {
  return Math.max(1, Math.ceil((n - tokens) / rate.perSecond));
}

export function memoryBuckets(now: () => number = Date.now): RateBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(bucket, keyId, n, rate) {
      const name = `${bucket}:${keyId}`;
      const t = now();
      const b = buckets.get(name) ?? { tokens: rate.burst, at: t };
      b.tokens = Math.min(rate.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * rate.perSecond);
      b.at = t;
      buckets.set(name, b);
      if (b.tokens < n) return secondsUntil(n, b.tokens, rate);
      b.tokens -= n;
      return null;
    },
    async give(bucket, keyId, n, rate) {
      const b = buckets.get(`${bucket}:${keyId}`);
      if (b) b.tokens = Math.min(rate.burst, b.tokens + n);
    },
  };
}

/**
 * Shared buckets that fall back to this process's memory while their store fails (Redis down):
 * ingest keeps going, limited per process, and the first failure of each outage is logged.
 */
export function withLocalFallback(shared: RateBuckets, label: string): RateBuckets {
  const local = memoryBuckets();
  let failing = false;
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, fallback: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await fn(...args);
        if (failing) console.error(`triage: ${label} answers again; ingest rates are shared again`);
        failing = false;
        return result;
      } catch (error) {
        if (!failing) console.error(`triage: ${label} failed; ingest rates are per process until it answers:`, error);
        failing = true;
        return fallback(...args);
      }
    };
  return { take: guarded(shared.take, local.take), give: guarded(shared.give, local.give) };
}
