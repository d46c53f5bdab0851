// Request body text → the list of raw events it holds: one JSON object, a JSON array, or NDJSON.
// Errors name the JSON path of the event ($[i]; for NDJSON, i is the line's event index).
// Nesting is bounded before anything is parsed (json-scan.ts), and a large body is parsed a
// slice of events at a time: decodeEvents gives the request thread back between slices, so a
// 10 MB body never holds the pages and APIs it serves for longer than one slice.
import { ProblemError } from "../http/problem";
import { scanJsonSteps } from "./json-scan";
import { parseOffThread, type ParseOutcome } from "./parse-off-thread";

export const INGEST_LIMITS = { maxEvents: 10_000, maxBytes: 10 * 1024 * 1024 } as const;

export type IngestMediaType = "application/json" | "application/x-ndjson";

export function ingestMediaType(mediaType: string): IngestMediaType {
  if (mediaType === "application/json" || mediaType === "") return "application/json";
  if (mediaType === "application/x-ndjson" || mediaType === "application/ndjson" || mediaType === "application/jsonl")
    return "application/x-ndjson";
  throw new ProblemError(
    "unsupported-media-type",
    `Content-Type '${mediaType.slice(0, 100)}' is not accepted. Send application/json (one event or an array) or application/x-ndjson (one event per line).`,
  );
}

/** Characters of JSON parsed between two hand-backs of the request thread (a few ms of work). */
export const SLICE_CHARS = 256 * 1024;
/** A piece of JSON at least this long (one large event, or a whole body to name its error) is parsed by a worker thread. */
export const OFF_THREAD_CHARS = 1024 * 1024;

/** What a decoding step asks of its driver: a pause, or a parse of a large piece (answered with its ParseOutcome). */
type Step = undefined | { parse: string };
type Steps<T> = Generator<Step, T, ParseOutcome | undefined>;

/** Decodes a body, giving the request thread back between slices and parsing large pieces in a worker (the route's way). */
export async function decodeEvents(text: string, mediaType: IngestMediaType): Promise<unknown[]> {
  const steps = decodeSteps(text, mediaType);
  for (let step = steps.next(); ;) {
    if (step.done) return step.value;
    if (step.value) {
      const outcome = await parseOffThread(step.value.parse);
      step = steps.next("parseHere" in outcome ? parseHere(step.value.parse) : outcome);
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = steps.next();
    }
  }
}

/** Decodes a body in one go, on this thread (tools and benchmarks that serve nothing meanwhile). */
export function decodeEventsNow(text: string, mediaType: IngestMediaType): unknown[] {
  const steps = decodeSteps(text, mediaType);
  for (let step = steps.next(); ; step = steps.next(step.value ? parseHere(step.value.parse) : undefined))
    if (step.done) return step.value;
}

function parseHere(text: string): ParseOutcome {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: describeJsonError(error) };
  }
}

/** JSON.parse of a piece: here when small, else asked of the driver. */
function* parsePiece(text: string): Steps<ParseOutcome> {
  if (text.length < OFF_THREAD_CHARS) return parseHere(text);
  return (yield { parse: text })!;
}

/** Pauses after each slice of about SLICE_CHARS parsed; returns the events. */
function* decodeSteps(text: string, mediaType: IngestMediaType): Steps<unknown[]> {
  if (!text.trim())
    throw new ProblemError("invalid-request", "The body is empty. Send one event, an array of events, or NDJSON.");
  const events = mediaType === "application/x-ndjson" ? yield* decodeNdjson(text) : yield* decodeJson(text);
  if (events.length === 0) throw new ProblemError("invalid-request", "The body holds no events.");
  if (events.length > INGEST_LIMITS.maxEvents) {
    throw new ProblemError(
      "payload-too-large",
      `The body holds ${events.length} events; at most ${INGEST_LIMITS.maxEvents} are accepted per request.`,
    );
  }
  return events;
}

function* decodeJson(text: string): Steps<unknown[]> {
  const lone = text.trimStart().startsWith("{");
  const scan = yield* scanJsonSteps(text, { root: lone ? "$[0]" : "$" });
  // A well-formed top-level array: its items parsed a slice at a time.
  if (scan.items && scan.complete && scan.items.length <= INGEST_LIMITS.maxEvents) {
    const events: unknown[] = [];
    let parsedChars = 0;
    for (const [start, end] of scan.items) {
      const item = yield* parsePiece(text.slice(start, end));
      if (!item.ok) return yield* parseWhole(text); // its error names the place in the whole body
      events.push(item.value);
      parsedChars += end - start;
      if (parsedChars >= SLICE_CHARS) {
        parsedChars = 0;
        yield;
      }
    }
    return events;
  }
  return yield* parseWhole(text);
}

function* parseWhole(text: string): Steps<unknown[]> {
  const whole = yield* parsePiece(text);
  if (!whole.ok) {
    const error = whole.error.slice(0, 200);
    throw new ProblemError(
      "invalid-request",
      `The body is not valid JSON: ${error}. For one event per line, use Content-Type application/x-ndjson.`,
      {
        validationErrors: { $: [`not valid JSON: ${error}`] },
      },
    );
  }
  const value = whole.value;
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return [value];
  throw new ProblemError("invalid-request", "The body must be an event object or an array of event objects.", {
    validationErrors: { $: ["must be an object or an array"] },
  });
}

function* decodeNdjson(text: string): Steps<unknown[]> {
  const events: unknown[] = [];
  const errors: Record<string, string[]> = {};
  const lines = text.split(/\r?\n/);
  let parsedChars = 0;
  for (let line = 0; line < lines.length; line++) {
    if (!lines[line].trim()) continue;
    const index = events.length;
    yield* scanJsonSteps(lines[line], { root: `$[${index}]` });
    const parsed = yield* parsePiece(lines[line]);
    if (parsed.ok) events.push(parsed.value);
    else {
      events.push(undefined);
      errors[`$[${index}]`] = [`line ${line + 1} is not valid JSON: ${parsed.error.slice(0, 200)}`];
    }
    if (events.length > INGEST_LIMITS.maxEvents) break;
    parsedChars += lines[line].length;
    if (parsedChars >= SLICE_CHARS) {
      parsedChars = 0;
      yield;
    }
  }
  if (Object.keys(errors).length) {
    const count = Object.keys(errors).length;
    throw new ProblemError(
      "validation-failed",
      `${count} line${count > 1 ? "s are" : " is"} not valid JSON; nothing was stored.`,
      { validationErrors: limitErrors(errors) },
    );
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
