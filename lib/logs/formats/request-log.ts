// Format B: WebApiRequestResponseDetailsLog.log (Docker: WebApiRequestResponse.log)
//   %date [%thread] %-5level ClientId:… CorrelationId:… RequestUrl:… RequestMethod:… ProfilesHeader:… ResponseCode:… ResponseMessage:%message%n
// Method, URL (no query), status, ApiClientId and correlationId; no body. 4xx lines appear only with
// the logger at INFO; a 500 says "Detail: …, Errors: …" and its exception follows (log-formats.md B).
// Fields are found by their labels in order (indexOf), never by backtracking patterns.
import { impliedResponse } from "../exceptions";
import { logEventId } from "../event-id";
import type { LocalClock } from "../local-clock";
import type { LogRecord, RecordOutcome } from "../types";
import { evidence, firstException, property, recordText, statusOf, statusOfName } from "./common";

const START = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) \[([^\]]{0,500})\] ([A-Z]{3,5}) +ClientId:/;

export function isRequestLogStart(line: string): boolean {
  return START.test(line);
}

const LABELS = [
  "ClientId:",
  " CorrelationId:",
  " RequestUrl:",
  " RequestMethod:",
  " ProfilesHeader:",
  " ResponseCode:",
  " ResponseMessage:",
] as const;
type Label = (typeof LABELS)[number];

/** Each label's value: the text up to the next label present. CorrelationId is absent before 7.1 and in Docker. */
function fields(line: string): Map<Label, string> | null {
  const found: { label: Label; at: number }[] = [];
  let from = 0;
  for (const label of LABELS) {
    const at = line.indexOf(label, from);
    if (at < 0) {
      if (label === " CorrelationId:") continue;
      return null;
    }
    found.push({ label, at });
    from = at + label.length;
  }
  const out = new Map<Label, string>();
  for (const [i, f] of found.entries())
    out.set(f.label, line.slice(f.at + f.label.length, i + 1 < found.length ? found[i + 1].at : undefined));
  return out;
}

export function parseRequestLogRecord(record: LogRecord, clock: LocalClock): RecordOutcome {
  const first = record.lines[0];
  const m = START.exec(first);
  const f = m ? fields(first) : null;
  if (!m || !f)
    return { kind: "skipped", reason: "not a request-details record (ClientId … ResponseMessage: expected)" };
  const occurredAt = clock.instant(m[1]);
  if (occurredAt === null) return { kind: "skipped", reason: `unreadable time "${m[1]}"` };
  const message = f.get(" ResponseMessage:")!;
  const status = statusOf(f.get(" ResponseCode:")?.trim()) ?? statusOfName(message);
  if (status === null) return { kind: "skipped", reason: "no response code" };
  if (status < 400) return { kind: "ignored", reason: "not an error response" };
  const exception = firstException(record.lines.slice(1));
  const detail = message.startsWith("Detail: ") ? message.slice("Detail: ".length) : null;
  const implied = exception ? impliedResponse(exception.type, exception.message) : null;
  return {
    kind: "event",
    event: {
      eventId: logEventId("edfi-request-log", recordText(record.lines)),
      occurredAt: new Date(occurredAt).toISOString(),
      method: property(f.get(" RequestMethod:"))?.toUpperCase(),
      url: property(f.get(" RequestUrl:")),
      status,
      correlationId: property(f.get(" CorrelationId:")),
      client: property(f.get("ClientId:")),
      partial: true,
      evidence: evidence("edfi-request-log", {
        level: m[3],
        exceptionType: exception?.type ?? null,
        // "Detail: An unexpected problem has occurred., Errors: …" or the status name only.
        message: detail ?? exception?.message ?? null,
        statusFrom: "log",
        typeHint: implied?.certain ? implied.type : status >= 500 ? "urn:ed-fi:api:system" : null,
      }),
    },
  };
}
