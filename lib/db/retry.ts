// PostgreSQL transactions that are safe to run again, and the retry that does it.

/** The unique index that makes eventIds idempotent per API key, across every month (a race on it is retried). */
export const EVENT_IDEMPOTENCY_INDEX = "event_key_pkey";

/**
 * PostgreSQL aborted one of two deadlocked (40P01) or conflicting serializable (40001)
 * transactions, or a concurrent ingest stored one of the same eventIds first (23505 on that
 * unique index: the next attempt finds the event stored and answers it as a duplicate).
 */
export function isTransient(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === "40P01" || code === "40001" || (code === "23505" && constraint === EVENT_IDEMPOTENCY_INDEX);
}

export async function withTransientRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40));
    }
  }
}
