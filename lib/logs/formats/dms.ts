// Format D: the Data Management Service (Ed-Fi API v8).
//  - dms-json (v8.0.0+): Serilog JsonFormatter, one object per line. HttpRequestCompleted (1228001)
//    and HttpRequestFailed (1228002) events of the Frontend layer carry Method, PathBase + Path,
//    StatusCode and TraceId (the body's correlationId); the Core layer's failed event carries the
//    Exception and is joined on TraceId. No body, no client (log-formats.md D).
//  - dms-text (v0.7.0 and earlier): "{Timestamp} {Level:u3} Request completed: {Method} {Path} -
//    Status: {StatusCode} - Duration: {Duration}ms - TraceId: {TraceId}", local time; "Request
//    failed: …" has no status (a 500) and its exception follows.
import { logEventId } from "../event-id";
import type { LocalClock } from "../local-clock";
import type { LogRecord, RecordOutcome } from "../types";
import { isRecord } from "../../problems/text";
import { evidence, firstException, recordText, statusOf } from "./common";

const COMPLETED = 1228001;
const FAILED = 1228002;
const REMEMBERED_EXCEPTIONS = 10_000;

/** Reads a file's JSON lines in order; remembers the Core layer's exceptions for the Frontend event that follows. */
export class DmsJsonReader {
  private readonly coreExceptions = new Map<string, string>();

  parse(record: LogRecord): RecordOutcome {
    let entry: unknown;
    try {
      entry = JSON.parse(record.lines[0]);
    } catch {
      return { kind: "skipped", reason: "not JSON (a line cut short?)" };
    }
    if (!isRecord(entry) || !isRecord(entry.Properties))
      return { kind: "skipped", reason: "not a Serilog JSON event (no Properties)" };
    const p = entry.Properties;
    const eventId = isRecord(p.EventId) ? p.EventId.Id : undefined;
    if (eventId !== COMPLETED && eventId !== FAILED) return { kind: "ignored", reason: "not a request event" };
    const traceId = typeof p.TraceId === "string" ? p.TraceId : undefined;
    if (p.RequestLayer === "Core") {
      if (traceId && typeof entry.Exception === "string") {
        if (this.coreExceptions.size >= REMEMBERED_EXCEPTIONS) this.coreExceptions.clear();
        this.coreExceptions.set(traceId, entry.Exception);
      }
      return { kind: "ignored", reason: "core-layer event (the frontend event counts the request)" };
    }
    const status = statusOf(p.StatusCode as number);
    if (status === null) return { kind: "skipped", reason: "no StatusCode" };
    if (status < 400) return { kind: "ignored", reason: "not an error response" };
    const occurredAt = typeof entry.Timestamp === "string" ? Date.parse(entry.Timestamp) : NaN;
    if (Number.isNaN(occurredAt)) return { kind: "skipped", reason: "no readable Timestamp" };
    const exceptionText =
      typeof entry.Exception === "string" ? entry.Exception : traceId ? this.coreExceptions.get(traceId) : undefined;
    if (traceId) this.coreExceptions.delete(traceId);
    const exception = exceptionText ? firstException(exceptionText.split("\n")) : null;
    const path = `${typeof p.PathBase === "string" ? p.PathBase : ""}${typeof p.Path === "string" ? p.Path : ""}`;
    return {
      kind: "event",
      event: {
        eventId: logEventId("dms-json", record.lines[0]),
        occurredAt: new Date(occurredAt).toISOString(),
        method: typeof p.Method === "string" ? p.Method.toUpperCase() : undefined,
        url: path || undefined,
        status,
        correlationId: traceId,
        partial: true,
        evidence: evidence("dms-json", {
          level: typeof entry.Level === "string" ? entry.Level : null,
          logger: typeof p.SourceContext === "string" ? p.SourceContext : null,
          exceptionType: exception?.type ?? null,
          message: exception?.message ?? null,
        }),
      },
    };
  }
}

const TEXT_START = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) ([A-Z]{3}) /;
const COMPLETED_TEXT =
  /^Request completed: (\S{1,20}) (\S{1,4000}) - Status: (\d{3}) - Duration: \d{1,10}ms - TraceId: (\S{1,200})$/;
const FAILED_TEXT = /^Request failed: (\S{1,20}) (\S{1,4000}) - Duration: \d{1,10}ms - TraceId: (\S{1,200})$/;

export function isDmsTextStart(line: string): boolean {
  return TEXT_START.test(line);
}

export function parseDmsTextRecord(record: LogRecord, clock: LocalClock): RecordOutcome {
  const m = TEXT_START.exec(record.lines[0]);
  if (!m) return { kind: "skipped", reason: "not a DMS log line" };
  const message = record.lines[0].slice(m[0].length);
  const completed = COMPLETED_TEXT.exec(message);
  const failed = completed ? null : FAILED_TEXT.exec(message);
  if (!completed && !failed) return { kind: "ignored", reason: "not a request line" };
  const status = completed ? Number(completed[3]) : 500;
  if (status < 400) return { kind: "ignored", reason: "not an error response" };
  const occurredAt = clock.instant(m[1]);
  if (occurredAt === null) return { kind: "skipped", reason: `unreadable time "${m[1]}"` };
  const exception = firstException(record.lines.slice(1));
  const [method, path, traceId] = completed
    ? [completed[1], completed[2], completed[4]]
    : [failed![1], failed![2], failed![3]];
  return {
    kind: "event",
    event: {
      eventId: logEventId("dms-text", recordText(record.lines)),
      occurredAt: new Date(occurredAt).toISOString(),
      method: method.toUpperCase(),
      url: path,
      status,
      correlationId: traceId,
      partial: true,
      evidence: evidence("dms-text", {
        level: m[2],
        exceptionType: exception?.type ?? null,
        message: exception?.message ?? null,
        statusFrom: completed ? "log" : "assumed",
      }),
    },
  };
}
