// The problem list's filters as SQL: the URL state reduced to what the queries need, the
// conditions on problem rows (each named, so a facet can leave its own out) and on the rollup
// (scope, range, districts, clients), the per-problem counts every list query starts from, and
// first and last seen for the problems a page shows.
import type { Scope } from "../auth/scope";
import { ARTICLES } from "../problems";
import { listRange, type ProblemSearch } from "../search-params/problems";
import type { ProblemStatus, Team } from "../vocabulary";
import { allOf, column, empty, inScope, sql, type Sql } from "./sql-tag";
import { seenBefore } from "./seen-before";
import { countsByDay, dayTotals } from "./every-district-counts";
import { eventsInRange, rangeDaysCondition, rangeWindow, type RangeWindow } from "./time-range";

export type { Team };
export type TriageStatus = ProblemStatus;

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
  httpStatuses: number[];
  /** The range, instants [since, until) (local days of `timeZone`: listRange). */
  since: Date;
  until: Date;
  timeZone: string;
  /** Only these problems (the read API's GET /problems/{id}). */
  ids?: string[];
  /** Only problems whose first event inside the scope is in the range. */
  firstSeenInRange?: boolean;
  /** Only rising problems (lib/trends/rising.ts): seen before the range, more events than in `previous`. */
  rising?: boolean;
  /** The comparable period before the range (listRange); counted as `c.previous` when `compare`. */
  previous?: { since: Date; until: Date };
  /** Count the events of `previous` too (the Rising preset, the rise order). */
  compare?: boolean;
  /** The instant the range was drawn at (default: now): it picks the rollups a count reads, never the count. */
  now?: number;
}

/** When and where a range is read: the viewer's time zone (default UTC) and the moment (default now). */
export interface RangeClock {
  timeZone?: string;
  now?: Date;
}

export function streamFilters(search: ProblemSearch, clock: RangeClock = {}): ProblemStreamFilters {
  const { since, until, timeZone, previous } = listRange(search, clock.timeZone, clock.now);
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
    httpStatuses: search.http.filter((s) => s >= 100 && s <= 599).slice(0, 20),
    firstSeenInRange: search.seen === "new",
    rising: search.seen === "rising",
    previous,
    compare: search.seen === "rising" || search.sort.startsWith("rise."),
    since,
    until,
    timeZone,
    now: (clock.now ?? new Date()).getTime(),
  };
}

export function escapeLike(text: string): string {
  let out = "";
  for (const ch of text) out += ch === "\\" || ch === "%" || ch === "_" ? `\\${ch}` : ch;
  return out;
}

/** Article ids whose title contains the text (the catalog is data, titles are not in the database). */
function articlesTitled(text: string): string[] {
  const needle = text.toLowerCase();
  return ARTICLES.filter((a) => a.title.toLowerCase().includes(needle) || a.id.includes(needle)).map((a) => a.id);
}

export type ProblemDimension =
  "article" | "type" | "resource" | "route" | "status" | "assignee" | "q" | "id" | "http" | "seen";

/**
 * Conditions on problem rows (alias p), each named so a facet can leave its own out. `counted`:
 * the caller joins the counts CTE c with the period before (countsCte with compare, as the list
 * does), whose columns say "more than before" without counting again.
 */
export function problemConditions(f: ProblemStreamFilters, scope: Scope, counted = false): Map<ProblemDimension, Sql> {
  const c = new Map<ProblemDimension, Sql>();
  // "New" and "rising" (lib/trends/rising.ts), as the trends page says them: seenBefore's probes,
  // and for rising, more events in the range than in the period before.
  if (f.firstSeenInRange) c.set("seen", sql`NOT ${seenBefore(scope, f.since.getTime(), "p")}`);
  else if (f.rising && f.previous) {
    const more =
      counted && f.compare ? sql`c.events > c.previous` : sql`p.id IN (${moreThanBefore(scope, f, f.previous)})`;
    c.set("seen", sql`(${seenBefore(scope, f.since.getTime(), "p")} AND ${more})`);
  }
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    c.set(
      "q",
      sql`(p.article_id = ANY(${articlesTitled(f.q)}::text[]) OR p.resource ILIKE ${like} OR p.signature ILIKE ${like}
           OR p.canonical_type ILIKE ${like} OR p.id::text = ${f.q})`,
    );
  }
  if (f.ids) c.set("id", sql`p.id = ANY(${f.ids}::bigint[])`);
  if (f.articles.length) c.set("article", sql`p.article_id = ANY(${f.articles}::text[])`);
  if (f.types.length) c.set("type", sql`p.canonical_type = ANY(${f.types}::text[])`);
  if (f.resources.length) c.set("resource", sql`coalesce(p.resource, '') = ANY(${f.resources}::text[])`);
  if (f.routes.length) c.set("route", sql`coalesce(p.assigned_team, p.route)::text = ANY(${f.routes}::text[])`);
  if (f.httpStatuses.length) c.set("http", sql`p.http_status = ANY(${f.httpStatuses}::int[])`);
  if (f.statuses.length) c.set("status", sql`p.triage_status::text = ANY(${f.statuses}::text[])`);
  if (f.assignees.length) {
    const ids = f.assignees.filter((a) => /^\d{1,9}$/.test(a)).map(Number);
    const none = f.assignees.includes("none");
    c.set("assignee", sql`(p.assignee_id = ANY(${ids}::int[])${none ? sql` OR p.assignee_id IS NULL` : empty})`);
  }
  return c;
}

/**
 * The problems with more events in the range than in the period before it, inside the scope and
 * the district and client filters: of every district from the problem and month rollups
 * (dayTotals), else from the daily rollup's rows of both periods.
 */
function moreThanBefore(scope: Scope, f: ProblemStreamFilters, previous: { since: Date; until: Date }): Sql {
  if (countsByDay(scope, f))
    return sql`SELECT t.problem_id FROM (${dayTotals(scope, { ...f, previous, compare: true })}) t WHERE t.events > t.previous`;
  return sql`SELECT d.problem_id FROM problem_daily_live d
               WHERE ${rollupConditions(scope, f, undefined, rangeWindow(previous.since, f.until))} GROUP BY d.problem_id
              HAVING coalesce(sum(${eventsInFilters(f)}), 0) > coalesce(sum(${eventsInRange(rangeWindow(previous.since, previous.until), "d")}), 0)`;
}

/**
 * Conditions on rollup rows: scope, days, districts, clients. `days`: the UTC days of a window
 * (default the range's), or null for every day.
 */
export function rollupConditions(
  scope: Scope,
  f: ProblemStreamFilters,
  leave?: "lea" | "client",
  days: RangeWindow | null = rangeWindow(f.since, f.until),
  alias = "d",
): Sql {
  const c: Sql[] = [inScope(scope, `${alias}.lea`)];
  if (days) c.push(rangeDaysCondition(days, alias));
  return allOf([...c, ...districtFilterConditions(f, leave, alias)]);
}

/** The list's district and client filters: what a read over all time (first and last seen) keeps of them. */
export type DistrictFilters = Pick<ProblemStreamFilters, "leas" | "clients">;
/** No district or client filter (the problem page). */
export const NO_DISTRICT_FILTERS: DistrictFilters = { leas: [], clients: [] };

/** Conditions on rollup rows (alias) for the district and client filters, but `leave`'s. */
function districtFilterConditions(f: DistrictFilters, leave: "lea" | "client" | undefined, alias: string): Sql[] {
  const c: Sql[] = [];
  if (f.leas.length && leave !== "lea") c.push(sql`${column(`${alias}.lea`)} = ANY(${f.leas}::text[])`);
  if (f.clients.length && leave !== "client") c.push(sql`${column(`${alias}.client`)} = ANY(${f.clients}::text[])`);
  return c;
}

/** The days the counts read: the range's, from the start of the period before it when the filters compare. */
function countedWindow(f: ProblemStreamFilters): RangeWindow {
  return rangeWindow(f.compare && f.previous ? f.previous.since : f.since, f.until);
}

/** A problem_daily_live row's events inside the filters' range (0 outside it). */
export function eventsInFilters(f: ProblemStreamFilters, alias = "d"): Sql {
  return eventsInRange(rangeWindow(f.since, f.until), alias);
}

/**
 * Per problem inside the scope: events and districts in the range and (when the filters compare)
 * the events of the period before it, from the rollup rows of those days only. First and last
 * seen are over all time: seenCte, for the rows a page shows.
 * Aggregated in two steps (per problem and district, then per problem): hash aggregation over a
 * sequential scan of the rollup, where count(DISTINCT lea) needed the rows sorted (2-4× slower).
 * `districts: "late"`: where the counts can come from problem_day (countsByDay), they do, and
 * c.districts is NULL (the caller counts a page's: pageDistrictsCte); elsewhere they are counted.
 */
export function countsCte(scope: Scope, f: ProblemStreamFilters, districts: "counted" | "late" = "counted"): Sql {
  if (districts === "late" && countsByDay(scope, f))
    return sql`c AS (SELECT t.problem_id, t.events, NULL::bigint AS districts, t.previous FROM (${dayTotals(scope, f)}) t WHERE t.events > 0)`;
  const previous =
    f.compare && f.previous ? eventsInRange(rangeWindow(f.previous.since, f.previous.until), "d") : sql`0`;
  return sql`c AS (
      SELECT x.problem_id, sum(x.events) AS events, count(*) FILTER (WHERE x.lea <> '' AND x.events > 0) AS districts,
             sum(x.previous) AS previous
        FROM (SELECT d.problem_id, d.lea, coalesce(sum(${eventsInFilters(f)}), 0) AS events,
                     coalesce(sum(${previous}), 0) AS previous
                FROM problem_daily_live d
               WHERE ${rollupConditions(scope, f, undefined, countedWindow(f))}
               GROUP BY d.problem_id, d.lea) x
       GROUP BY x.problem_id
      HAVING sum(x.events) > 0)`;
}

/**
 * The problems of the result's counts without their districts (facets, bulk selection): one
 * aggregation per problem instead of two (per district, then per problem). Columns: problem_id.
 */
export function problemsInRangeCte(scope: Scope, f: ProblemStreamFilters): Sql {
  if (countsByDay(scope, f))
    return sql`c AS (SELECT problem_id FROM (${dayTotals(scope, { ...f, compare: false })}) t WHERE t.events > 0)`;
  return sql`c AS (
      SELECT d.problem_id FROM problem_daily_live d
       WHERE ${rollupConditions(scope, f, undefined, rangeWindow(f.since, f.until))}
       GROUP BY d.problem_id
      HAVING sum(${eventsInFilters(f)}) > 0)`;
}

/**
 * First and last seen, over all time, of each problem in the CTE `from` (its problem_id) inside the
 * scope and the district and client filters. From the folded rows of its first and last day (two
 * index probes each: cost per problem, not per row, so a busy problem costs what a rare one does)
 * and from its pending rows. The list computes them for the rows of its page only, unless it is
 * ordered by them.
 */
export function seenCte(scope: Scope, f: DistrictFilters, from: "filtered" | "page"): Sql {
  const kept = (alias: string) =>
    allOf([inScope(scope, `${alias}.lea`), ...districtFilterConditions(f, undefined, alias)]);
  const source = column(from);
  return sql`seen AS (
    SELECT r.problem_id, LEAST(fd.first_seen, sp.first_seen) AS first_seen, GREATEST(ld.last_seen, sp.last_seen) AS last_seen
      FROM ${source} r
      LEFT JOIN LATERAL (
        SELECT min(s.first_seen_at) AS first_seen FROM problem_daily_count s
         WHERE s.problem_id = r.problem_id AND ${kept("s")}
           AND s.day = (SELECT min(t.day) FROM problem_daily_count t WHERE t.problem_id = r.problem_id AND ${kept("t")})) fd ON TRUE
      LEFT JOIN LATERAL (
        SELECT max(s.last_seen_at) AS last_seen FROM problem_daily_count s
         WHERE s.problem_id = r.problem_id AND ${kept("s")}
           AND s.day = (SELECT max(t.day) FROM problem_daily_count t WHERE t.problem_id = r.problem_id AND ${kept("t")})) ld ON TRUE
      LEFT JOIN (SELECT s.problem_id, min(s.first_seen_at) AS first_seen, max(s.last_seen_at) AS last_seen
                   FROM share_pending s WHERE ${kept("s")} AND s.problem_id IN (SELECT problem_id FROM ${source})
                  GROUP BY s.problem_id) sp ON sp.problem_id = r.problem_id)`;
}
