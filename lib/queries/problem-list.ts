// Problems for the read API: filtered, busiest first, paged, every figure inside a Scope (events
// and districts in the range, first and last seen) from the rollup, never from other districts.
// The same filters and counts as the dashboard's list (problem-stream.ts), with the API's shape.
// Paged by a keyset cursor (the last row's events and id), not an offset: a problem that arrives
// between two pages does not push a row of the previous page onto the next one.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { decodeCursor, encodeCursor, sql, type Sql } from "./sql-tag";
import { problemFactsOf, problemPageSql, type ProblemDbRow, type ProblemStreamFilters } from "./problem-stream";
import { lastLocalDays } from "../trends/periods";

export interface ProblemListFilters {
  articleId?: string;
  resource?: string;
  route?: "dev" | "ops" | "data";
  status?: "open" | "in_progress" | "resolved" | "ignored" | "regressed";
  lea?: string;
  /** The last N days: today and the N − 1 local days before it in `tz` (as the dashboard's "last N days"). */
  days: number;
  /** IANA time zone of the days; default UTC. */
  tz?: string;
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
  const timeZone = f.tz ?? "UTC";
  const { start, end } = lastLocalDays(f.days, timeZone, now.getTime());
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
    since: new Date(start),
    until: new Date(end),
    timeZone,
    ids: f.id ? [f.id] : undefined,
    now: now.getTime(),
  };
}

function toItem(r: ProblemDbRow): ProblemListItem {
  const f = problemFactsOf(r);
  return {
    id: f.id,
    articleId: f.articleId,
    articleTitle: f.articleTitle,
    kbUrl: f.kbUrl,
    resource: f.resource,
    signature: f.signature,
    // The triager's assignment over the suggestion, as the dashboard's list shows it.
    route: r.assigned_team ?? r.route,
    suggestedRoute: f.suggestedRoute,
    alt: f.alt,
    status: f.status,
    httpStatus: f.httpStatus,
    events: f.events,
    districts: f.districts,
    firstSeenAt: f.firstSeenAt,
    lastSeenAt: f.lastSeenAt,
  };
}

/** Busiest first, then the newest problem: (events, id) descending, the keyset the cursor holds. */
function problemPageOfApi(scope: Scope, f: ProblemStreamFilters, after: [number, string] | null, limit: number): Sql {
  return problemPageSql(scope, f, {
    order: sql`c.events DESC, p.id DESC`,
    orderUsesSeen: false,
    orderUsesDistricts: false,
    after: after ? sql`(c.events, p.id) < (${after[0]}::bigint, ${after[1]}::bigint)` : undefined,
    limit,
  });
}

export async function listProblemsPage(
  db: Database,
  scope: Scope,
  f: ProblemListFilters,
  now = new Date(),
): Promise<{ problems: ProblemListItem[]; total: number; nextCursor: string | null }> {
  const after = decodeCursor(f.cursor, ["count", "id"]) as [number, string] | null;
  const rows = await db.prisma.$queryRaw<(ProblemDbRow & { total: bigint })[]>(
    problemPageOfApi(scope, toStreamFilters(f, now), after, f.limit + 1),
  );
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    problems: page.map(toItem),
    total: Number(rows[0]?.total ?? 0),
    nextCursor: rows.length > f.limit && last ? encodeCursor([Number(last.events), last.id]) : null,
  };
}

/** One problem with its figures inside the scope over the last `days` (local days of `tz`), or null when it has no event there. */
export async function getProblemInScope(
  db: Database,
  scope: Scope,
  id: string,
  days = 30,
  tz = "UTC",
  now = new Date(),
): Promise<ProblemListItem | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  return (await listProblemsPage(db, scope, { id, days, tz, limit: 1 }, now)).problems[0] ?? null;
}
