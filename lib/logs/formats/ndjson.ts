// ndjson: one ingest event per line, as POST /api/v1/events takes them (an API that wrote its
// error responses to a file). An event without an eventId gets a stable one from its line.
import { logEventId } from "../event-id";
import type { LogRecord, RecordOutcome } from "../types";
import { evidence, statusOf } from "./common";

export function parseNdjsonRecord(record: LogRecord): RecordOutcome {
  const line = record.lines[0].trim();
  if (!line) return { kind: "ignored", reason: "empty line" };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "skipped", reason: "not JSON (a line cut short?)" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { kind: "skipped", reason: "not a JSON object" };
  const e = value as Record<string, unknown>;
  const status = statusOf(e.status as number);
  if (status === null) return { kind: "skipped", reason: "status: is required (the HTTP status code, a number)" };
  const text = (k: string) => (typeof e[k] === "string" ? (e[k] as string) : undefined);
  return {
    kind: "event",
    event: {
      ...(e as object),
      eventId: text("eventId") ?? logEventId("ndjson", line),
      occurredAt: text("occurredAt"),
      status,
      partial: e.body === undefined,
      evidence: evidence("ndjson", {}),
    },
  };
}
