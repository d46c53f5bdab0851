// Problems for the read API: filtered, busiest first, paged, every figure inside a Scope (events
// and districts in the range, first and last seen) from the rollup, never from other districts.
// The same query as the dashboard's list (problem-stream.ts), with the API's filters and shape.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { decodeCursor, encodeCursor } from "./sql-tag";
import { queryProblemRows, type ProblemStreamFilters, type ProblemStreamRow } from "./problem-stream";

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

/** The read API's filters as the problem list's (one query serves both). */
function toStreamFilters(f: ProblemListFilters, now: Date): ProblemStreamFilters {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    q: "",
    articles: f.articleId ? [f.articleId] : [],
    types: [],
    resources: f.resource ? [f.resource] : [],
    routes: f.route ? [f.route] : [],
    statuses: f.status ? [f.status] : [],
    assignees: [],
    httpStatuses: [],
    leas: f.lea ? [f.lea] : [],
    clients: [],
    since: new Date(today - (f.days - 1) * 86_400_000),
    until: new Date(today + 86_400_000),
    ids: f.id ? [f.id] : undefined,
  };
}

function toItem(r: ProblemStreamRow): ProblemListItem {
  return {
    id: r.id,
    articleId: r.articleId,
    articleTitle: r.articleTitle,
    kbUrl: r.kbUrl,
    resource: r.resource,
    signature: r.signature,
    route: r.route,
    suggestedRoute: r.suggestedRoute,
    alt: r.alt,
    status: r.status,
    httpStatus: r.httpStatus,
    events: r.events,
    districts: r.districts,
    firstSeenAt: r.firstSeenAt,
    lastSeenAt: r.lastSeenAt,
  };
}

export async function listProblemsPage(db: Database, scope: Scope, f: ProblemListFilters, now = new Date()): Promise<{ problems: ProblemListItem[]; total: number; nextCursor: string | null }> {
  const at = decodeCursor(f.cursor, ["number"]);
  const offset = Math.max(0, Math.min(Number(at?.[0] ?? 0), 1_000_000));
  const { rows, total } = await queryProblemRows(db, scope, toStreamFilters(f, now), "events.desc", f.limit + 1, offset);
  return {
    problems: rows.slice(0, f.limit).map(toItem),
    total,
    nextCursor: rows.length > f.limit ? encodeCursor([offset + f.limit]) : null,
  };
}

/** One problem with its figures inside the scope over the last `days`, or null when it has no event there. */
export async function getProblemInScope(db: Database, scope: Scope, id: string, days = 30): Promise<ProblemListItem | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  return (await listProblemsPage(db, scope, { id, days, limit: 1 })).problems[0] ?? null;
}
