// Times read-model cases (2 warm-up runs, then 20) and names the tables and indexes their plans touch.
import type pg from "pg";
import type { SqlQuery } from "../../lib/queries/sql";
import type { Sql } from "../../lib/queries/sql-tag";
import { percentile, round } from "./util";

export interface QueryFigure {
  query: string;
  p50Ms: number;
  p95Ms: number;
  /** The slowest of the runs: one slow run moves it, never the p95 of 20. */
  maxMs: number;
  targetMs: number;
  plan: string;
}

export interface QueryCase {
  query: string;
  targetMs: number;
  run: (i: number) => Promise<unknown>;
  plans?: (Sql | SqlQuery)[];
}

export const RUNS = 20;

export async function timeCases(client: pg.Client, cases: QueryCase[]): Promise<QueryFigure[]> {
  const figures: QueryFigure[] = [];
  for (const c of cases) {
    for (let w = 0; w < 2; w++) await c.run(w);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await c.run(i);
      times.push(performance.now() - t);
    }
    const plans = await Promise.all((c.plans ?? []).map((q) => explain(client, q)));
    figures.push({
      query: c.query,
      p50Ms: round(percentile(times, 50), 2),
      p95Ms: round(percentile(times, 95), 2),
      maxMs: round(Math.max(...times), 2),
      targetMs: c.targetMs,
      plan: plans.join(" | ") || "(several queries; timed end to end)",
    });
  }
  return figures;
}

/** Node types of the plan that touch tables, e.g. "Index Scan on error_event (error_event_correlation_id_idx)". */
async function explain(client: pg.Client, q: SqlQuery | Sql): Promise<string> {
  const [text, params] = "params" in q ? [q.sql, q.params] : [q.text, q.values];
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${text}`, params as unknown[]);
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node["Relation Name"])
      found.push(
        `${node["Node Type"]} ${node["Relation Name"]}${node["Index Name"] ? ` (${node["Index Name"]})` : ""}`,
      );
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((rows[0]["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0].Plan);
  return [...new Set(found)].join("; ");
}
