// The problems list of the dashboard (and its export, bulk actions and the read API): filtered,
// sorted and paged on the server, with a daily series per row. Every figure comes from the rollup
// inside the viewer's Scope; problem rows add only what is shared. Filters as SQL:
// problem-filters.ts; facet counts and groups: problem-facets.ts (re-exported here).
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems";
import { pageOf, SORT_KEYS, type ProblemSearch, type SortKey } from "../search-params/problems";
import { PROBLEM_STATUSES } from "../vocabulary";
import { countsByDay, problemDaySeriesRows } from "./every-district-counts";
import {
  countsCte,
  problemConditions,
  problemsInRangeCte,
  rollupConditions,
  seenCte,
  streamFilters,
  type ProblemStreamFilters,
  type RangeClock,
  type Team,
  type TriageStatus,
} from "./problem-filters";
import { pageDistrictsCte } from "./problem-pairs";
import { allOf, empty, raw, sql, type Sql } from "./sql-tag";
import { eventsBetween, localDayPieces } from "./time-range";

export { streamFilters, type ProblemStreamFilters, type RangeClock } from "./problem-filters";
export {
  groupProblemStream,
  problemFacets,
  type FacetName,
  type FacetOption,
  type Facets,
  type ProblemGroupRow,
} from "./problem-facets";

export type { Team, TriageStatus } from "./problem-filters";

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
  /** Events per local day over the range, oldest first (zero-filled). */
  trend: number[];
  /** The most telling message line of its events in scope (lib/queries/top-messages.ts), where the page adds it. */
  topMessage?: string | null;
}

const SORT_SQL: Record<SortKey, string> = {
  events: "c.events",
  districts: "c.districts",
  lastSeen: "c.last_seen",
  firstSeen: "c.first_seen",
  status: `array_position(ARRAY[${PROBLEM_STATUSES.map((s) => `'${s}'`).join(",")}]::text[], p.triage_status::text)`,
  article: "p.article_id",
  resource: "p.resource",
  // byRise (lib/trends/rising.ts): the rise, then events.
  rise: "c.events - c.previous",
};

function orderBy(sort: string): Sql {
  const [key, dir] = sort.split(".") as [SortKey, "asc" | "desc"];
  const expr = SORT_SQL[(SORT_KEYS as readonly string[]).includes(key) ? key : "events"];
  const d = dir === "asc" ? "ASC" : "DESC";
  return raw(`${expr} ${d} NULLS LAST, ${key === "rise" ? `c.events ${d}, ` : ""}p.id DESC`);
}

/** The columns every problem read model selects (PROBLEM_COLUMNS), with per-scope counts as c.*. */
export interface ProblemDbRow {
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
}

/** Select list for ProblemDbRow: problem p, counts c (events, districts, first_seen, last_seen), assignee u. */
export const PROBLEM_COLUMNS =
  raw(`p.id::text, p.article_id, p.http_status, p.canonical_type, p.resource, p.signature, c.events, c.districts, c.first_seen, c.last_seen,
           p.route::text AS route, p.alt::text AS alt, p.assigned_team::text AS assigned_team, p.route_reason, p.triage_status::text AS triage_status,
           p.assignee_id, u.name AS assignee_name`);

export function problemFactsOf(r: ProblemDbRow): ProblemFacts {
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
    suggestedRoute: r.route,
    alt: r.alt,
    routeReason: r.route_reason,
    assignedTeam: r.assigned_team,
    assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: r.assignee_name ?? `user ${r.assignee_id}` },
    status: r.triage_status,
  };
}

type StreamDbRow = ProblemDbRow & { total: bigint; total_events: bigint };

export interface ProblemStreamPage {
  rows: ProblemStreamRow[];
  total: number;
  /** Events of every problem of the result (all pages) in the range. */
  totalEvents: number;
  page: number;
  size: number;
  /** The range's local days, for the trend column. */
  days: string[];
}

export async function listProblemStream(
  db: Database,
  scope: Scope,
  search: ProblemSearch,
  clock: RangeClock = {},
): Promise<ProblemStreamPage> {
  const f = streamFilters(search, clock);
  const { size, offset, page } = pageOf(search);
  const first = await queryProblemRows(db, scope, f, search.sort, size, offset);
  const { rows } = first;
  // Past the last page the window count has no row to ride on: count again from the first.
  const { total, totalEvents } =
    rows.length || offset === 0 ? first : await queryProblemRows(db, scope, f, search.sort, 1, 0);
  const { days, series } = await dailySeries(
    db,
    scope,
    f,
    rows.map((r) => r.id),
  );
  return {
    rows: rows.map((r) => ({ ...r, trend: series.get(r.id) ?? days.map(() => 0) })),
    total,
    totalEvents,
    page,
    size,
    days,
  };
}

/** A page of the list's rows, sorted by an allowed sort key ("events.desc"…); also serves the read API. */
export async function queryProblemRows(
  db: Database,
  scope: Scope,
  f: ProblemStreamFilters,
  sort: string,
  limit: number,
  offset: number,
): Promise<{ rows: ProblemStreamRow[]; total: number; totalEvents: number }> {
  const rows = await db.prisma.$queryRaw<StreamDbRow[]>(problemRowsSql(scope, f, sort, limit, offset));
  return {
    rows: rows.map((r) => toRow(r, [])),
    total: Number(rows[0]?.total ?? 0),
    totalEvents: Number(rows[0]?.total_events ?? 0),
  };
}

/** The list's SQL (exported for the benchmark's EXPLAIN). */
export function problemRowsSql(
  scope: Scope,
  f: ProblemStreamFilters,
  sort: string,
  limit: number,
  offset: number,
): Sql {
  const key = sort.split(".")[0];
  return problemPageSql(scope, f, {
    order: orderBy(sort),
    orderUsesSeen: key === "firstSeen" || key === "lastSeen",
    orderUsesDistricts: key === "districts",
    limit,
    offset,
  });
}

/** How a page of problems is cut from the result: its order, a keyset, its size. */
export interface ProblemPageCut {
  /** ORDER BY on c (counts: events, districts, previous; first_seen and last_seen when orderUsesSeen) and p (problem). */
  order: Sql;
  orderUsesSeen: boolean;
  /** The order reads c.districts: every row's districts are counted (else only the page's, where it can). */
  orderUsesDistricts: boolean;
  /** A keyset condition on c and p (the read API's cursor). */
  after?: Sql;
  limit: number;
  offset?: number;
}

/**
 * A page of the result, every row with PROBLEM_COLUMNS plus `total` (problems in the result) and
 * `total_events` (their events in the range). First and last seen are computed for the page's
 * rows only, unless the order needs them for every row; so are the districts, where the counts
 * come from problem_day (countsByDay).
 */
export function problemPageSql(scope: Scope, f: ProblemStreamFilters, cut: ProblemPageCut): Sql {
  const early = cut.orderUsesSeen;
  const late = !cut.orderUsesDistricts && countsByDay(scope, f);
  return sql`
    WITH ${countsCte(scope, f, late ? "late" : "counted")},
    filtered AS (
      SELECT c.* FROM c JOIN problem p ON p.id = c.problem_id
       WHERE ${allOf([...problemConditions(f, scope, true).values()])})${early ? sql`, ${seenCte(scope, f, "filtered")}` : empty},
    ranked AS (
      SELECT c.*, ${early ? sql`s.first_seen, s.last_seen, ` : empty}count(*) OVER () AS total, sum(c.events) OVER () AS total_events
        FROM filtered c ${early ? sql`JOIN seen s ON s.problem_id = c.problem_id` : empty}),
    page AS (
      SELECT c.* FROM ranked c JOIN problem p ON p.id = c.problem_id
       WHERE ${cut.after ?? sql`TRUE`}
       ORDER BY ${cut.order} LIMIT ${cut.limit} OFFSET ${cut.offset ?? 0})${early ? empty : sql`, ${seenCte(scope, f, "page")}`}${
         late ? sql`, ${pageDistrictsCte(scope, f)}` : empty
       }
    SELECT ${PROBLEM_COLUMNS}, c.total, c.total_events
      FROM (SELECT page.problem_id, page.events, page.previous, page.total, page.total_events,
                   ${late ? sql`coalesce(dc.districts, 0)` : sql`page.districts`} AS districts,
                   ${early ? sql`page.first_seen, page.last_seen` : sql`s.first_seen, s.last_seen`}
              FROM page${early ? empty : sql` JOIN seen s ON s.problem_id = page.problem_id`}${
                late ? sql` LEFT JOIN districts dc ON dc.problem_id = page.problem_id` : empty
              }) c
      JOIN problem p ON p.id = c.problem_id LEFT JOIN app_user u ON u.id = p.assignee_id
     ORDER BY ${cut.order}`;
}

function toRow(r: StreamDbRow, trend: number[]): ProblemStreamRow {
  const facts = problemFactsOf(r);
  // The list shows the triager's assignment over the suggestion, and says which it is.
  return {
    ...facts,
    route: r.assigned_team ?? r.route,
    routeReason: r.assigned_team ? "assigned by a triager" : r.route_reason,
    trend,
  };
}

/** Events per problem and local day: each local day is pieces of UTC days (quarter-hour spans), summed from the rollup's running totals. */
async function dailySeries(
  db: Database,
  scope: Scope,
  f: ProblemStreamFilters,
  ids: string[],
): Promise<{ days: string[]; series: Map<string, number[]> }> {
  const { days, piecesCte } = localDayPieces(f.since, f.until, f.timeZone);
  if (!ids.length || !days.length) return { days, series: new Map() };
  // A problem's rows of every district (problem_day), else its rows of each district and client.
  const source = countsByDay(scope, f)
    ? problemDaySeriesRows(scope, f, ids)
    : sql`(SELECT * FROM problem_daily_live d WHERE d.problem_id = ANY(${ids}::bigint[]) AND ${rollupConditions(scope, f)})`;
  const rows = await db.prisma.$queryRaw<{ problem_id: string; bucket: number; n: bigint }[]>`
    WITH ${piecesCte}
    SELECT d.problem_id::text, p.bucket, sum(${eventsBetween("d", sql`p.q0`, sql`p.q1`)}) AS n
      FROM ${source} d JOIN pieces p ON p.day = d.day
     GROUP BY 1, 2`;
  const series = new Map<string, number[]>();
  for (const r of rows) {
    const row = series.get(r.problem_id) ?? days.map(() => 0);
    row[r.bucket] += Number(r.n);
    series.set(r.problem_id, row);
  }
  return { days, series };
}

/** Ids of every problem of the result (bulk actions on "all results"), at most `limit`. */
export async function problemIdsMatching(
  db: Database,
  scope: Scope,
  search: ProblemSearch,
  limit: number,
  clock: RangeClock = {},
): Promise<string[]> {
  const f = streamFilters(search, clock);
  const rows = await db.prisma.$queryRaw<{ id: string }[]>`
    WITH ${problemsInRangeCte(scope, f)}
    SELECT p.id::text FROM c JOIN problem p ON p.id = c.problem_id
     WHERE ${allOf([...problemConditions(f, scope).values()])} ORDER BY p.id LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Rows of the whole result in the list's order, `batch` at a time, for the CSV export (constant memory). */
export async function* streamProblemRows(
  db: Database,
  scope: Scope,
  search: ProblemSearch,
  batch = 1_000,
  clock: RangeClock = {},
): AsyncGenerator<ProblemStreamRow[]> {
  const f = streamFilters(search, clock);
  for (let offset = 0; ; offset += batch) {
    const { rows } = await queryProblemRows(db, scope, f, search.sort, batch, offset);
    yield rows;
    if (rows.length < batch) return;
  }
}
