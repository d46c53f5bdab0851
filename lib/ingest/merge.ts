// Two records of one request (the same correlationId, from different sources: the main log, the
// request-details log, the content table, the API itself) → one event. Pure.
// The record with the response body decides what it says; the others fill what it lacks: the
// details log brings the method, the absolute URL, the status and the client, the main log the
// exception. A status read from the log beats one implied by an exception class or assumed.
import type { IngestEvent } from "./events.schema";

/** When the two records are about the same request and at least one lacks its body. */
export function mergeable(a: IngestEvent, b: IngestEvent): boolean {
  return a.body === undefined || b.body === undefined;
}

export function mergeEvents(stored: IngestEvent, incoming: IngestEvent): IngestEvent {
  const [full, other] =
    incoming.body !== undefined && stored.body === undefined ? [incoming, stored] : [stored, incoming];
  const statusOf = (e: IngestEvent) =>
    e.body !== undefined
      ? 3
      : e.log?.statusFrom === "log" || !e.log
        ? 2
        : e.log.statusFrom === "message" || e.log.statusFrom === "exception"
          ? 1
          : 0;
  const status = statusOf(other) > statusOf(full) ? other.status : full.status;
  const merged: IngestEvent = {
    ...other,
    ...full,
    eventId: stored.eventId,
    occurredAt: earliest(stored.occurredAt, incoming.occurredAt),
    method: full.method ?? other.method,
    url: betterUrl(full.url, other.url),
    status,
    correlationId: stored.correlationId ?? incoming.correlationId,
    lea: stored.lea ?? incoming.lea,
    client: full.client ?? other.client,
    request: full.request ?? other.request,
    log: mergedLog(full, other),
  };
  for (const key of Object.keys(merged) as (keyof IngestEvent)[]) if (merged[key] === undefined) delete merged[key];
  return merged;
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || !b) return a ?? b;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/** An absolute URL (the details log, the API) over a path the main log's controller name implies. */
function betterUrl(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || !b) return a ?? b;
  const absolute = (u: string) => /^https?:\/\//i.test(u);
  return !absolute(a) && absolute(b) ? b : a;
}

/** The log evidence that says most: an exception class and message over a status name alone. */
function mergedLog(full: IngestEvent, other: IngestEvent): IngestEvent["log"] {
  const a = full.log;
  const b = other.log;
  if (!a || !b) return a ?? b;
  return {
    ...b,
    ...a,
    exceptionType: a.exceptionType ?? b.exceptionType,
    message: a.message ?? b.message,
    typeHint: a.typeHint ?? b.typeHint,
    logger: a.logger ?? b.logger,
  };
}
