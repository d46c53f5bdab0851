// Where a click on the trends page leads: the problems list filtered to what was clicked (a
// series, a bucket, a row), over the UTC days that cover the clicked time (the list's range is
// counted in UTC days).
import { serializeProblemSearch, loadProblemSearch } from "../search-params/problems";
import type { Team } from "../queries/problem-filters";

export interface ProblemLinkFilter {
  route?: Team;
  http?: number[];
  lea?: string[];
  client?: string;
  resource?: string;
}

export function problemsHref(filter: ProblemLinkFilter, start: string | number, end: string | number): string {
  const from = new Date(start);
  const to = new Date(new Date(end).getTime() - 1);
  const search = {
    ...loadProblemSearch(""),
    route: filter.route ? [filter.route] : [],
    http: filter.http ?? [],
    lea: filter.lea ?? [],
    client: filter.client !== undefined ? [filter.client] : [],
    resource: filter.resource !== undefined ? [filter.resource] : [],
    range: "custom" as const,
    from: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate())),
    to: new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate())),
  };
  return `/problems${serializeProblemSearch(search)}`;
}
