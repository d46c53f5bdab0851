// Request body text → the list of raw events it holds: one JSON object, a JSON array, or NDJSON.
// Errors name the JSON path of the event ($[i]; for NDJSON, i is the line's event index).
import { ProblemError } from "../http/problem";

export const INGEST_LIMITS = { maxEvents: 10_000, maxBytes: 10 * 1024 * 1024 } as const;

export type IngestMediaType = "application/json" | "application/x-ndjson";

export function ingestMediaType(mediaType: string): IngestMediaType {
  if (mediaType === "application/json" || mediaType === "" ) return "application/json";
  if (mediaType === "application/x-ndjson" || mediaType === "application/ndjson" || mediaType === "application/jsonl") return "application/x-ndjson";
  throw new ProblemError("unsupported-media-type", `Content-Type '${mediaType.slice(0, 100)}' is not accepted. Send application/json (one event or an array) or application/x-ndjson (one event per line).`);
}

export function decodeEvents(text: string, mediaType: IngestMediaType): unknown[] {
  if (!text.trim()) throw new ProblemError("invalid-request", "The body is empty. Send one event, an array of events, or NDJSON.");
  const events = mediaType === "application/x-ndjson" ? decodeNdjson(text) : decodeJson(text);
  if (events.length === 0) throw new ProblemError("invalid-request", "The body holds no events.");
  if (events.length > INGEST_LIMITS.maxEvents) {
    throw new ProblemError("payload-too-large", `The body holds ${events.length} events; at most ${INGEST_LIMITS.maxEvents} are accepted per request.`);
  }
  return events;
}

function decodeJson(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProblemError("invalid-request", `The body is not valid JSON: ${describeJsonError(error)}. For one event per line, use Content-Type application/x-ndjson.`, {
      validationErrors: { $: [`not valid JSON: ${describeJsonError(error)}`] },
    });
  }
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return [value];
  throw new ProblemError("invalid-request", "The body must be an event object or an array of event objects.", { validationErrors: { $: ["must be an object or an array"] } });
}

function decodeNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  const errors: Record<string, string[]> = {};
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    if (!lines[line].trim()) continue;
    const index = events.length;
    try {
      events.push(JSON.parse(lines[line]));
    } catch (error) {
      events.push(undefined);
      errors[`$[${index}]`] = [`line ${line + 1} is not valid JSON: ${describeJsonError(error)}`];
    }
    if (events.length > INGEST_LIMITS.maxEvents) break;
  }
  if (Object.keys(errors).length) {
    const count = Object.keys(errors).length;
    throw new ProblemError("validation-failed", `${count} line${count > 1 ? "s are" : " is"} not valid JSON; nothing was stored.`, { validationErrors: limitErrors(errors) });
  }
  return events;
}

function describeJsonError(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : "unreadable";
}

/** At most 100 paths in one answer (a batch of 10,000 bad events must not make a 10 MB error). */
export function limitErrors(errors: Record<string, string[]>, max = 100): Record<string, string[]> {
  const keys = Object.keys(errors);
  if (keys.length <= max) return errors;
  const out: Record<string, string[]> = {};
  for (const key of keys.slice(0, max)) out[key] = errors[key];
  out["$"] = [`…and ${keys.length - max} more invalid events`];
  return out;
}
