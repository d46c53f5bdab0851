// Alerts decided inside the transaction that caused them: the ingest's new problems
// (write.ts upsertProblems) and regressions (ledger/apply.ts regressResolved) call recordAlerts
// once per batch, only when something new or regressed happened. One statement: the rules that
// match, each rule's quiet period per problem claimed in alert_state (a row lock, so concurrent
// transactions decide once), and an outbox row per channel — committed or rolled back with the
// events. The worker (worker.ts) reads the outbox; nothing is sent from here.
import type { SqlSession } from "../db/sql-session";

/** A problem that became new or regressed in this transaction, with a district and client of its events. */
export interface Trigger {
  problemId: string;
  lea: string | null;
  client: string | null;
}

/**
 * Matches every enabled rule of the kind against the triggers (route, article, resource from the
 * problem; district and client from the events), claims the quiet period per rule and problem,
 * and writes one outbox row per channel: the rule's own, and with to_team those of the problem's
 * team. A channel scoped to districts gets the alert only when an event was in one of them.
 */
export const RECORD_ALERTS_SQL = `
WITH t AS (SELECT DISTINCT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(problem_id, lea, client)),
matched AS (
  SELECT DISTINCT r.id AS rule_id, t.problem_id, r.quiet_minutes
    FROM alert_rule r JOIN t ON TRUE JOIN problem p ON p.id = t.problem_id
   WHERE r.enabled AND r.kind = $4::"AlertKind" AND NOT r.per_district
     AND (r.route IS NULL OR coalesce(p.assigned_team, p.route) = r.route)
     AND (r.article_id IS NULL OR p.article_id = r.article_id)
     AND (r.resource IS NULL OR p.resource = r.resource)
     AND (r.client IS NULL OR t.client = r.client)
     AND (coalesce(cardinality(r.leas), 0) = 0 OR t.lea = ANY(r.leas))
),
fired AS (
  INSERT INTO alert_state AS s (rule_id, subject, fired_at, quiet_until)
  SELECT m.rule_id, 'problem:' || m.problem_id, $5::timestamptz, $5::timestamptz + make_interval(mins => m.quiet_minutes)
    FROM matched m ORDER BY 1, 2
  ON CONFLICT (rule_id, subject) DO UPDATE SET fired_at = EXCLUDED.fired_at, quiet_until = EXCLUDED.quiet_until
   WHERE s.quiet_until <= EXCLUDED.fired_at
  RETURNING s.rule_id, substring(s.subject from 9)::bigint AS problem_id
)
INSERT INTO alert_outbox (rule_id, channel_id, kind, problem_id, leas, created_at, next_attempt_at)
SELECT f.rule_id, c.id, $4, f.problem_id,
       coalesce((SELECT array_agg(DISTINCT t.lea ORDER BY t.lea) FROM t WHERE t.problem_id = f.problem_id AND t.lea IS NOT NULL
                    AND (coalesce(cardinality(c.leas), 0) = 0 OR t.lea = ANY(c.leas))), '{}'),
       $5::timestamptz, $5::timestamptz
  FROM fired f JOIN alert_rule r ON r.id = f.rule_id JOIN problem p ON p.id = f.problem_id
  JOIN alert_channel c ON c.id = ANY(r.channel_ids) OR (r.to_team AND c.team = coalesce(p.assigned_team, p.route))
 WHERE coalesce(cardinality(c.leas), 0) = 0
    OR EXISTS (SELECT 1 FROM t WHERE t.problem_id = f.problem_id AND t.lea = ANY(c.leas))
 ORDER BY 1, 2`;

/**
 * "New in a district": the rules of kind new with per_district fire when a problem gets its first
 * event in a district. Run before the batch's counts are appended (share_pending), so that "no
 * counts of this problem in this district yet, folded or pending" means first. Two transactions
 * that both bring a first event meet on the quiet period's row in alert_state (subject
 * problem:<id>@<district>): one fires. A pair is one probe of problem_daily_count's index on
 * (problem_id, lea). While no such rule is enabled only a one-row look-up of alert_rule runs.
 */
export const RECORD_NEW_IN_DISTRICT_SQL = `
WITH rules AS (SELECT id, route, article_id, resource, client, leas, quiet_minutes FROM alert_rule WHERE enabled AND kind = 'new' AND per_district),
t AS (SELECT DISTINCT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(problem_id, lea, client)
       WHERE t.lea IS NOT NULL AND t.lea <> '' AND EXISTS (SELECT 1 FROM rules)),
first AS MATERIALIZED (
  SELECT DISTINCT t.problem_id, t.lea FROM t
   WHERE NOT EXISTS (SELECT 1 FROM problem_daily_count d WHERE d.problem_id = t.problem_id AND d.lea = t.lea)
     AND NOT EXISTS (SELECT 1 FROM share_pending s WHERE s.problem_id = t.problem_id AND s.lea = t.lea)
),
matched AS (
  SELECT DISTINCT r.id AS rule_id, f.problem_id, f.lea, 'problem:' || f.problem_id || '@' || f.lea AS subject, r.quiet_minutes
    FROM rules r JOIN first f ON TRUE JOIN problem p ON p.id = f.problem_id
   WHERE (r.route IS NULL OR coalesce(p.assigned_team, p.route) = r.route)
     AND (r.article_id IS NULL OR p.article_id = r.article_id)
     AND (r.resource IS NULL OR p.resource = r.resource)
     AND (r.client IS NULL OR EXISTS (SELECT 1 FROM t WHERE t.problem_id = f.problem_id AND t.lea = f.lea AND t.client = r.client))
     AND (coalesce(cardinality(r.leas), 0) = 0 OR f.lea = ANY(r.leas))
),
fired AS (
  INSERT INTO alert_state AS s (rule_id, subject, fired_at, quiet_until)
  SELECT m.rule_id, m.subject, $4::timestamptz, $4::timestamptz + make_interval(mins => m.quiet_minutes) FROM matched m ORDER BY 1, 2
  ON CONFLICT (rule_id, subject) DO UPDATE SET fired_at = EXCLUDED.fired_at, quiet_until = EXCLUDED.quiet_until
   WHERE s.quiet_until <= EXCLUDED.fired_at
  RETURNING s.rule_id, s.subject
)
INSERT INTO alert_outbox (rule_id, channel_id, kind, problem_id, leas, created_at, next_attempt_at)
SELECT m.rule_id, c.id, 'new_in_district', m.problem_id, ARRAY[m.lea], $4::timestamptz, $4::timestamptz
  FROM fired f JOIN matched m ON m.rule_id = f.rule_id AND m.subject = f.subject
  JOIN alert_rule r ON r.id = m.rule_id JOIN problem p ON p.id = m.problem_id
  JOIN alert_channel c ON c.id = ANY(r.channel_ids) OR (r.to_team AND c.team = coalesce(p.assigned_team, p.route))
 WHERE coalesce(cardinality(c.leas), 0) = 0 OR m.lea = ANY(c.leas)
 ORDER BY 1, 2`;

/** New in a district (RECORD_NEW_IN_DISTRICT_SQL): every (problem, district, client) of the batch's new events. */
export async function recordNewInDistrict(
  tx: SqlSession,
  triggers: readonly Trigger[],
  now = new Date(),
): Promise<void> {
  const inDistricts = triggers.filter((t) => t.lea !== null && t.lea !== "");
  if (!inDistricts.length) return;
  // Planning the statement costs more than this look-up: skip it while no such rule is enabled.
  if (!(await tx.query("SELECT 1 FROM alert_rule WHERE enabled AND kind = 'new' AND per_district LIMIT 1")).length)
    return;
  await tx.query(RECORD_NEW_IN_DISTRICT_SQL, [
    inDistricts.map((t) => t.problemId),
    inDistricts.map((t) => t.lea),
    inDistricts.map((t) => t.client),
    now.toISOString(),
  ]);
}

export async function recordAlerts(
  tx: SqlSession,
  kind: "new" | "regressed",
  triggers: readonly Trigger[],
  now = new Date(),
): Promise<void> {
  if (!triggers.length) return;
  await tx.query(RECORD_ALERTS_SQL, [
    triggers.map((t) => t.problemId),
    triggers.map((t) => t.lea),
    triggers.map((t) => t.client),
    kind,
    now.toISOString(),
  ]);
}

/** The distinct (problem, district, client) of the shares (of the given problems only, when given): the triggers. */
export function triggersOf(
  shares: readonly { problemId: string; lea: string | null; client: string | null }[],
  problemIds?: ReadonlySet<string>,
): Trigger[] {
  const seen = new Map<string, Trigger>();
  for (const s of shares) {
    if (problemIds && !problemIds.has(s.problemId)) continue;
    const key = `${s.problemId}\u0000${s.lea ?? ""}\u0000${s.client ?? ""}`;
    if (!seen.has(key)) seen.set(key, { problemId: s.problemId, lea: s.lea, client: s.client });
  }
  return [...seen.values()];
}
