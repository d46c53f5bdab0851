// GET /api/v1/events and /api/v1/events/{id}: the read API over lib/queries, inside the caller's scope.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { ProblemError } from "../http/problem";
import { getEvent, listEvents } from "../queries/event-list";
import { parseQuery, withCursorCheck } from "./query-params";
import { eventFiltersSchema } from "./schemas";

export async function listEventsApi(db: Database, scope: Scope, params: URLSearchParams) {
  const filters = parseQuery(eventFiltersSchema, params);
  return withCursorCheck(() => listEvents(db, scope, filters));
}

export async function getEventApi(db: Database, scope: Scope, id: string) {
  const event = await getEvent(db, scope, id);
  if (!event) throw new ProblemError("not-found", `There is no event ${id.slice(0, 30)}.`);
  return event;
}
