// GET /api/v1/problems and /api/v1/problems/{id}: figures inside the caller's scope.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { ProblemError } from "../http/problem";
import { getProblemInScope, listProblemsPage } from "../queries/problem-list";
import { parseQuery, withCursorCheck } from "./query-params";
import { problemDaysSchema, problemFiltersSchema } from "./schemas";

export async function listProblemsApi(db: Database, scope: Scope, params: URLSearchParams) {
  const filters = parseQuery(problemFiltersSchema, params);
  return withCursorCheck(() => listProblemsPage(db, scope, filters));
}

export async function getProblemApi(db: Database, scope: Scope, id: string, params: URLSearchParams) {
  const { days, tz } = parseQuery(problemDaysSchema, params);
  const problem = await getProblemInScope(db, scope, id, days, tz);
  if (!problem)
    throw new ProblemError("not-found", `There is no problem ${id.slice(0, 30)} with events in the last ${days} days.`);
  return problem;
}
