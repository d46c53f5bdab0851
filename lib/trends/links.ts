// Where a click on the trends page leads: the problems list filtered to what was clicked (a
// series, a bucket, a row), over exactly the clicked time: the list reads a custom range in the
// viewer's time zone with the same rules as /trends (local dates, or local times where a bucket
// does not start or end at a local midnight), so its totals equal the bar's.
import { serializeProblemSearch, loadProblemSearch } from "../search-params/problems";
import type { Team } from "../queries/problem-filters";
import { localDateOf, localMidnight, localTimeOf } from "./periods";

export interface ProblemLinkFilter {
  route?: Team;
  http?: number[];
  lea?: string[];
  client?: string;
  resource?: string;
}

/**
 * A range end as the list's custom range reads it in the zone: a local date when the instant is a
 * local midnight (`to` names the day before it, dates being inclusive), else a local time.
 */
export function localRangeValue(ms: number, timeZone: string, side: "from" | "to"): string {
  const date = localDateOf(ms, timeZone);
  if (localMidnight(date, timeZone) === ms) return side === "from" ? date : localDateOf(ms - 1, timeZone);
  const t = localTimeOf(ms, timeZone);
  return `${date}T${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}

export function problemsHref(
  filter: ProblemLinkFilter,
  start: string | number,
  end: string | number,
  timeZone: string,
): string {
  const search = {
    ...loadProblemSearch(""),
    route: filter.route ? [filter.route] : [],
    http: filter.http ?? [],
    lea: filter.lea ?? [],
    client: filter.client !== undefined ? [filter.client] : [],
    resource: filter.resource !== undefined ? [filter.resource] : [],
    range: "custom" as const,
    from: localRangeValue(new Date(start).getTime(), timeZone, "from"),
    to: localRangeValue(new Date(end).getTime(), timeZone, "to"),
  };
  return `/problems${serializeProblemSearch(search)}`;
}
