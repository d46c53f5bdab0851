// The problems list of the dashboard (and its export and bulk actions): filtered, sorted and paged
// on the server, with facet counts for the whole result and a daily series per row. Every figure
// comes from the rollup inside the viewer's Scope; problem rows add only what is shared.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { ARTICLES, articleFields } from "../problems";
import { pageOf, rangeDays, SORT_KEYS, STATUS_VALUES, type ProblemSearch, type SortKey } from "../search-params/problems";
import { allOf, empty, inScope, join, raw, sql, type Sql } from "./sql-tag";

export type Team = "dev" | "data" | "ops";
export type TriageStatus = (typeof STATUS_VALUES)[number];

/** The search state reduced to what the query needs. */
export interface ProblemStreamFilters {
  q: string;
  articles: string[];
  types: string[];
  resources: string[];
  routes: Team[];
  statuses: TriageStatus[];
  /** User ids as text, "none" for unassigned. */
  assignees: string[];
  leas: string[];
  clients: string[];
  since: Date;
  until: Date;
  /** Only these problems (the read API's GET /problems/{id}). */
  ids?: string[];
}

export function streamFilters(search: ProblemSearch, now = new Date()): ProblemStreamFilters {
  const { since, until } = rangeDays(search, now);
  return {
    q: search.q.trim().slice(0, 200),
    articles: search.article.slice(0, 50),
    types: search.type.slice(0, 50),
    resources: search.resource.slice(0, 50),
    routes: [...new Set(search.route)],
    statuses: [...new Set(search.status)],
    assignees: search.assignee.slice(0, 50),
    leas: search.lea.slice(0, 200),
    clients: search.client.slice(0, 50),
    since,
    until,
  };
}

/** What every read model of a problem says about it, inside the viewer's scope. */
export interface ProblemFacts {
  id: string;
  articleId: string;
  articleTitle: string;
  kbUrl: string | null;
  httpStatus: number | null;
  canonicalType: string | null;
  resource: string | null;
  signature: string;
  /** Events inside the scope (the list: in its range; a problem page: all of them). */
  events: number;
  districts: number;
  firstSeenAt: string;
  lastSeenAt: string;
  suggestedRoute: Team;
  /** The fallback team of the suggestion. */
  alt: Team | null;
  /** "article default" or the rule that decided the suggestion. */
  routeReason: string;
  assignedTeam: Team | null;
  assignee: { id: number; name: string } | null;
  status: TriageStatus;
}

export interface ProblemStreamRow extends ProblemFacts {
  /** The team shown: the triager's assignment, else the suggestion. */
  route: Team;
  /** Events per day over the range, oldest first (zero-filled). */
  trend: number[];
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function escapeLike(text: string): string {
  let out = "";
  for (const ch of text) out += ch === "\\" || ch === "%" || ch === "_" ? `\\${ch}` : ch;
  return out;
}

/** Article ids whose title contains the text (the catalog is data, titles are not in the database). */
function articlesTitled(text: string): string[] {
  const needle = text.toLowerCase();
  return ARTICLES.filter((a) => a.title.toLowerCase().includes(needle) || a.id.includes(needle)).map((a) => a.id);
}

type ProblemDimension = "article" | "type" | "resource" | "route" | "status" | "assignee" | "q" | "id";

/** Conditions on problem rows (alias p), each named so a facet can leave its own out. */
function problemConditions(f: ProblemStreamFilters): Map<ProblemDimension, Sql> {
  const c = new Map<ProblemDimension, Sql>();
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    c.set("q", sql`(p.article_id = ANY(${articlesTitled(f.q)}::text[]) OR p.resource ILIKE ${like} OR p.signature ILIKE ${like} OR p.canonical_type ILIKE ${like} OR p.id::text = ${f.q})`);
  }
  if (f.ids) c.set("id", sql`p.id = ANY(${f.ids}::bigint[])`);
  if (f.articles.length) c.set("article", sql`p.article_id = ANY(${f.articles}::text[])`);
  if (f.types.length) c.set("type", sql`p.canonical_type = ANY(${f.types}::text[])`);
  if (f.resources.length) c.set("resource", sql`coalesce(p.resource, '') = ANY(${f.resources}::text[])`);
  if (f.routes.length) c.set("route", sql`coalesce(p.assigned_team, p.route)::text = ANY(${f.routes}::text[])`);
  if (f.statuses.length) c.set("status", sql`p.triage_status::text = ANY(${f.statuses}::text[])`);
  if (f.assignees.length) {
    const ids = f.assignees.filter((a) => /^\d{1,9}$/.test(a)).map(Number);
    const none = f.assignees.includes("none");
    c.set("assignee", sql`(p.assignee_id = ANY(${ids}::int[])${none ? sql` OR p.assignee_id IS NULL` : empty})`);
  }
  return c;
}

/** Conditions on rollup rows (alias d): scope, range, districts, clients. */
function rollupConditions(scope: Scope, f: ProblemStreamFilters, leave?: "lea" | "client", inRange = true): Sql {
  const c: Sql[] = [inScope(scope, "d.lea")];
  if (inRange) c.push(sql`d.day >= ${isoDay(f.since)}::date AND d.day < ${isoDay(f.until)}::date`);
  if (f.leas.length && leave !== "lea") c.push(sql`d.lea = ANY(${f.leas}::text[])`);
  if (f.clients.length && leave !== "client") c.push(sql`d.client = ANY(${f.clients}::text[])`);
  return allOf(c);
}

const SORT_SQL: Record<SortKey, string> = {
  events: "c.events",
  districts: "c.districts",
  lastSeen: "c.last_seen",
  firstSeen: "c.first_seen",
  status: `array_position(ARRAY[${STATUS_VALUES.map((s) => `'${s}'`).join(",")}]::text[], p.triage_status::text)`,
  article: "p.article_id",
  resource: "p.resource",
};

function orderBy(sort: string): Sql {
  const [key, dir] = sort.split(".") as [SortKey, "asc" | "desc"];
  const expr = SORT_SQL[(SORT_KEYS as readonly string[]).includes(key) ? key : "events"];
  return raw(`${expr} ${dir === "asc" ? "ASC" : "DESC"} NULLS LAST, p.id DESC`);
}

/**
 * Per problem inside the scope: events and districts in the range, first/last seen over all time.
 * Aggregated in two steps (per problem and district, then per problem): hash aggregation over a
 * sequential scan of the rollup, where count(DISTINCT lea) needed the rows sorted (2-4× slower).
 */
function countsCte(scope: Scope, f: ProblemStreamFilters): Sql {
  const inRange = sql`d.day >= ${isoDay(f.since)}::date AND d.day < ${isoDay(f.until)}::date`;
  return sql`c AS (
      SELECT x.problem_id, sum(x.events) AS events, count(*) FILTER (WHERE x.lea <> '' AND x.events > 0) AS districts,
             min(x.first_seen) AS first_seen, max(x.last_seen) AS last_seen
        FROM (SELECT d.problem_id, d.lea, coalesce(sum(d.count) FILTER (WHERE ${inRange}), 0) AS events,
                     min(d.first_seen_at) AS first_seen, max(d.last_seen_at) AS last_seen
                FROM problem_daily_count d
               WHERE ${rollupConditions(scope, f, undefined, false)}
               GROUP BY d.problem_id, d.lea) x
       GROUP BY x.problem_id
      HAVING sum(x.events) > 0)`;
}

interface StreamDbRow {
  id: string;
  article_id: string;
  http_status: number | null;
  canonical_type: string | null;
  resource: string | null;
  signature: string;
  events: bigint;
  districts: bigint;
  first_seen: Date;
  last_seen: Date;
  route: Team;
  alt: Team | null;
  assigned_team: Team | null;
  route_reason: string;
  triage_status: TriageStatus;
  assignee_id: number | null;
  assignee_name: string | null;
  total: bigint;
}

export interface ProblemStreamPage {
  rows: ProblemStreamRow[];
  total: number;
  page: number;
  size: number;
  /** The range's days, for the trend column. */
  days: string[];
}

export async function listProblemStream(db: Database, scope: Scope, search: ProblemSearch, now = new Date()): Promise<ProblemStreamPage> {
  const f = streamFilters(search, now);
  const { size, offset, page } = pageOf(search);
  const { rows, total } = await queryProblemRows(db, scope, f, search.sort, size, offset);
  const days = daysOf(f);
  const trends = await dailySeries(db, scope, f, rows.map((r) => r.id), days);
  return { rows: rows.map((r) => ({ ...r, trend: trends.get(r.id) ?? days.map(() => 0) })), total, page, size, days };
}

/** A page of the list's rows, sorted by an allowed sort key ("events.desc"…); also serves the read API. */
export async function queryProblemRows(db: Database, scope: Scope, f: ProblemStreamFilters, sort: string, limit: number, offset: number): Promise<{ rows: ProblemStreamRow[]; total: number }> {
  const rows = await db.prisma.$queryRaw<StreamDbRow[]>(problemRowsSql(scope, f, sort, limit, offset));
  return { rows: rows.map((r) => toRow(r, [])), total: Number(rows[0]?.total ?? 0) };
}

/** The list's SQL (exported for the benchmark's EXPLAIN). */
export function problemRowsSql(scope: Scope, f: ProblemStreamFilters, sort: string, limit: number, offset: number): Sql {
  return sql`
    WITH ${countsCte(scope, f)}
    SELECT p.id::text, p.article_id, p.http_status, p.canonical_type, p.resource, p.signature, c.events, c.districts, c.first_seen, c.last_seen,
           p.route::text AS route, p.alt::text AS alt, p.assigned_team::text AS assigned_team, p.route_reason, p.triage_status::text AS triage_status,
           p.assignee_id, u.name AS assignee_name, count(*) OVER () AS total
      FROM c JOIN problem p ON p.id = c.problem_id LEFT JOIN app_user u ON u.id = p.assignee_id
     WHERE ${allOf([...problemConditions(f).values()])}
     ORDER BY ${orderBy(sort)}
     LIMIT ${limit} OFFSET ${offset}`;
}

function toRow(r: StreamDbRow, trend: number[]): ProblemStreamRow {
  return {
      id: r.id,
      ...articleFields(r.article_id),
      httpStatus: r.http_status,
      canonicalType: r.canonical_type,
      resource: r.resource,
      signature: r.signature,
      events: Number(r.events),
      districts: Number(r.districts),
      firstSeenAt: r.first_seen.toISOString(),
      lastSeenAt: r.last_seen.toISOString(),
      route: r.assigned_team ?? r.route,
      suggestedRoute: r.route,
      alt: r.alt,
      routeReason: r.assigned_team ? "assigned by a triager" : r.route_reason,
      assignedTeam: r.assigned_team,
      assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: r.assignee_name ?? `user ${r.assignee_id}` },
      status: r.triage_status,
      trend,
  };
}

function daysOf(f: ProblemStreamFilters): string[] {
  const days: string[] = [];
  for (let t = f.since.getTime(); t < f.until.getTime(); t += DAY_MS) days.push(isoDay(new Date(t)));
  return days;
}

async function dailySeries(db: Database, scope: Scope, f: ProblemStreamFilters, ids: string[], days: string[]): Promise<Map<string, number[]>> {
  if (!ids.length) return new Map();
  const rows = await db.prisma.$queryRaw<{ problem_id: string; day: Date; n: bigint }[]>`
    SELECT d.problem_id::text, d.day, sum(d.count) AS n FROM problem_daily_count d
     WHERE d.problem_id = ANY(${ids}::bigint[]) AND ${rollupConditions(scope, f)}
     GROUP BY 1, 2`;
  const index = new Map(days.map((d, i) => [d, i]));
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const series = out.get(r.problem_id) ?? days.map(() => 0);
    const i = index.get(isoDay(r.day));
    if (i !== undefined) series[i] += Number(r.n);
    out.set(r.problem_id, series);
  }
  return out;
}

export type FacetName = "article" | "type" | "resource" | "route" | "status" | "assignee" | "lea" | "client";
export interface FacetOption {
  value: string;
  count: number;
  /** What to show: an article's title, a user's name. */
  label?: string;
}
export type Facets = Record<FacetName, FacetOption[]>;

const PROBLEM_FACETS: { name: Exclude<FacetName, "lea" | "client">; expr: string }[] = [
  { name: "article", expr: "p.article_id" },
  { name: "type", expr: "coalesce(p.canonical_type, '')" },
  { name: "resource", expr: "coalesce(p.resource, '')" },
  { name: "route", expr: "coalesce(p.assigned_team, p.route)::text" },
  { name: "status", expr: "p.triage_status::text" },
  { name: "assignee", expr: "coalesce(p.assignee_id::text, 'none')" },
];

/**
 * How many problems of the whole result each filter option would give, every facet computed with
 * all the other filters applied and its own left out (so its other options stay visible).
 */
export async function problemFacets(db: Database, scope: Scope, search: ProblemSearch, now = new Date()): Promise<Facets> {
  const f = streamFilters(search, now);
  const conditions = problemConditions(f);
  const except = (name: ProblemDimension) => allOf([...conditions.entries()].filter(([k]) => k !== name).map(([, v]) => v));
  const problemLevel = join(
    PROBLEM_FACETS.map(({ name, expr }) => sql`SELECT ${name} AS facet, ${raw(expr)} AS value, count(*) AS n FROM c JOIN problem p ON p.id = c.problem_id WHERE ${except(name)} GROUP BY 2`),
    " UNION ALL ",
  );
  const all = allOf([...conditions.values()]);
  const [problemRows, leaRows, clientRows, users] = await Promise.all([
    db.prisma.$queryRaw<{ facet: FacetName; value: string; n: bigint }[]>`WITH ${countsCte(scope, f)} ${problemLevel}`,
    db.prisma.$queryRaw<{ value: string; n: bigint }[]>`
      SELECT x.value, count(*) AS n FROM (SELECT d.lea AS value, d.problem_id FROM problem_daily_count d JOIN problem p ON p.id = d.problem_id
       WHERE ${rollupConditions(scope, f, "lea")} AND ${all} AND d.lea <> '' GROUP BY 1, 2) x GROUP BY 1`,
    db.prisma.$queryRaw<{ value: string; n: bigint }[]>`
      SELECT x.value, count(*) AS n FROM (SELECT d.client AS value, d.problem_id FROM problem_daily_count d JOIN problem p ON p.id = d.problem_id
       WHERE ${rollupConditions(scope, f, "client")} AND ${all} AND d.client <> '' GROUP BY 1, 2) x GROUP BY 1`,
    db.prisma.user.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(users.map((u) => [String(u.id), u.name]));
  const facets: Facets = { article: [], type: [], resource: [], route: [], status: [], assignee: [], lea: [], client: [] };
  for (const r of problemRows) {
    const option: FacetOption = { value: r.value, count: Number(r.n) };
    if (r.facet === "article") option.label = articleFields(r.value).articleTitle;
    if (r.facet === "assignee") option.label = r.value === "none" ? "Unassigned" : (names.get(r.value) ?? `user ${r.value}`);
    facets[r.facet].push(option);
  }
  facets.lea = leaRows.map((r) => ({ value: r.value, count: Number(r.n) }));
  facets.client = clientRows.map((r) => ({ value: r.value, count: Number(r.n) }));
  for (const options of Object.values(facets)) options.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

export interface ProblemGroupRow {
  key: string;
  label: string;
  problems: number;
  events: number;
  districts: number;
  lastSeenAt: string;
}

/** The result grouped by article or resource: problems, events and districts per group. */
export async function groupProblemStream(db: Database, scope: Scope, search: ProblemSearch, by: "article" | "resource", now = new Date()): Promise<ProblemGroupRow[]> {
  const f = streamFilters(search, now);
  const key = raw(by === "article" ? "p.article_id" : "coalesce(p.resource, '')");
  const rows = await db.prisma.$queryRaw<{ key: string; problems: bigint; events: bigint; districts: bigint; last_seen: Date }[]>`
    WITH x AS (
      SELECT ${key} AS key, d.problem_id, d.lea, sum(d.count) AS events, max(d.last_seen_at) AS last_seen
        FROM problem_daily_count d JOIN problem p ON p.id = d.problem_id
       WHERE ${rollupConditions(scope, f)} AND ${allOf([...problemConditions(f).values()])}
       GROUP BY 1, 2, 3)
    SELECT g.key, g.events, g.last_seen,
           (SELECT count(DISTINCT y.problem_id) FROM x y WHERE y.key = g.key) AS problems,
           (SELECT count(DISTINCT y.lea) FROM x y WHERE y.key = g.key AND y.lea <> '') AS districts
      FROM (SELECT key, sum(events) AS events, max(last_seen) AS last_seen FROM x GROUP BY key) g
     ORDER BY g.events DESC, g.key LIMIT 500`;
  return rows.map((r) => ({
    key: r.key,
    label: by === "article" ? articleFields(r.key).articleTitle : r.key || "(no resource)",
    problems: Number(r.problems),
    events: Number(r.events),
    districts: Number(r.districts),
    lastSeenAt: r.last_seen.toISOString(),
  }));
}

/** Ids of every problem of the result (bulk actions on "all results"), at most `limit`. */
export async function problemIdsMatching(db: Database, scope: Scope, search: ProblemSearch, limit: number, now = new Date()): Promise<string[]> {
  const f = streamFilters(search, now);
  const rows = await db.prisma.$queryRaw<{ id: string }[]>`
    WITH ${countsCte(scope, f)}
    SELECT p.id::text FROM c JOIN problem p ON p.id = c.problem_id
     WHERE ${allOf([...problemConditions(f).values()])} ORDER BY p.id LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Rows of the whole result in the list's order, `batch` at a time, for the CSV export (constant memory). */
export async function* streamProblemRows(db: Database, scope: Scope, search: ProblemSearch, batch = 1_000, now = new Date()): AsyncGenerator<ProblemStreamRow[]> {
  const f = streamFilters(search, now);
  for (let offset = 0; ; offset += batch) {
    const { rows } = await queryProblemRows(db, scope, f, search.sort, batch, offset);
    yield rows;
    if (rows.length < batch) return;
  }
}
