// Per-problem counts of every district with no district or client filter (countsByDay), from the
// rollups without a district: problem_day (a row per problem and UTC day) and problem_month (the
// months a range covers, as the trends page reads them). The list, its facets and groups, the
// read API's list and the problem page of every district read them here; inside districts they
// read problem_daily_count (problem-filters.ts).
import type { Scope } from "../auth/scope";
import { periodPieces } from "../trends/periods";
import { utcDayOf } from "../trends/quarter-hours";
import type { ProblemStreamFilters } from "./problem-filters";
import { empty, join, sql, type Sql } from "./sql-tag";
import { everyDistrictShares } from "./trend-problems";
import { periodSum } from "./trend-pieces";
import {
  cutDays,
  eventsInRange,
  inWholeDays,
  rangeDaysCondition,
  rangeWindow,
  wholeDays,
  type RangeWindow,
} from "./time-range";

/**
 * Whether a problem's counts can come from problem_day, a row per problem and UTC day (its whole
 * days read from its day index alone, ~30 bytes an entry), and problem_month (the months a range
 * covers: dayTotals), instead of problem_daily_count, a row
 * per problem, day, district and client (~460 bytes with its quarter-hours): every district and
 * no district or client filter. The districts are then counted for the rows a page shows
 * (pageDistrictsCte), unless the order needs them for every row. problem_day has no district: no
 * read of it may run unless this holds (the functions reading it check).
 */
export function countsByDay(scope: Scope, f: ProblemStreamFilters): boolean {
  return scope.kind === "all" && !f.leas.length && !f.clients.length;
}

/** Refuses a read of problem_day (no district column) where countsByDay does not hold. */
export function assertEveryDistrict(scope: Scope, f: ProblemStreamFilters): void {
  if (!countsByDay(scope, f)) throw new Error("problem_day read inside districts or with a district or client filter");
}

/**
 * problem_day's rows and the pending counts with problem_daily_live's columns (problem_id, day,
 * count, cumulative, quarter: what eventsInRange reads), those `where` keeps (on alias d).
 */
function problemDayLive(where: Sql): Sql {
  return sql`(SELECT d.problem_id, d.day, d.events AS count, d.cumulative, NULL::smallint AS quarter FROM problem_day d WHERE ${where}
     UNION ALL SELECT d.problem_id, d.day, d.events, NULL::int[], d.quarter FROM share_pending d WHERE ${where})`;
}

/**
 * Per problem of every district: its events in the range and (when the filters compare) in the
 * period before (monthAndDayTotals). Columns: problem_id, events, previous.
 */
export function dayTotals(scope: Scope, f: ProblemStreamFilters): Sql {
  assertEveryDistrict(scope, f);
  return monthAndDayTotals(scope, f);
}

/**
 * Per problem of every district: its events in the range (monthAndDayTotals: whole months from
 * problem_month, the days around them from problem_day) and its last UTC day with events there
 * (the groups' last seen; a row left at zero is deleted): the last cut day where the range's part
 * of it has events, else the last whole day, found by a backward probe of the problem's
 * problem_day rows (its key) and the pending counts of those days. Reading every whole day of
 * problem_day's day index for both took 240 of 280 ms for 90 days at 10M events. Columns:
 * problem_id, events, last_day.
 */
export function dayTotalsWithLastDay(scope: Scope, f: ProblemStreamFilters): Sql {
  assertEveryDistrict(scope, f);
  const w = rangeWindow(f.since, f.until);
  const whole = wholeDays(w);
  const cut = cutDays(w);
  const lastDays: Sql[] = [];
  if (cut.length)
    lastDays.push(sql`SELECT d.problem_id, d.day FROM ${problemDayLive(sql`d.day = ANY(${cut}::date[])`)} d
      WHERE ${eventsInRange(w, "d")} > 0`);
  // (A pending count is above zero: share_pending_events_positive.)
  if (whole) lastDays.push(sql`SELECT q.problem_id, q.day FROM share_pending q WHERE ${inWholeDays(w, "q")}`);
  // The probe, where no day of k is past the whole days (the last cut day with events is the last day).
  const lastDay = whole
    ? sql`CASE WHEN k.day > ${whole.last}::date THEN k.day ELSE greatest(k.day,
           (SELECT d.day FROM problem_day d WHERE d.problem_id = t.problem_id AND ${inWholeDays(w, "d")} AND d.events > 0
             ORDER BY d.day DESC LIMIT 1)) END`
    : sql`k.day`;
  return sql`SELECT t.problem_id, t.events, ${lastDay} AS last_day
      FROM (${monthAndDayTotals(scope, { ...f, compare: false })}) t
      LEFT JOIN (SELECT x.problem_id, max(x.day) AS day
                   FROM (${lastDays.length ? join(lastDays, " UNION ALL ") : sql`SELECT NULL::bigint, NULL::date WHERE FALSE`}) x(problem_id, day)
                  GROUP BY 1) k ON k.problem_id = t.problem_id`;
}

/**
 * dayTotals without the last day: the whole UTC months of the range (and of the period before)
 * from problem_month, the days around them from problem_day, each month read the cheaper way
 * (everyDistrictShares, as the trends page reads them). A 90-day range read ~90 days of
 * problem_day's index (~430,000 entries at 10M events); now 3-4 month rows a problem and about a
 * week of days. Columns: problem_id, events, previous.
 */
function monthAndDayTotals(scope: Scope, f: ProblemStreamFilters): Sql {
  const pieces = [
    ...periodPieces(f.since.getTime(), f.until.getTime(), 0),
    ...(f.compare && f.previous ? periodPieces(f.previous.since.getTime(), f.previous.until.getTime(), 1) : []),
  ];
  if (!pieces.length)
    return sql`SELECT NULL::bigint AS problem_id, 0::bigint AS events, 0::bigint AS previous WHERE FALSE`;
  const { tables, rows } = everyDistrictShares(scope, pieces, utcDayOf(f.now ?? Date.now()));
  return sql`WITH ${join(tables, ", ")}
    SELECT s.problem_id, ${periodSum(0)} AS events, ${periodSum(1)} AS previous FROM (${rows}) s(problem_id, period, n)
     GROUP BY s.problem_id`;
}

/**
 * One problem's problem_day rows and pending counts (problem_id, day, count, cumulative, quarter:
 * what eventsInRange and eventsBetween read; no district, no client), of the window's UTC days or
 * of every day (null): the problem page of every district.
 */
export function oneProblemDayRows(scope: Scope, id: string, w: RangeWindow | null): Sql {
  if (scope.kind !== "all") throw new Error("problem_day read inside districts");
  return problemDayLive(sql`d.problem_id = ${id}::bigint${w ? sql` AND ${rangeDaysCondition(w, "d")}` : empty}`);
}

/**
 * The given problems' rows of the range where their counts come from problem_day (countsByDay):
 * its rows and the pending counts, with problem_daily_live's columns (the list's trend column).
 */
export function problemDaySeriesRows(scope: Scope, f: ProblemStreamFilters, ids: string[]): Sql {
  assertEveryDistrict(scope, f);
  return problemDayLive(
    sql`d.problem_id = ANY(${ids}::bigint[]) AND ${rangeDaysCondition(rangeWindow(f.since, f.until), "d")}`,
  );
}
