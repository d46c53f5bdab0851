// GET /api/v1/events and /api/v1/events/{id}: the read API over lib/queries, inside the caller's scope.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { ProblemError } from "../http/problem";
import { getEvent, InvalidCursorError, listEvents } from "../queries/event-list";
import { parseQuery } from "./query-params";
import { eventFiltersSchema } from "./schemas";

export async function listEventsApi(db: Database, scope: Scope, params: URLSearchParams) {
  const filters = parseQuery(eventFiltersSchema, params);
  try {
    return await listEvents(db, scope, filters);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ProblemError("validation-failed", "The cursor is not one this API gave out.", { validationErrors: { "$.cursor": ["must be a nextCursor from an earlier answer"] } });
    throw error;
  }
}

export async function getEventApi(db: Database, scope: Scope, id: string) {
  const event = await getEvent(db, scope, id);
  if (!event) throw new ProblemError("not-found", `There is no event ${id.slice(0, 30)}.`);
  return event;
}
