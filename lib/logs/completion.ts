// What a partial event lacks and which log would complete it, per source format
// (log-formats.md §0, §C and §F): shown on the event page. Pure.
import type { LogFormat } from "./types";

export const FORMAT_NAMES: Readonly<Record<LogFormat, string>> = {
  ndjson: "an NDJSON file of events",
  "edfi-log4net": "the ODS/API log (WebApiLog.log)",
  "edfi-request-log": "the ODS/API request-details log (WebApiRequestResponseDetailsLog.log)",
  "edfi-content-log": "the ODS/API RequestResponseContentLog table",
  "dms-json": "the Data Management Service log (JSON)",
  "dms-text": "the Data Management Service log (text)",
};

const CONTENT_LOG =
  "Turn on the ODS/API's RequestResponseContentLog (LogRequestResponseContentForMinutes above 0, " +
  "the RequestResponseContentLogger at INFO) and import it with --format edfi-content-log: " +
  "its rows carry the body, and they complete this event by its correlationId.";

/** The Data Management Service logs no bodies (JSON or text alike). */
const DMS_NO_BODY =
  "The Data Management Service logs no response body: have the API client post its error responses to Triage; " +
  "they complete this event by its correlationId (the log's TraceId).";

export const HOW_TO_COMPLETE: Readonly<Record<LogFormat, string>> = {
  ndjson: "The event was sent without a body: send the response body with it.",
  "edfi-log4net": `${CONTENT_LOG} The request-details log (level INFO) adds the method, URL and status.`,
  "edfi-request-log": CONTENT_LOG,
  "edfi-content-log":
    "This row has no ResponseBody: set the content logger's threshold to INFO so 4xx bodies are kept, not only 500s.",
  "dms-json": DMS_NO_BODY,
  "dms-text": DMS_NO_BODY,
};

export function isLogFormat(value: unknown): value is LogFormat {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(FORMAT_NAMES, value);
}
