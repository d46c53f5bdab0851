// An ingest key limited to districts may send events for those districts only. An event for
// another LEA is refused (403, naming its path, nothing of the request stored); an event without
// one takes the key's LEA when the key has exactly one, and is refused otherwise.
import { ProblemError } from "../http/problem";
import { limitErrors } from "./decode";
import type { IngestEvent } from "./events.schema";

export function eventsForKeyDistricts(events: IngestEvent[], leaCodes: readonly string[]): IngestEvent[] {
  if (leaCodes.length === 0) return events;
  const allowed = new Set(leaCodes);
  const errors: Record<string, string[]> = {};
  const out = events.map((event, i) => {
    if (event.lea === undefined) {
      if (leaCodes.length === 1) return { ...event, lea: leaCodes[0] };
      errors[`$[${i}].lea`] = [`is required: this API key sends for several districts (${leaCodes.join(", ")})`];
    } else if (!allowed.has(event.lea)) {
      errors[`$[${i}].lea`] = [`'${event.lea}' is not one of this API key's districts (${leaCodes.join(", ")})`];
    }
    return event;
  });
  const bad = Object.keys(errors).length;
  if (bad)
    throw new ProblemError(
      "forbidden",
      `${bad} of ${events.length} events are for districts this API key may not send for; nothing was stored.`,
      { validationErrors: limitErrors(errors) },
    );
  return out;
}
