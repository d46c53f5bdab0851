// The problems list's URL: one schema (nuqs parsers) read by the server page, the export and the
// bulk actions, and written by the client table. Sort keys and every enumeration come from
// allow-lists; anything else in the URL falls back to the default. A custom range is checked and
// held to MAX_RANGE_DAYS when it is read (readProblemSearch), so every reader gets a bounded one.
import { createLoader, createSerializer, parseAsArrayOf, parseAsInteger, parseAsIsoDate, parseAsString, parseAsStringLiteral, type inferParserType, type LoaderInput } from "nuqs/server";
import { DAY_MS } from "../trends/quarter-hours";
import { customRangeIssues, fallbackNotice, limitedNotice, limitSpan, MAX_RANGE_DAYS, type RangeNotice } from "../trends/range-check";

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

const loadUncheckedSearch = createLoader(problemSearchParams);
/** The range's ends as written, to name what could not be used. */
const loadRangeText = createLoader({ from: parseAsString, to: parseAsString });

const DEFAULT_RANGE = problemSearchParams.range.defaultValue;
const DEFAULT_RANGE_LABEL = "the last 30 days";

/**
 * The list's state from a URL, its range checked: a custom range with an unusable date (not a
 * date, not a day of the calendar, outside EARLIEST_DATE..LATEST_DATE) falls back to the default
 * range, one longer than MAX_RANGE_DAYS keeps its last MAX_RANGE_DAYS days; `notices` says which.
 * Outside a custom range, from and to mean nothing and are dropped.
 */
export function readProblemSearch(input: LoaderInput): { search: ProblemSearch; notices: RangeNotice[] } {
  const search = loadUncheckedSearch(input);
  if (search.range !== "custom") return { search: { ...search, from: null, to: null }, notices: [] };
  const text = loadRangeText(input);
  const issues = customRangeIssues(text.from, text.to);
  if (issues.length || !search.from) {
    return { search: { ...search, range: DEFAULT_RANGE, from: null, to: null }, notices: issues.map((issue) => fallbackNotice(issue, DEFAULT_RANGE_LABEL)) };
  }
  let [from, to] = [search.from, search.to];
  if (to && to < from) [from, to] = [to, from];
  const limited = limitSpan(...customSpan(from, to, new Date()));
  if (!limited.limited) return { search: { ...search, from, to }, notices: [] };
  const last = new Date(limited.end - DAY_MS);
  const notice = limitedNotice(isoDate(from), to && isoDate(to), `the ${MAX_RANGE_DAYS} days up to ${isoDate(last)}`);
  return { search: { ...search, from: new Date(limited.start), to: last }, notices: [notice] };
}

/** The list's state from a URL, its range checked and bounded (readProblemSearch without the notices). */
export function loadProblemSearch(input: LoaderInput): ProblemSearch {
  return readProblemSearch(input).search;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
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

/**
 * The period a range covers: [since, until) as UTC days counted back from today. Never longer than
 * MAX_RANGE_DAYS, whoever built the state (readProblemSearch says so to the viewer).
 */
export function rangeDays(search: Pick<ProblemSearch, "range" | "from" | "to">, now = new Date()): { since: Date; until: Date; label: string } {
  const day = DAY_MS;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (search.range === "custom" && search.from) {
    const { start, end: b } = limitSpan(...customSpan(search.from, search.to, now));
    return { since: new Date(start), until: new Date(b), label: `${isoDate(new Date(start))} – ${isoDate(new Date(b - day))}` };
  }
  const days = { "2d": 2, "7d": 7, "14d": 14, "30d": 30, "90d": 90, custom: 30 }[search.range];
  const label = { "2d": "today and yesterday (UTC)", "7d": "last 7 days", "14d": "last 14 days", "30d": "last 30 days", "90d": "last 90 days", custom: "last 30 days" }[search.range];
  return { since: new Date(today - (days - 1) * day), until: new Date(today + day), label };
}

/** The UTC days [since, until) from one date to the other (both included, in either order; no `to`: up to today), in epoch ms. */
function customSpan(from: Date, to: Date | null, now: Date): [number, number] {
  const a = utcDay(from);
  const b = utcDay(to ?? now);
  return a <= b ? [a, b + DAY_MS] : [b, a + DAY_MS];
}

/** Midnight (UTC) of a date's UTC day; Date.UTC would read the years 0–99 as 1900–1999. */
function utcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS) * DAY_MS;
}

/** Page size from the allow-list; page ≥ 1. */
export function pageOf(search: Pick<ProblemSearch, "page" | "size">): { size: number; offset: number; page: number } {
  const size = (PAGE_SIZES as readonly number[]).includes(search.size) ? search.size : 50;
  const page = Math.max(1, Math.min(search.page, 100_000));
  return { size, page, offset: (page - 1) * size };
}
