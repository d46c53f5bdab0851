import pg from "pg";
import { createPostgresDatabase } from "../support/db";

export const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * The nearest-rank percentile: the smallest value with at least p% of the values at or below it
 * (tests/tools/time-reads.ts reads its figures with it too; p × n / 100 in that order, so that a
 * whole rank is never a float a hair above it). The p95 of 20 runs is the second slowest, not the
 * slowest; the p50 of 20 the 10th. Figures that need the slowest print it beside (QueryFigure.maxMs).
 */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p * sorted.length) / 100) - 1))];
}

export async function postgresAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** A fresh database on the benchmark server, dropped afterwards. */
export function createBenchDatabase(
  adminUrl: string,
  purpose: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  return createPostgresDatabase(adminUrl, `triage_bench_${purpose}`);
}
