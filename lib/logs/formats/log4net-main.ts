// Format A: WebApiLog.log (and Docker OdsWebApi.log), log4net PatternLayout
//   %date [%thread,%property{ApiClientId},%property{CorrelationId}] %-5level %logger - MESSAGE: %message%newline %exception
// No response body, status or URL: the exception class (§E) or the route-level message tells the
// status, the controller's action name the method, its class name the resource (log-formats.md A).
import { impliedResponse } from "../exceptions";
import { logEventId } from "../event-id";
import type { LocalClock } from "../local-clock";
import type { LogRecord, RecordOutcome } from "../types";
import { evidence, firstException, property, recordText } from "./common";

/** One optional leading space: an entry without an exception ends in "\n " (the pattern's "%newline %exception"). */
const START =
  /^ ?(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) \[([^\]]{0,500})\] (DEBUG|INFO|WARN|ERROR|FATAL) +(\S{1,500}) - (?:MESSAGE: )?(.*)$/;

export function isLog4netStart(line: string): boolean {
  return START.test(line);
}

const ACTION_METHODS: ReadonlyMap<string, string> = new Map([
  ["Post", "POST"],
  ["Put", "PUT"],
  ["Delete", "DELETE"],
  ["GetAllRequest", "GET"],
  ["GetByIdRequest", "GET"],
  ["GetAll", "GET"],
  ["Get", "GET"],
]);

/** …Controllers.<Plural>.<Schema>.<Plural>Controller → "/data/v3/<schema>/<plural>" */
const CONTROLLER = /\.Controllers\.(\w{1,200})\.(\w{1,100})\.\w{1,200}Controller$/;

const ROUTE_MESSAGES: readonly { re: RegExp; status: number; method?: number; path?: number }[] = [
  { re: /^Path '([^']{0,2000})' does not exist\. Check the resource name and try again\./, status: 404, path: 1 },
  { re: /^The endpoint of the request does not support the '([A-Z]{1,20})' method\./, status: 405, method: 1 },
  {
    re: /^The 'Content-Type' header is missing\.|^The value specified in the 'Content-Type' header is not supported by this host\./,
    status: 415,
  },
  { re: /^The selected tenant '[^']{0,200}' does not exist\./, status: 404 },
];

export function parseLog4netRecord(record: LogRecord, clock: LocalClock): RecordOutcome {
  const m = START.exec(record.lines[0]);
  if (!m) return { kind: "skipped", reason: "not a log4net record" };
  const [, ts, thread, level, logger, message] = m;
  const occurredAt = clock.instant(ts);
  if (occurredAt === null) return { kind: "skipped", reason: `unreadable time "${ts}"` };
  const [, client, correlationId] = thread.split(",");
  const exception =
    firstException(record.lines.slice(1)) ??
    firstException([message.replace(/^Unhandled exception caught by ExceptionHandlingFilter: /, "")]);
  const route = ROUTE_MESSAGES.map((r) => ({ r, match: r.re.exec(message) })).find((x) => x.match);
  const base = {
    eventId: logEventId("edfi-log4net", recordText(record.lines)),
    occurredAt: new Date(occurredAt).toISOString(),
    correlationId: property(correlationId),
    client: property(client),
    partial: true as const,
  };

  if (route?.match) {
    return {
      kind: "event",
      event: {
        ...base,
        status: route.r.status,
        method: route.r.method ? route.match[route.r.method] : undefined,
        url: route.r.path ? route.match[route.r.path] : undefined,
        evidence: evidence("edfi-log4net", { level, logger, message, statusFrom: "message" }),
      },
    };
  }
  if (!exception) return { kind: "ignored", reason: "no exception and no error-response message" };
  const implied = impliedResponse(exception.type, exception.message);
  const controller = CONTROLLER.exec(logger);
  return {
    kind: "event",
    event: {
      ...base,
      status: implied.status,
      method: ACTION_METHODS.get(message.trim()),
      url: controller ? `/data/v3/${schemaSegment(controller[2])}/${lowerFirst(controller[1])}` : undefined,
      evidence: evidence("edfi-log4net", {
        level,
        logger,
        exceptionType: exception.type,
        message: exception.message,
        statusFrom: implied.certain ? "exception" : "assumed",
        typeHint: implied.type,
      }),
    },
  };
}

/** The Ed-Fi route segment of a generated controller namespace: EdFi → ed-fi, Tpdm → tpdm. */
function schemaSegment(namespacePart: string): string {
  return namespacePart === "EdFi" ? "ed-fi" : namespacePart.replace(/(?<=[a-z0-9])([A-Z])/g, "-$1").toLowerCase();
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
