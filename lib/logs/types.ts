// The vocabulary of log import: the formats an Ed-Fi host writes, a record read from one, and the
// event it becomes (../shared/reference/log-formats.md). Pure.

export const LOG_FORMATS = [
  "ndjson",
  "edfi-log4net",
  "edfi-request-log",
  "edfi-content-log",
  "dms-json",
  "dms-text",
] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** One record of a log: a line, or a line and its continuation lines (exceptions, stack traces). */
export interface LogRecord {
  /** 1-based number of the record's first line in its file. */
  line: number;
  lines: string[];
}

/** What a log says about a response besides its body: kept with partial events. */
export interface LogEvidence {
  format: LogFormat;
  level: string | null;
  /** log4net logger or Serilog SourceContext. */
  logger: string | null;
  /** .NET exception class of the first exception line (`EdFi.Ods.Common.Exceptions.NotFoundException`). */
  exceptionType: string | null;
  /** The message the log gives: an exception message, a route-level message, or "Detail: …, Errors: …". */
  message: string | null;
  /** Where the status came from: the log itself, the exception class, a route-level message, or assumed. */
  statusFrom: "log" | "exception" | "message" | "assumed";
  /** The problem type the exception class implies (log-formats.md §E), when it implies one. */
  typeHint: string | null;
}

/** An error response read from a log, shaped like an ingest event. */
export interface LogEvent {
  eventId: string;
  /** ISO instant; absent when the source does not say (ingest then uses the time it was read). */
  occurredAt?: string;
  method?: string;
  url?: string;
  status: number;
  body?: unknown;
  correlationId?: string;
  /** The ODS/API's numeric ApiClientId, or a client name. */
  client?: string;
  /** No response body in the source: classified from the evidence alone. */
  partial: boolean;
  evidence: LogEvidence;
}

/** What became of a record: an event, nothing (not an error response), or a skip with its reason. */
export type RecordOutcome =
  { kind: "event"; event: LogEvent } | { kind: "ignored"; reason: string } | { kind: "skipped"; reason: string };
