// Read models for problem groups. Counts, first/last seen and the sample message always come from
// inside the caller's Scope (the rollup and the events); the problem row itself holds no text of
// any one district's event.
import type { Database } from "../db/database";
import { scopeCondition, type Scope } from "../auth/scope";
import { articleFields, parseBody } from "../problems";
import { runQuery, type SqlQuery } from "./sql";

export interface ProblemSummary {
  id: string;
  articleId: string;
  articleTitle: string;
  kbUrl: string | null;
  resource: string | null;
  signature: string;
  route: string;
  alt: string | null;
  triageStatus: string;
  assignedTeam: string | null;
  httpStatus: number | null;
  /** The detail (or first message) of the latest event inside the scope. */
  sampleMessage: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  events30d: number;
  events7d: number;
  latestCorrelationId: string | null;
}

interface ProblemRowDb {
  id: string;
  article_id: string;
  resource: string | null;
  signature: string;
  route: string;
  alt: string | null;
  triage_status: string;
  assigned_team: string | null;
  http_status: number | null;
  latest_body: unknown;
  first_seen_at: Date | string;
  last_seen_at: Date | string;
  events_30d: bigint | number | string;
  events_7d: bigint | number | string | null;
  latest_correlation_id: string | null;
}

function toSummary(r: ProblemRowDb): ProblemSummary {
  const sample = r.latest_body === null || r.latest_body === undefined ? null : parseBody(r.latest_body);
  return {
    id: r.id,
    ...articleFields(r.article_id),
    resource: r.resource,
    signature: r.signature,
    route: r.assigned_team ?? r.route,
    alt: r.alt,
    triageStatus: r.triage_status,
    assignedTeam: r.assigned_team,
    httpStatus: r.http_status,
    sampleMessage: sample ? (sample.detail ?? sample.messages[0]?.text ?? null) : null,
    firstSeenAt: new Date(r.first_seen_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    events30d: Number(r.events_30d),
    events7d: Number(r.events_7d ?? 0),
    latestCorrelationId: r.latest_correlation_id,
  };
}

/** First and last seen inside the scope: the problem's own for every district, else from its rollup rows. */
function seenInScope(scope: Scope, params: unknown[]): string {
  if (scope.kind === "all") return "p.first_seen_at, p.last_seen_at";
  const inScope = scopeCondition(scope, "s.lea", params);
  return `(SELECT min(s.first_seen_at) FROM problem_daily_count s WHERE s.problem_id = p.id AND ${inScope}) AS first_seen_at,
          (SELECT max(s.last_seen_at) FROM problem_daily_count s WHERE s.problem_id = p.id AND ${inScope}) AS last_seen_at`;
}

/** The latest event inside the scope: its correlationId and body (for the sample message). */
function latestInScope(scope: Scope, params: unknown[]): string {
  const eventScope = scopeCondition(scope, "e.lea", params);
  return `LEFT JOIN LATERAL (SELECT e.correlation_id AS latest_correlation_id, e.body AS latest_body FROM error_event e
              WHERE e.problem_id = p.id AND ${eventScope} ORDER BY e.occurred_at DESC LIMIT 1) latest ON TRUE`;
}

export function listProblemsQuery(scope: Scope, options: { days?: number; limit?: number } = {}): SqlQuery {
  const params: unknown[] = [options.days ?? 30];
  const inScope = scopeCondition(scope, "lea", params);
  const seen = seenInScope(scope, params);
  const latest = latestInScope(scope, params);
  return {
    sql: `SELECT p.id::text, p.article_id, p.resource, p.signature, p.route::text, p.alt::text, p.triage_status::text,
            p.assigned_team::text, p.http_status, ${seen},
            c.events_30d, c.events_7d, latest.latest_correlation_id, latest.latest_body
       FROM (SELECT problem_id, sum(count) AS events_30d,
                    sum(count) FILTER (WHERE day > current_date - 7) AS events_7d
               FROM problem_daily_count
              WHERE day > current_date - $1::int AND ${inScope}
              GROUP BY problem_id
              ORDER BY events_7d DESC NULLS LAST, events_30d DESC, problem_id
              LIMIT $${params.length + 1}) c
       JOIN problem p ON p.id = c.problem_id
       ${latest}
      ORDER BY c.events_7d DESC NULLS LAST, c.events_30d DESC, p.id`,
    params: [...params, options.limit ?? 200],
  };
}

export async function listProblems(db: Database, scope: Scope, options: { days?: number; limit?: number } = {}): Promise<ProblemSummary[]> {
  return (await runQuery<ProblemRowDb>(db, listProblemsQuery(scope, options))).map(toSummary);
}

export function getProblemQuery(scope: Scope, id: string): SqlQuery {
  const params: unknown[] = [id];
  const inScope = scopeCondition(scope, "lea", params);
  const seen = seenInScope(scope, params);
  const latest = latestInScope(scope, params);
  return {
    sql: `SELECT p.id::text, p.article_id, p.resource, p.signature, p.route::text, p.alt::text, p.triage_status::text,
            p.assigned_team::text, p.http_status, ${seen},
            c.events_30d, c.events_7d, latest.latest_correlation_id, latest.latest_body
       FROM problem p
       JOIN (SELECT problem_id, coalesce(sum(count) FILTER (WHERE day > current_date - 30), 0) AS events_30d,
                    sum(count) FILTER (WHERE day > current_date - 7) AS events_7d
               FROM problem_daily_count WHERE problem_id = $1::bigint AND ${inScope}
              GROUP BY problem_id) c ON c.problem_id = p.id
       ${latest}
      WHERE p.id = $1::bigint`,
    params,
  };
}

export async function getProblem(db: Database, scope: Scope, id: string): Promise<ProblemSummary | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = await runQuery<ProblemRowDb>(db, getProblemQuery(scope, id));
  return rows[0] ? toSummary(rows[0]) : null;
}
