// Facet counts and groups of the problem list: how many problems each filter option would give
// across the whole result, and the result grouped by article or resource. Inside the Scope.
import { educationOrgNames } from "../districts/store";
import { districtLabel } from "../districts/edorg-file";
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems";
import type { ProblemSearch } from "../search-params/problems";
import { assertEveryDistrict, countsByDay, dayTotalsWithLastDay } from "./every-district-counts";
import {
  problemsInRangeCte,
  eventsInFilters,
  problemConditions,
  rollupConditions,
  streamFilters,
  type ProblemDimension,
  type ProblemStreamFilters,
  type RangeClock,
} from "./problem-filters";
import { groupDistrictsOfKept, problemsPerValueOfKept, problemsPerValueOfPairs } from "./problem-pairs";
import { groupDistrictsOfSets, problemsPerValueFromSets } from "./problem-sets";
import { allOf, column, inScope, join, raw, sql, type Sql } from "./sql-tag";
import { eventsInRange, rangeWindow } from "./time-range";

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
 * The problem-level facets' counts over the CTE c (the result's problems): the problems joined
 * once, each facet's condition computed once per problem, and every facet counted from those rows
 * with all the other facets' conditions (the conditions of no facet, such as the text, apply to
 * all). One join instead of one per facet (six of ~13 ms each at 10,000 problems).
 */
function problemFacetCounts(conditions: Map<ProblemDimension, Sql>): Sql {
  const isFacet = (name: ProblemDimension) => PROBLEM_FACETS.some((facet) => facet.name === name);
  const common = allOf([...conditions.entries()].filter(([k]) => !isFacet(k)).map(([, v]) => v));
  const own = PROBLEM_FACETS.filter(({ name }) => conditions.has(name));
  const columns = join(
    [
      ...PROBLEM_FACETS.map(({ name, expr }) => sql`${raw(expr)} AS ${column(`v_${name}`)}`),
      ...own.map(({ name }) => sql`${conditions.get(name)!} AS ${column(`k_${name}`)}`),
    ],
    ", ",
  );
  const keep = (name: string) => allOf(own.filter((o) => o.name !== name).map((o) => column(`cp.k_${o.name}`)));
  const options = join(
    PROBLEM_FACETS.map(({ name }) => sql`(${name}, ${column(`cp.v_${name}`)}, ${keep(name)})`),
    ", ",
  );
  return sql`, cp AS (SELECT ${columns} FROM c JOIN problem p ON p.id = c.problem_id WHERE ${common})
    SELECT o.facet, o.value, count(*) AS n FROM cp CROSS JOIN LATERAL (VALUES ${options}) o(facet, value, keep)
     WHERE o.keep GROUP BY 1, 2`;
}

/**
 * The conditions with "new" or "rising" (which probe rollups per problem, rising every problem's
 * totals of two periods) replaced by the ids of the problems they keep, read once: the facets'
 * three statements and the groups' three uses each applied them again, and the planner, unable to
 * estimate them (63 problems for 4,460), sorted the groups' 382,000 pairs instead of hashing
 * them. Of every district the probes are of problem_month's and problem_day's keys, one a problem
 * of the table; inside districts a probe walks a problem's rows until one is in the districts, so
 * only the problems with events in the range inside the scope are asked (what any facet or group
 * can count; the district and client filters left out, as a facet of their dimension leaves them).
 * The other conditions stay as they are. `fewKept`: at most FEW_KEPT_PROBLEMS were kept.
 */
async function withSeenChosen(
  db: Database,
  scope: Scope,
  f: ProblemStreamFilters,
  conditions: Map<ProblemDimension, Sql>,
): Promise<{ conditions: Map<ProblemDimension, Sql>; fewKept: boolean }> {
  const seen = conditions.get("seen");
  if (!seen) return { conditions, fewKept: false };
  const kept = await db.prisma.$queryRaw<{ id: string }[]>(
    scope.kind === "all"
      ? sql`SELECT p.id::text AS id FROM problem p WHERE ${seen}`
      : sql`WITH ${problemsInRangeCte(scope, { ...f, leas: [], clients: [] })}
            SELECT p.id::text AS id FROM c JOIN problem p ON p.id = c.problem_id WHERE ${seen}`,
  );
  // IN, not = ANY: a set the planner hashes (or probes by key when small), where = ANY checked
  // every row against the whole array (20,000 new problems: groups 1.6 -> 16.5 s on PGlite).
  const ids = sql`p.id IN (SELECT unnest(${kept.map((k) => k.id)}::bigint[]))`;
  return { conditions: new Map(conditions).set("seen", ids), fewKept: kept.length <= FEW_KEPT_PROBLEMS };
}

/**
 * At most this many problems kept by "new" or "rising" have their district and client facets and
 * their groups' districts counted from their own pairs (problemsPerValueOfKept,
 * groupDistrictsOfKept), not from the problem sets: for the facets at 10M events
 * over 30 days, no problem kept 144 ms from the sets and ~5 from the pairs, 4,637 kept 312 and 501.
 */
const FEW_KEPT_PROBLEMS = 1_000;

/**
 * How many problems of the whole result each filter option would give, every facet computed with
 * all the other filters applied and its own left out (so its other options stay visible).
 */
export async function problemFacets(
  db: Database,
  scope: Scope,
  search: ProblemSearch,
  clock: RangeClock = {},
): Promise<Facets> {
  const f = streamFilters(search, clock);
  const { conditions, fewKept } = await withSeenChosen(db, scope, f, problemConditions(f, scope));
  const all = allOf([...conditions.values()]);
  const problemLevel = problemFacetCounts(conditions);
  // Problems per district (client): of every district with no filter on the other dimension from
  // the problem sets (or, of a few problems New or Rising kept, from their own pairs), else from
  // the pairs with events in the range, inside the other filters.
  const pairFacet = (facet: "lea" | "client") => {
    const [w, problems] = [rangeWindow(f.since, f.until), conditions.size ? all : null];
    if (scope.kind === "all" && !(facet === "lea" ? f.clients : f.leas).length)
      return fewKept ? problemsPerValueOfKept(w, facet, all) : problemsPerValueFromSets(w, facet, problems);
    const where = sql`${rollupConditions(scope, f, facet, null)} AND ${column(`d.${facet}`)} <> ''`;
    return problemsPerValueOfPairs(where, w, facet, problems);
  };
  const [problemRows, leaRows, clientRows, users] = await Promise.all([
    db.prisma.$queryRaw<
      { facet: FacetName; value: string; n: bigint }[]
    >`WITH ${problemsInRangeCte(scope, f)} ${problemLevel}`,
    db.prisma.$queryRaw<{ value: string; n: bigint }[]>(pairFacet("lea")),
    db.prisma.$queryRaw<{ value: string; n: bigint }[]>(pairFacet("client")),
    db.prisma.user.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(users.map((u) => [String(u.id), u.name]));
  const facets: Facets = {
    article: [],
    type: [],
    resource: [],
    route: [],
    status: [],
    assignee: [],
    lea: [],
    client: [],
  };
  for (const r of problemRows) {
    const option: FacetOption = { value: r.value, count: Number(r.n) };
    if (r.facet === "article") option.label = articleFields(r.value).articleTitle;
    if (r.facet === "assignee")
      option.label = r.value === "none" ? "Unassigned" : (names.get(r.value) ?? `user ${r.value}`);
    facets[r.facet].push(option);
  }
  const districts = await educationOrgNames(db);
  facets.lea = leaRows.map((r) => ({
    value: r.value,
    count: Number(r.n),
    ...(districts.has(r.value) ? { label: districtLabel(r.value, districts) } : {}),
  }));
  facets.client = clientRows.map((r) => ({ value: r.value, count: Number(r.n) }));
  const selected: Record<FacetName, readonly string[]> = {
    article: f.articles,
    type: f.types,
    resource: f.resources,
    route: f.routes,
    status: f.statuses,
    assignee: f.assignees,
    lea: f.leas,
    client: f.clients,
  };
  for (const name of Object.keys(facets) as FacetName[]) facets[name] = busiestOptions(facets[name], selected[name]);
  return facets;
}

/** Options a facet offers at most (the busiest, and every selected one): a filter menu, not a report. */
export const FACET_OPTION_LIMIT = 100;

function busiestOptions(options: FacetOption[], selected: readonly string[]): FacetOption[] {
  options.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  if (options.length <= FACET_OPTION_LIMIT) return options;
  const chosen = new Set(selected);
  return options.filter((o, i) => i < FACET_OPTION_LIMIT || chosen.has(o.value));
}

export interface ProblemGroupRow {
  key: string;
  label: string;
  problems: number;
  events: number;
  districts: number;
  lastSeenAt: string;
}

/**
 * The result grouped by article or resource: problems, events and districts per group, and the
 * last event inside the range. Of every district with no district or client filter,
 * everyDistrictGroups; else groupsSql, from the daily rollup's rows of the range; the last
 * event from events where a row's last seen is past the range's end (lastEventsSql).
 */
export async function groupProblemStream(
  db: Database,
  scope: Scope,
  search: ProblemSearch,
  by: "article" | "resource",
  clock: RangeClock = {},
): Promise<ProblemGroupRow[]> {
  const f = streamFilters(search, clock);
  const key = raw(by === "article" ? "p.article_id" : "coalesce(p.resource, '')");
  const chosen = await withSeenChosen(db, scope, f, problemConditions(f, scope));
  const conditions = allOf([...chosen.conditions.values()]);
  const rows = countsByDay(scope, f)
    ? await everyDistrictGroups(db, scope, f, key, { conditions, fewKept: chosen.fewKept })
    : await db.prisma.$queryRaw<GroupRow[]>(groupsSql(scope, f, key, conditions));
  // A daily row's last seen covers its whole UTC day: where the range ends before it (a range in
  // the past, cut inside a UTC day), the group's last event inside the range is read from events.
  const late = rows.filter((r) => !r.last_seen || r.last_seen >= f.until).map((r) => r.key);
  const inRange = late.length
    ? await db.prisma.$queryRaw<{ key: string; last_seen: Date | null }[]>(
        lastEventsSql(scope, f, key, conditions, late),
      )
    : [];
  const lastSeen = new Map(inRange.map((r) => [r.key, r.last_seen]));
  return rows.map((r) => ({
    key: r.key,
    label: by === "article" ? articleFields(r.key).articleTitle : r.key || "(no resource)",
    problems: Number(r.problems),
    events: Number(r.events),
    districts: Number(r.districts),
    lastSeenAt: (lastSeen.get(r.key) ?? r.last_seen ?? f.since).toISOString(),
  }));
}

/**
 * The last event inside the range, scope and filters of each group of `keys` (its problems that
 * `conditions` keep): a backward scan of each problem's events by (problem_id, occurred_at) from
 * the range's end, stopping at its first event inside the scope and filters.
 */
function lastEventsSql(scope: Scope, f: ProblemStreamFilters, key: Sql, conditions: Sql, keys: string[]): Sql {
  const filters = [inScope(scope, "e.lea")];
  if (f.leas.length) filters.push(sql`coalesce(e.lea, '') = ANY(${f.leas}::text[])`);
  if (f.clients.length) filters.push(sql`coalesce(e.client, '') = ANY(${f.clients}::text[])`);
  return sql`SELECT ${key} AS key, max(e.occurred_at) AS last_seen FROM problem p
    CROSS JOIN LATERAL (SELECT e.occurred_at FROM error_event e
                         WHERE e.problem_id = p.id AND e.occurred_at >= ${f.since} AND e.occurred_at < ${f.until} AND ${allOf(filters)}
                         ORDER BY e.occurred_at DESC LIMIT 1) e
    WHERE ${key} = ANY(${keys}::text[]) AND ${conditions}
    GROUP BY 1`;
}

interface GroupRow {
  key: string;
  problems: bigint;
  events: bigint;
  districts: bigint;
  last_seen: Date | null;
}

/**
 * The groups from the daily rollup's rows of the range (a row per problem, day, district and
 * client), counted at the grain of group and district (a few hundred groups × districts, where the
 * grain of problem and district held a row per pair: 415,000 for 30 days of 10M events); the
 * problems from the result's problems (problemsInRangeCte). A group's districts are those where
 * one of its problems has events: a problem's events in a district are never below zero (folded
 * rows hold stored events, pending counts are above zero), so the group's sum is above zero
 * exactly then.
 */
function groupsSql(scope: Scope, f: ProblemStreamFilters, key: Sql, conditions: Sql): Sql {
  const events = eventsInFilters(f);
  return sql`
    WITH ${problemsInRangeCte(scope, f)},
    x AS (
      SELECT ${key} AS key, d.lea, sum(${events}) AS events, max(d.last_seen_at) FILTER (WHERE ${events} > 0) AS last_seen
        FROM problem_daily_live d JOIN problem p ON p.id = d.problem_id
       WHERE ${rollupConditions(scope, f)} AND ${conditions}
       GROUP BY 1, 2
      HAVING sum(${events}) > 0),
    n AS (SELECT ${key} AS key, count(*) AS problems FROM c JOIN problem p ON p.id = c.problem_id WHERE ${conditions} GROUP BY 1)
    SELECT g.key, g.events, g.last_seen, coalesce(n.problems, 0) AS problems, g.districts
      FROM (SELECT key, sum(events) AS events, max(last_seen) AS last_seen, count(*) FILTER (WHERE lea <> '') AS districts
              FROM x GROUP BY key) g
      LEFT JOIN n ON n.key = g.key
     ORDER BY g.events DESC, g.key LIMIT 500`;
}

/**
 * The groups of every district with no district or client filter (countsByDay), without reading
 * the daily rollup's rows of the range (700,000 of ~460 bytes for 30 days of 10M events):
 * - each problem's events and last UTC day with events, from problem_day (dayTotalsWithLastDay);
 * - a group's districts: not here, counted beside it (everyDistrictGroups);
 * - its last seen, from the daily rows (and pending counts) of the days that are some group's last
 *   day only: a group has no row with events in the range after its own last day, and a row of an
 *   earlier day was last seen before every row of a later one, so each group's greatest last seen
 *   over those days is its last day's.
 */
function everyDistrictGroupsSql(scope: Scope, f: ProblemStreamFilters, key: Sql, conditions: Sql): Sql {
  assertEveryDistrict(scope, f);
  const w = rangeWindow(f.since, f.until);
  const rows = sql`(SELECT problem_id, day, count, cumulative, NULL::smallint AS quarter, last_seen_at FROM problem_daily_count
     UNION ALL SELECT problem_id, day, events, NULL::int[], quarter, last_seen_at FROM share_pending)`;
  return sql`
    WITH c AS (SELECT t.problem_id, t.events, t.last_day FROM (${dayTotalsWithLastDay(scope, f)}) t WHERE t.events > 0),
    n AS (SELECT ${key} AS key, count(*) AS problems, sum(c.events) AS events, max(c.last_day) AS last_day
            FROM c JOIN problem p ON p.id = c.problem_id WHERE ${conditions} GROUP BY 1),
    seen AS (SELECT ${key} AS key, max(d.last_seen_at) AS last_seen FROM ${rows} d JOIN problem p ON p.id = d.problem_id
              WHERE d.day = ANY(ARRAY(SELECT DISTINCT last_day FROM n)) AND ${eventsInRange(w, "d")} > 0 AND ${conditions}
              GROUP BY 1)
    SELECT n.key, n.events, seen.last_seen, n.problems
      FROM n LEFT JOIN seen ON seen.key = n.key
     ORDER BY n.events DESC, n.key LIMIT 500`;
}

/**
 * The groups of every district (everyDistrictGroupsSql) with their districts from the problem
 * sets (groupDistrictsOfSets), or of a few problems "new" or "rising" kept from their own pairs
 * (groupDistrictsOfKept), at once: each reads its own rollups, which one statement read one after
 * the other.
 */
async function everyDistrictGroups(
  db: Database,
  scope: Scope,
  f: ProblemStreamFilters,
  key: Sql,
  chosen: { conditions: Sql; fewKept: boolean },
): Promise<GroupRow[]> {
  const [w, conditions] = [rangeWindow(f.since, f.until), chosen.conditions];
  const [rows, byKey] = await Promise.all([
    db.prisma.$queryRaw<Omit<GroupRow, "districts">[]>(everyDistrictGroupsSql(scope, f, key, conditions)),
    chosen.fewKept
      ? db.prisma
          .$queryRaw<{ key: string; districts: bigint }[]>(groupDistrictsOfKept(w, key, conditions))
          .then((kept) => new Map(kept.map((k) => [k.key, Number(k.districts)])))
      : groupDistrictsOfSets(db, w, key, conditions),
  ]);
  return rows.map((r) => ({ ...r, districts: BigInt(byKey.get(r.key) ?? 0) }));
}
