// The problems list's URL: one schema (nuqs parsers) read by the server page, the export and the
// bulk actions, and written by the client table. Sort keys and every enumeration come from
// allow-lists; anything else in the URL falls back to the default.
import { createLoader, createSerializer, parseAsArrayOf, parseAsInteger, parseAsIsoDate, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";

export const TEAM_VALUES = ["dev", "data", "ops"] as const;
export const STATUS_VALUES = ["open", "in_progress", "regressed", "resolved", "ignored"] as const;
export const RANGE_VALUES = ["2d", "7d", "14d", "30d", "90d", "custom"] as const;
export const GROUP_VALUES = ["problem", "article", "resource"] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export const SORT_KEYS = ["events", "districts", "lastSeen", "firstSeen", "status", "article", "resource"] as const;
export const SORT_VALUES = SORT_KEYS.flatMap((k) => [`${k}.desc`, `${k}.asc`] as const);
/** Columns the viewer may hide (the problem column always shows). */
export const HIDEABLE_COLUMNS = ["type", "resource", "signature", "events", "districts", "firstSeen", "lastSeen", "trend", "route", "assignee", "status"] as const;

export type SortKey = (typeof SORT_KEYS)[number];
export type RangeValue = (typeof RANGE_VALUES)[number];

const list = parseAsArrayOf(parseAsString.withOptions({}), ",");

export const problemSearchParams = {
  q: parseAsString.withDefault(""),
  article: list.withDefault([]),
  type: list.withDefault([]),
  resource: list.withDefault([]),
  route: parseAsArrayOf(parseAsStringLiteral(TEAM_VALUES)).withDefault([]),
  status: parseAsArrayOf(parseAsStringLiteral(STATUS_VALUES)).withDefault([]),
  /** User ids, "none" for unassigned. */
  assignee: list.withDefault([]),
  lea: list.withDefault([]),
  client: list.withDefault([]),
  /** HTTP statuses of problems (the trends page's status series link here). */
  http: parseAsArrayOf(parseAsInteger).withDefault([]),
  range: parseAsStringLiteral(RANGE_VALUES).withDefault("30d"),
  from: parseAsIsoDate,
  to: parseAsIsoDate,
  group: parseAsStringLiteral(GROUP_VALUES).withDefault("problem"),
  sort: parseAsStringLiteral(SORT_VALUES).withDefault("events.desc"),
  page: parseAsInteger.withDefault(1),
  size: parseAsInteger.withDefault(50),
  hide: parseAsArrayOf(parseAsStringLiteral(HIDEABLE_COLUMNS)).withDefault([]),
  /** The saved view the list was opened from. */
  view: parseAsInteger,
};

export type ProblemSearch = inferParserType<typeof problemSearchParams>;

export const loadProblemSearch = createLoader(problemSearchParams);
export const serializeProblemSearch = createSerializer(problemSearchParams);

/** The keys that filter (a change resets the page); the rest only present the result. */
export const FILTER_KEYS = ["q", "article", "type", "resource", "route", "status", "assignee", "lea", "client", "http", "range", "from", "to"] as const;

/** The URL query of a state, without defaults and without the saved-view id, keys in schema order. */
export function canonicalProblemQuery(search: ProblemSearch): string {
  return serializeProblemSearch({ ...search, view: null }).replace(/^\?/, "");
}

/** The URL query of the filters alone (presentation — sort, page, size, columns, grouping — at its defaults): "" when nothing filters. */
export function filterQuery(search: ProblemSearch): string {
  return canonicalProblemQuery({ ...search, sort: "events.desc", page: 1, size: 50, hide: [], group: "problem" });
}

/** The period a range covers: [since, until) as UTC days counted back from today. */
export function rangeDays(search: Pick<ProblemSearch, "range" | "from" | "to">, now = new Date()): { since: Date; until: Date; label: string } {
  const day = 86_400_000;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (search.range === "custom" && search.from) {
    const from = Date.UTC(search.from.getUTCFullYear(), search.from.getUTCMonth(), search.from.getUTCDate());
    const toDate = search.to ?? now;
    const to = Date.UTC(toDate.getUTCFullYear(), toDate.getUTCMonth(), toDate.getUTCDate()) + day;
    const [a, b] = from <= to - day ? [from, to] : [to - day, from + day];
    return { since: new Date(a), until: new Date(b), label: `${new Date(a).toISOString().slice(0, 10)} – ${new Date(b - day).toISOString().slice(0, 10)}` };
  }
  const days = { "2d": 2, "7d": 7, "14d": 14, "30d": 30, "90d": 90, custom: 30 }[search.range];
  const label = { "2d": "today and yesterday (UTC)", "7d": "last 7 days", "14d": "last 14 days", "30d": "last 30 days", "90d": "last 90 days", custom: "last 30 days" }[search.range];
  return { since: new Date(today - (days - 1) * day), until: new Date(today + day), label };
}

/** Page size from the allow-list; page ≥ 1. */
export function pageOf(search: Pick<ProblemSearch, "page" | "size">): { size: number; offset: number; page: number } {
  const size = (PAGE_SIZES as readonly number[]).includes(search.size) ? search.size : 50;
  const page = Math.max(1, Math.min(search.page, 100_000));
  return { size, page, offset: (page - 1) * size };
}
