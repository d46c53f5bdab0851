// The problems list's URL: one schema (nuqs parsers) read by the server page, the export and the
// bulk actions, and written by the client table. Sort keys and every enumeration come from
// allow-lists; anything else in the URL falls back to the default. A custom range is checked when
// it is read (readProblemSearch); its instants come from listRange, in the viewer's time zone, with
// the same rules as /trends (lib/trends/periods.ts), held to MAX_RANGE_DAYS.
import {
  createLoader,
  createSerializer,
  parseAsArrayOf,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
  type LoaderInput,
} from "nuqs/server";
import { lastLocalDays, localDateOf, localDatesOf, trendPeriods, type TrendPeriods } from "../trends/periods";
import { DAY_MS } from "../trends/quarter-hours";
import { PROBLEM_STATUSES, TEAMS } from "../vocabulary";
import {
  customRangeIssues,
  fallbackNotice,
  limitedNotice,
  limitSpan,
  MAX_RANGE_DAYS,
  type RangeNotice,
} from "../trends/range-check";

export const RANGE_VALUES = ["2d", "7d", "14d", "30d", "90d", "custom"] as const;
export const GROUP_VALUES = ["problem", "article", "resource"] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
/** `rise`: events in the range minus the comparable period before it (the Rising preset's order). */
export const SORT_KEYS = [
  "events",
  "districts",
  "lastSeen",
  "firstSeen",
  "status",
  "article",
  "resource",
  "rise",
] as const;
export const SORT_VALUES = SORT_KEYS.flatMap((k) => [`${k}.desc`, `${k}.asc`] as const);
/** Columns the viewer may hide (the problem column always shows). */
export const HIDEABLE_COLUMNS = [
  "type",
  "resource",
  "signature",
  "events",
  "districts",
  "firstSeen",
  "lastSeen",
  "trend",
  "route",
  "assignee",
  "status",
] as const;

export type SortKey = (typeof SORT_KEYS)[number];
export type RangeValue = (typeof RANGE_VALUES)[number];

const list = parseAsArrayOf(parseAsString.withOptions({}), ",");

export const problemSearchParams = {
  q: parseAsString.withDefault(""),
  article: list.withDefault([]),
  type: list.withDefault([]),
  resource: list.withDefault([]),
  route: parseAsArrayOf(parseAsStringLiteral(TEAMS)).withDefault([]),
  status: parseAsArrayOf(parseAsStringLiteral(PROBLEM_STATUSES)).withDefault([]),
  /** User ids, "none" for unassigned. */
  assignee: list.withDefault([]),
  lea: list.withDefault([]),
  client: list.withDefault([]),
  /** HTTP statuses of problems (the trends page's status series link here). */
  http: parseAsArrayOf(parseAsInteger).withDefault([]),
  range: parseAsStringLiteral(RANGE_VALUES).withDefault("30d"),
  /** Custom ranges: a local date (YYYY-MM-DD, inclusive) or local time (YYYY-MM-DDTHH:mm) in the viewer's zone, as /trends. */
  from: parseAsString,
  /** A local date (inclusive) or a local time (exclusive). */
  to: parseAsString,
  group: parseAsStringLiteral(GROUP_VALUES).withDefault("problem"),
  sort: parseAsStringLiteral(SORT_VALUES).withDefault("events.desc"),
  page: parseAsInteger.withDefault(1),
  size: parseAsInteger.withDefault(50),
  hide: parseAsArrayOf(parseAsStringLiteral(HIDEABLE_COLUMNS)).withDefault([]),
  /**
   * "new": only problems first seen (inside the viewer's districts) in the range; "rising": only
   * problems seen before it with more events than in the period before it (lib/trends/rising.ts).
   */
  seen: parseAsStringLiteral(["new", "rising"] as const),
  /** The saved view the list was opened from. */
  view: parseAsInteger,
};

export type ProblemSearch = inferParserType<typeof problemSearchParams>;

const loadUncheckedSearch = createLoader(problemSearchParams);

const DEFAULT_RANGE = problemSearchParams.range.defaultValue;
const DEFAULT_RANGE_LABEL = "the last 30 days";

/**
 * The list's state from a URL, its range checked: a custom range with an unusable end (not a
 * date or local time, not a day of the calendar, outside EARLIEST_DATE..LATEST_DATE) falls back to
 * the default range, one longer than MAX_RANGE_DAYS (in calendar days) keeps its last
 * MAX_RANGE_DAYS days; `notices` says which. Outside a custom range, from and to mean nothing and
 * are dropped.
 */
export function readProblemSearch(input: LoaderInput): { search: ProblemSearch; notices: RangeNotice[] } {
  const search = loadUncheckedSearch(input);
  if (search.range !== "custom") return { search: { ...search, from: null, to: null }, notices: [] };
  const issues = customRangeIssues(search.from, search.to, { times: true });
  if (issues.length || !search.from) {
    return {
      search: { ...search, range: DEFAULT_RANGE, from: null, to: null },
      notices: issues.map((issue) => fallbackNotice(issue, DEFAULT_RANGE_LABEL)),
    };
  }
  let [from, to] = [search.from, search.to];
  if (to && to < from) [from, to] = [to, from]; // ISO local dates and times sort as text
  // Calendar days (the zone moves both ends alike); without `to` the range ends today.
  const end = to ? calendarMs(to) + (to.length === 10 ? DAY_MS : 0) : Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
  const limited = limitSpan(calendarMs(from), end);
  if (!limited.limited) return { search: { ...search, from, to }, notices: [] };
  const last = isoDate(new Date(end - (to && to.length > 10 ? 1 : DAY_MS)));
  const notice = limitedNotice(from, to, `the ${MAX_RANGE_DAYS} days up to ${last}`);
  return { search: { ...search, from: isoDate(new Date(limited.start)), to: to ?? null }, notices: [notice] };
}

/** A local date or time read on the calendar (as if UTC): for spans, not instants. */
function calendarMs(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value}:00Z`);
}

/** YYYY-MM-DD of a calendar instant; toISOString writes years before 1000 with four digits too. */
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The list's state from a URL, its range checked (readProblemSearch without the notices). */
export function loadProblemSearch(input: LoaderInput): ProblemSearch {
  return readProblemSearch(input).search;
}

export const serializeProblemSearch = createSerializer(problemSearchParams);

/** The keys that filter (a change resets the page); the rest only present the result. */
export const FILTER_KEYS = [
  "q",
  "article",
  "type",
  "resource",
  "route",
  "status",
  "assignee",
  "lea",
  "client",
  "http",
  "seen",
  "range",
  "from",
  "to",
] as const;

/** The URL query of a state, without defaults and without the saved-view id, keys in schema order. */
export function canonicalProblemQuery(search: ProblemSearch): string {
  return serializeProblemSearch({ ...search, view: null }).replace(/^\?/, "");
}

/** The URL query of the filters alone (presentation — sort, page, size, columns, grouping — at its defaults): "" when nothing filters. */
export function filterQuery(search: ProblemSearch): string {
  return canonicalProblemQuery({ ...search, sort: "events.desc", page: 1, size: 50, hide: [], group: "problem" });
}

/** What a range of the list means: instants [since, until) in a time zone, its local days, how it reads. */
export interface ListRange {
  since: Date;
  until: Date;
  timeZone: string;
  /** The local dates it covers, oldest first (the trend column's days). */
  days: string[];
  label: string;
  /** The period just before, as long, like for like while the range runs (trendPeriods' `previous`). */
  previous: { since: Date; until: Date };
}

const PRESET_DAYS = { "2d": 2, "7d": 7, "14d": 14, "30d": 30, "90d": 90 } as const;

/**
 * The period a range covers, in the viewer's time zone, the same for every reader (list, facets,
 * groups, export, bulk actions, the read API) and the same as /trends: "last N days" is today and
 * the N − 1 local days before it; a custom range runs from the local start of `from` (a date or a
 * time) to the end of `to` (a date, inclusive) or to `to` (a time, exclusive), at most MAX_RANGE_DAYS
 * (readProblemSearch bounds and reports it; trendPeriods holds a state built by hand to it too, and
 * one built by hand with an unusable end reads as the default range).
 */
export function listRange(
  search: Pick<ProblemSearch, "range" | "from" | "to">,
  timeZone = "UTC",
  now = new Date(),
): ListRange {
  if (search.range === "custom" && search.from && !customRangeIssues(search.from, search.to, { times: true }).length) {
    const periods = trendPeriods({
      range: "custom",
      from: search.from,
      to: search.to,
      bucket: "day",
      timeZone,
      now: now.getTime(),
    });
    const [since, until] = [periods.current.starts[0], periods.current.end];
    return {
      since: new Date(since),
      until: new Date(until),
      timeZone,
      days: localDatesOf(since, until, timeZone),
      label: periods.label,
      previous: previousOf(periods),
    };
  }
  const range = search.range === "custom" ? "30d" : search.range;
  const { start, end } = lastLocalDays(PRESET_DAYS[range], timeZone, now.getTime());
  const label = range === "2d" ? "today and yesterday" : `last ${PRESET_DAYS[range]} days`;
  // The same days as a custom range, for /trends' period before them.
  const periods = trendPeriods({
    range: "custom",
    from: localDateOf(start, timeZone),
    to: localDateOf(end - 1, timeZone),
    bucket: "day",
    timeZone,
    now: now.getTime(),
  });
  return {
    since: new Date(start),
    until: new Date(end),
    timeZone,
    days: localDatesOf(start, end, timeZone),
    label,
    previous: previousOf(periods),
  };
}

function previousOf(periods: TrendPeriods): ListRange["previous"] {
  return { since: new Date(periods.previous.starts[0]), until: new Date(periods.previous.end) };
}

/** Page size from the allow-list; page ≥ 1. */
export function pageOf(search: Pick<ProblemSearch, "page" | "size">): { size: number; offset: number; page: number } {
  const size = (PAGE_SIZES as readonly number[]).includes(search.size) ? search.size : 50;
  const page = Math.max(1, Math.min(search.page, 100_000));
  return { size, page, offset: (page - 1) * size };
}
