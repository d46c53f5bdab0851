// Problems for the read API: filtered, busiest first, paged, every figure inside a Scope (events
// and districts in the range, first and last seen) from the rollup, never from other districts.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems";
import { allOf, decodeCursor, encodeCursor, inScope, sql, type Sql } from "./sql-tag";

export interface ProblemListFilters {
  articleId?: string;
  resource?: string;
  route?: "dev" | "ops" | "data";
  status?: "open" | "in_progress" | "resolved" | "ignored" | "regressed";
  lea?: string;
  days: number;
  limit: number;
  cursor?: string;
  /** One problem (GET /api/v1/problems/{id}). */
  id?: string;
}

export interface ProblemListItem {
  id: string;
  articleId: string;
  articleTitle: string;
  kbUrl: string | null;
  resource: string | null;
  signature: string;
  route: "dev" | "ops" | "data";
  suggestedRoute: "dev" | "ops" | "data";
  alt: "dev" | "ops" | "data" | null;
  status: "open" | "in_progress" | "resolved" | "ignored" | "regressed";
  httpStatus: number | null;
  events: number;
  districts: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

interface Row {
  id: string;
  article_id: string;
  resource: string | null;
  signature: string;
  route: ProblemListItem["route"];
  assigned_team: ProblemListItem["route"] | null;
  alt: ProblemListItem["alt"];
  triage_status: ProblemListItem["status"];
  http_status: number | null;
  events: bigint | number;
  districts: bigint | number;
  first_seen: Date;
  last_seen: Date;
  total: bigint | number;
}

export function listProblemsApiQuery(scope: Scope, f: ProblemListFilters, offset: number): Sql {
  const inRange = sql`d.day > current_date - ${f.days}::int`;
  const rollup: Sql[] = [inScope(scope, "d.lea")];
  if (f.lea) rollup.push(sql`d.lea = ${f.lea}`);
  if (f.id) rollup.push(sql`d.problem_id = ${f.id}::bigint`);
  const problem: Sql[] = [];
  if (f.articleId) problem.push(sql`p.article_id = ${f.articleId}`);
  if (f.resource) problem.push(sql`p.resource = ${f.resource}`);
  if (f.route) problem.push(sql`coalesce(p.assigned_team, p.route)::text = ${f.route}`);
  if (f.status) problem.push(sql`p.triage_status::text = ${f.status}`);
  return sql`
    WITH c AS (
      SELECT d.problem_id,
             sum(d.count) FILTER (WHERE ${inRange}) AS events,
             count(DISTINCT d.lea) FILTER (WHERE ${inRange} AND d.lea <> '') AS districts,
             min(d.first_seen_at) AS first_seen, max(d.last_seen_at) AS last_seen
        FROM problem_daily_count d
       WHERE ${allOf(rollup)}
       GROUP BY d.problem_id
      HAVING sum(d.count) FILTER (WHERE ${inRange}) > 0)
    SELECT p.id::text, p.article_id, p.resource, p.signature, p.route::text AS route, p.assigned_team::text AS assigned_team, p.alt::text AS alt,
           p.triage_status::text AS triage_status, p.http_status, c.events, c.districts, c.first_seen, c.last_seen, count(*) OVER () AS total
      FROM c JOIN problem p ON p.id = c.problem_id
     WHERE ${allOf(problem)}
     ORDER BY c.events DESC, p.id DESC
     OFFSET ${offset} LIMIT ${f.limit + 1}`;
}

function toItem(r: Row): ProblemListItem {
  return {
    id: r.id,
    ...articleFields(r.article_id),
    resource: r.resource,
    signature: r.signature,
    route: r.assigned_team ?? r.route,
    suggestedRoute: r.route,
    alt: r.alt,
    status: r.triage_status,
    httpStatus: r.http_status,
    events: Number(r.events),
    districts: Number(r.districts),
    firstSeenAt: new Date(r.first_seen).toISOString(),
    lastSeenAt: new Date(r.last_seen).toISOString(),
  };
}

export async function listProblemsPage(db: Database, scope: Scope, f: ProblemListFilters): Promise<{ problems: ProblemListItem[]; total: number; nextCursor: string | null }> {
  const at = decodeCursor(f.cursor, ["number"]);
  const offset = Math.max(0, Math.min(Number(at?.[0] ?? 0), 1_000_000));
  const rows = await db.prisma.$queryRaw<Row[]>(listProblemsApiQuery(scope, f, offset));
  return {
    problems: rows.slice(0, f.limit).map(toItem),
    total: Number(rows[0]?.total ?? 0),
    nextCursor: rows.length > f.limit ? encodeCursor([offset + f.limit]) : null,
  };
}

/** One problem with its figures inside the scope over the last `days`, or null when it has no event there. */
export async function getProblemInScope(db: Database, scope: Scope, id: string, days = 30): Promise<ProblemListItem | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  return (await listProblemsPage(db, scope, { id, days, limit: 1 })).problems[0] ?? null;
}
