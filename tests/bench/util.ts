import pg from "pg";
import { createPostgresDatabase } from "../support/db";

export const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
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
