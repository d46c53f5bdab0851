// The rules the worker evaluates on a timer from the ledger's live rollups (folded + pending):
// spiking problems (problem_trend_day) and a district's error volume in the last hour
// (trend_day). A rule fires once per subject and quiet period (alert_state, as at ingest).
import type { SqlSession } from "../db/sql-session";
import { problemDailyCount, problemTrendDay, trendDay } from "../ledger/definitions";
import { hourCount, isSpiking, spikeDays, spikeOf } from "./spike";

interface TimedRule {
  id: number;
  kind: "spiking" | "volume";
  route: string | null;
  article_id: string | null;
  resource: string | null;
  client: string | null;
  leas: string[] | null;
  factor: number;
  min_events: number;
  quiet_minutes: number;
}

export interface Candidate {
  subject: string;
  problemId: string | null;
  lea: string | null;
  detail: { lastHour: number; baseline?: number };
}

const FIRE_SQL = `
WITH c AS (SELECT * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS c(subject, problem_id, lea, detail)),
fired AS (
  INSERT INTO alert_state AS s (rule_id, subject, fired_at, quiet_until)
  SELECT $1::int, c.subject, $6::timestamptz, $6::timestamptz + make_interval(mins => $7::int) FROM c ORDER BY 2
  ON CONFLICT (rule_id, subject) DO UPDATE SET fired_at = EXCLUDED.fired_at, quiet_until = EXCLUDED.quiet_until
   WHERE s.quiet_until <= EXCLUDED.fired_at
  RETURNING s.subject
)
INSERT INTO alert_outbox (rule_id, channel_id, kind, problem_id, leas, detail, created_at, next_attempt_at)
SELECT r.id, ch.id, r.kind::text, c.problem_id, CASE WHEN c.lea IS NULL THEN coalesce(r.leas, '{}') ELSE ARRAY[c.lea] END, c.detail::jsonb, $6, $6
  FROM fired f JOIN c ON c.subject = f.subject JOIN alert_rule r ON r.id = $1 LEFT JOIN problem p ON p.id = c.problem_id
  JOIN alert_channel ch ON ch.id = ANY(r.channel_ids) OR (r.to_team AND ch.team = coalesce(p.assigned_team, p.route))
 WHERE coalesce(cardinality(ch.leas), 0) = 0
    OR (c.lea IS NOT NULL AND c.lea = ANY(ch.leas))
    -- a spike counted over the rule's districts may go to a channel that sees all of them
    OR (c.lea IS NULL AND coalesce(cardinality(r.leas), 0) > 0 AND r.leas <@ ch.leas)
 ORDER BY 1, 2`;

/** Claims the quiet period of each candidate and writes the outbox rows of those that fire. */
export async function fire(
  tx: SqlSession,
  rule: { id: number; kind: string; quiet_minutes: number },
  candidates: Candidate[],
  now: Date,
): Promise<number> {
  if (!candidates.length) return 0;
  const rows = await tx.query<{ id: string }>(`${FIRE_SQL} RETURNING id::text`, [
    rule.id,
    candidates.map((c) => c.subject),
    candidates.map((c) => c.problemId),
    candidates.map((c) => c.lea),
    candidates.map((c) => JSON.stringify(c.detail)),
    now.toISOString(),
    rule.quiet_minutes,
  ]);
  return rows.length;
}

function addTotals(into: Map<string, number[]>, key: string, cumulative: readonly number[]): void {
  const sum = into.get(key);
  if (!sum) return void into.set(key, [...cumulative]);
  for (let i = 0; i < cumulative.length; i++) sum[i] += cumulative[i];
}

/**
 * Spiking problems of a rule: per problem, its districts within the rule's summed. Narrowed by an
 * API client, the counts come from the per-client daily rollup (problem_daily_count: quarter-hour
 * totals per problem, district and client), else from problem_trend_day (fewer rows).
 */
async function spikingCandidates(tx: SqlSession, rule: TimedRule, now: Date): Promise<Candidate[]> {
  const source = rule.client === null ? problemTrendDay.live : problemDailyCount.live;
  const rows = await tx.query<{ problem_id: string; day: string; cumulative: number[] }>(
    `SELECT x.problem_id::text, to_char(x.day, 'YYYY-MM-DD') AS day, quarter_totals_full(x.cumulative) AS cumulative
       FROM (${source}) x JOIN problem p ON p.id = x.problem_id
      WHERE x.day = ANY($1::date[]) AND (cardinality($2::text[]) = 0 OR x.lea = ANY($2::text[]))
        AND ($3::text IS NULL OR coalesce(p.assigned_team, p.route)::text = $3)
        AND ($4::text IS NULL OR p.article_id = $4) AND ($5::text IS NULL OR p.resource = $5)
        ${rule.client === null ? "" : "AND x.client = $6"}`,
    [
      spikeDays(now.getTime()),
      rule.leas ?? [],
      rule.route,
      rule.article_id,
      rule.resource,
      ...(rule.client === null ? [] : [rule.client]),
    ],
  );
  const byProblem = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const days = byProblem.get(r.problem_id) ?? (byProblem.set(r.problem_id, new Map()), byProblem.get(r.problem_id)!);
    addTotals(days, r.day, r.cumulative);
  }
  const out: Candidate[] = [];
  for (const [problemId, days] of byProblem) {
    const s = spikeOf((d) => days.get(d), now.getTime());
    if (isSpiking(s, rule.factor, rule.min_events))
      out.push({
        subject: `problem:${problemId}`,
        problemId,
        lea: null,
        detail: { lastHour: s.lastHour, baseline: s.baseline },
      });
  }
  return out;
}

/**
 * Districts whose events in the last hour reach the rule's threshold. Narrowed by article,
 * resource or API client, the counts come from problem_daily_count (per problem and client) joined
 * with the problems; by team and districts only, from trend_day.
 */
async function volumeCandidates(tx: SqlSession, rule: TimedRule, now: Date): Promise<Candidate[]> {
  const days = spikeDays(now.getTime()).slice(0, 2);
  const byProblem = rule.article_id !== null || rule.resource !== null || rule.client !== null;
  const rows = byProblem
    ? await tx.query<{ lea: string; day: string; cumulative: number[] }>(
        `SELECT x.lea, to_char(x.day, 'YYYY-MM-DD') AS day, quarter_totals_full(x.cumulative) AS cumulative
           FROM (${problemDailyCount.live}) x JOIN problem p ON p.id = x.problem_id
        WHERE x.day = ANY($1::date[]) AND x.lea <> '' AND (cardinality($2::text[]) = 0 OR x.lea = ANY($2::text[]))
          AND ($3::text IS NULL OR coalesce(p.assigned_team, p.route)::text = $3)
        AND ($4::text IS NULL OR p.article_id = $4) AND ($5::text IS NULL OR p.resource = $5)
          AND ($6::text IS NULL OR x.client = $6)`,
        [days, rule.leas ?? [], rule.route, rule.article_id, rule.resource, rule.client],
      )
    : await tx.query<{ lea: string; day: string; cumulative: number[] }>(
        `SELECT x.lea, to_char(x.day, 'YYYY-MM-DD') AS day, quarter_totals_full(x.cumulative) AS cumulative FROM (${trendDay.live}) x
        WHERE x.day = ANY($1::date[]) AND x.lea <> ''
          AND (cardinality($2::text[]) = 0 OR x.lea = ANY($2::text[])) AND ($3::text IS NULL OR x.route::text = $3)`,
        [days, rule.leas ?? [], rule.route],
      );
  const byLea = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const days = byLea.get(r.lea) ?? (byLea.set(r.lea, new Map()), byLea.get(r.lea)!);
    addTotals(days, r.day, r.cumulative);
  }
  const out: Candidate[] = [];
  for (const [lea, days] of byLea) {
    const lastHour = hourCount((d) => days.get(d), now.getTime());
    if (lastHour >= rule.min_events) out.push({ subject: `lea:${lea}`, problemId: null, lea, detail: { lastHour } });
  }
  return out;
}

/** Evaluates every enabled spiking and volume rule; returns the outbox rows written. */
export async function evaluateTimedRules(tx: SqlSession, now: Date): Promise<number> {
  const rules = await tx.query<TimedRule>(
    `SELECT id, kind::text AS kind, route::text AS route, article_id, resource, client, leas, factor, min_events, quiet_minutes
       FROM alert_rule WHERE enabled AND kind IN ('spiking', 'volume') ORDER BY id`,
  );
  let written = 0;
  for (const rule of rules) {
    const candidates =
      rule.kind === "spiking" ? await spikingCandidates(tx, rule, now) : await volumeCandidates(tx, rule, now);
    written += await fire(tx, rule, candidates, now);
  }
  return written;
}
