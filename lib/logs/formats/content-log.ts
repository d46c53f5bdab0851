// Format C: the RequestResponseContentLog table (opt-in; the only ODS/API source with the
// problem-details body), exported as CSV with a header row (README "Connect your Ed-Fi API" has the
// SQL). Columns by name, case-insensitive: Date, CorrelationId, ApiClientId, RequestUrl (with the
// query string), RequestMethod, ResponseBody, ResponseMessage, Exception. No status column: the
// body's `status`, else ResponseMessage's status name (log-formats.md C).
import { logEventId } from "../event-id";
import type { LocalClock } from "../local-clock";
import type { LogRecord, RecordOutcome } from "../types";
import { csvFields } from "../csv";
import { evidence, firstException, property, statusOf, statusOfName } from "./common";

export interface ContentLogHeader {
  index: Map<string, number>;
}

export function contentLogHeader(fields: string[]): ContentLogHeader | null {
  const index = new Map(fields.map((f, i) => [f.trim().toLowerCase(), i] as const));
  return index.has("date") && (index.has("responsebody") || index.has("responsemessage")) ? { index } : null;
}

export function parseContentLogRecord(record: LogRecord, header: ContentLogHeader, clock: LocalClock): RecordOutcome {
  const values = csvFields(record.lines.join("\n"));
  if (!values) return { kind: "skipped", reason: "unterminated quoted field (a file cut mid-record?)" };
  const get = (name: string) => {
    const i = header.index.get(name);
    return i === undefined ? undefined : values[i];
  };
  const date = get("date")?.trim() ?? "";
  const occurredAt = /[zZ]|[+-]\d{2}:?\d{2}$/.test(date)
    ? Date.parse(date)
    : clock.instant(date.replace(/(\.\d{3})\d+$/, "$1"));
  if (occurredAt === null || Number.isNaN(occurredAt))
    return { kind: "skipped", reason: `unreadable Date "${date.slice(0, 40)}"` };
  const rawBody = get("responsebody")?.trim();
  let body: unknown;
  if (rawBody) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody; // kept as received; classification reads text bodies too
    }
  }
  const bodyStatus =
    typeof body === "object" && body !== null && "status" in body
      ? statusOf((body as { status?: unknown }).status as number)
      : null;
  const status = bodyStatus ?? statusOfName(get("responsemessage"));
  if (status === null)
    return { kind: "skipped", reason: "no status: neither ResponseBody.status nor a status name in ResponseMessage" };
  if (status < 400) return { kind: "ignored", reason: "not an error response" };
  const exception = firstException((get("exception") ?? "").split("\n"));
  return {
    kind: "event",
    event: {
      eventId: logEventId("edfi-content-log", record.lines.join("\n")),
      occurredAt: new Date(occurredAt).toISOString(),
      method: property(get("requestmethod"))?.toUpperCase(),
      url: property(get("requesturl")),
      status,
      ...(body === undefined ? {} : { body }),
      correlationId: property(get("correlationid")),
      client: property(get("apiclientid")),
      partial: body === undefined,
      evidence: evidence("edfi-content-log", {
        level: property(get("level")) ?? null,
        exceptionType: exception?.type ?? null,
        message: exception?.message ?? null,
      }),
    },
  };
}
