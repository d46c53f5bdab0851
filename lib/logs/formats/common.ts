// Pieces every log format shares: null properties, exception lines, .NET status names, paths.
import type { LogEvidence, LogFormat } from "../types";

/** log4net renders a null property as "(null)" (log-formats.md §1); empty means unset too. */
export function property(value: string | undefined | null): string | undefined {
  const v = value?.trim();
  return v && v !== "(null)" ? v : undefined;
}

/** "EdFi.Ods.Common.Exceptions.NotFoundException: Entity of type …" (a continuation line). */
const EXCEPTION_LINE = /^([A-Za-z_][\w.+`]{0,300}(?:Exception|Error))(?: \(0x[0-9A-Fa-f]{1,8}\))?: (.*)$/;

/** The first exception line among a record's continuation lines. */
export function firstException(lines: readonly string[]): { type: string; message: string } | null {
  for (const line of lines) {
    const m = EXCEPTION_LINE.exec(line.trim());
    if (m) return { type: m[1], message: m[2] };
  }
  return null;
}

/** System.Net.HttpStatusCode names the ODS/API logs as ResponseMessage. */
const STATUS_NAMES: ReadonlyMap<string, number> = new Map([
  ["BadRequest", 400],
  ["Unauthorized", 401],
  ["PaymentRequired", 402],
  ["Forbidden", 403],
  ["NotFound", 404],
  ["MethodNotAllowed", 405],
  ["NotAcceptable", 406],
  ["RequestTimeout", 408],
  ["Conflict", 409],
  ["Gone", 410],
  ["LengthRequired", 411],
  ["PreconditionFailed", 412],
  ["RequestEntityTooLarge", 413],
  ["UnsupportedMediaType", 415],
  ["UnprocessableEntity", 422],
  ["TooManyRequests", 429],
  ["InternalServerError", 500],
  ["NotImplemented", 501],
  ["BadGateway", 502],
  ["ServiceUnavailable", 503],
  ["GatewayTimeout", 504],
]);

export function statusOfName(name: string | undefined): number | null {
  return name ? (STATUS_NAMES.get(name.trim()) ?? null) : null;
}

/** An HTTP status from a number or three digits, as the body parsers read one. */
export { statusOf } from "../../problems/parse-fields";

export function evidence(format: LogFormat, fields: Partial<LogEvidence>): LogEvidence {
  return {
    format,
    level: null,
    logger: null,
    exceptionType: null,
    message: null,
    statusFrom: "log",
    typeHint: null,
    ...fields,
  };
}

/** A record's text, for its stable id and nothing else. */
export function recordText(lines: readonly string[]): string {
  return lines.join("\n");
}
