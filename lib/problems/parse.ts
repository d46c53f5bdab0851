// Error body → ParsedError: picks the body family and reads Ed-Fi bodies (other APIs:
// parse-other-apis.ts; broken problem details: recover.ts). Recognises every family the sources show:
//   Ed-Fi problem details (7.2+, DMS, early DMS `urn:dms:*`), Ed-Fi ≤ 7.1 `{message, modelState}`
//   (5.x–6.x validation wrappers with tab-indented lines), ACCESS `{actionOk, error[], message}`,
//   OAuth 2.0 token errors `{error, error_description}`, IMS OneRoster `imsx_*` status info,
//   NestJS/Fastify gateways `{statusCode, message, error}`, Ed-Fi Meadowlark `{error: …}`,
//   generic `{error:{code,message,details}}` and `{error:"…"}`, text or HTML, and empty bodies.
// Every message records where it was read (`at`), for the classification's reason.
// Never throws: whatever arrives is reduced to something classifiable.
import { htmlTitle, htmlToText, looksLikeHtml } from "./html";
import { clean, emptyParse, own, statusOf, validationMessages, errorMessages } from "./parse-fields";
import {
  isAccessBody,
  isGatewayBody,
  isMeadowlarkBody,
  isOneRosterBody,
  OAUTH_ERROR,
  parseAccess,
  parseErrorList,
  parseGateway,
  parseGeneric,
  parseMeadowlark,
  parseOAuth,
  parseOneRoster,
  parseUnknownObject,
} from "./parse-other-apis";
import { recoverProblemDetails } from "./recover";
import { cleanText, isRecord, LIMITS, stringField } from "./text";
import type { BodyMessage, LogEvidenceInput, ParsedError } from "./types";

export function parseBody(body: unknown): ParsedError {
  if (typeof body === "string") return parseText(body);
  if (body === null || body === undefined) return emptyParse("text");
  if (Array.isArray(body)) return parseArray(body);
  if (isRecord(body)) return parseObject(body);
  // A bare number or boolean: keep it as text.
  return parseText(String(body));
}

/**
 * An event with no body, read from a log: the exception message (or route-level message) is its
 * one message, the type its exception class implies is implied, never received.
 */
export function parseLogEvidence(log: LogEvidenceInput): ParsedError {
  const parsed = emptyParse("log");
  parsed.impliedType = log.typeHint ? cleanText(log.typeHint, 200) : null;
  const message = log.message?.trim() ? cleanText(log.message.trim()) : null;
  parsed.detail = message;
  if (message) parsed.messages.push({ source: "message", path: null, text: message, at: "the log's message" });
  return parsed;
}

/**
 * "400: { \"message\": … }": an ETL tool's record of a failure, the status and a colon before the
 * body as received (lightbeam's results file). The body decides; the prefix gives the status.
 */
const STATUS_PREFIX = /^([1-5]\d\d): ?(?=[[{"])/;

function parseText(raw: string): ParsedError {
  const trimmed = raw.slice(0, LIMITS.textBodyChars).trim();
  const prefixed = STATUS_PREFIX.exec(trimmed);
  if (prefixed) {
    const inner = parseUnprefixedText(trimmed.slice(prefixed[0].length));
    if (inner.format !== "text") return { ...inner, status: inner.status ?? Number(prefixed[1]) };
  }
  return parseUnprefixedText(trimmed);
}

function parseUnprefixedText(trimmed: string): ParsedError {
  if (!trimmed) return emptyParse("text");
  if (/^[[{"]/.test(trimmed)) {
    try {
      return parseBody(JSON.parse(trimmed));
    } catch {
      const recovered = recoverProblemDetails(trimmed);
      if (recovered) return recovered;
    }
  } else if (trimmed.slice(0, LIMITS.recoveredChars).includes('"urn:')) {
    const recovered = recoverProblemDetails(trimmed);
    if (recovered) return recovered;
  }
  const text = looksLikeHtml(trimmed) ? htmlToText(trimmed) : trimmed;
  const parsed = emptyParse("text");
  parsed.title = looksLikeHtml(trimmed) ? htmlTitle(trimmed) : null;
  const cleaned = text ? cleanText(text) : "";
  parsed.messages = !cleaned
    ? []
    : ONE_LINE_WRAPPER.test(cleaned)
      ? oneLineParts(cleaned, "text", "body")
      : [{ source: "text", path: null, text: cleaned, at: "body" }];
  return parsed;
}

function parseArray(items: unknown[]): ParsedError {
  const parsed = emptyParse("generic");
  for (const item of items.slice(0, LIMITS.messages)) {
    const text =
      typeof item === "string"
        ? item
        : isRecord(item)
          ? (stringField(item, "message") ?? stringField(item, "detail"))
          : null;
    if (text)
      parsed.messages.push({ source: "errors", path: null, text: cleanText(text), at: `[${parsed.messages.length}]` });
  }
  return parsed;
}

function parseObject(body: Record<string, unknown>): ParsedError {
  if (isProblemDetails(body)) return parseProblemDetails(body);
  if (isAccessBody(body)) return parseAccess(body);
  if (isOneRosterBody(body)) return parseOneRoster(body);
  if (isGatewayBody(body)) return parseGateway(body);
  if (isMeadowlarkBody(body)) return parseMeadowlark(body);
  const error = own(body, "error");
  if (typeof error === "string" && OAUTH_ERROR.test(error)) return parseOAuth(body, error);
  if (Array.isArray(error)) return parseErrorList(error);
  if (isRecord(error) || typeof error === "string") return parseGeneric(body, error);
  if (stringField(body, "message") !== null || own(body, "modelState") !== undefined) return parseLegacyEdFi(body);
  return parseUnknownObject(body);
}

// ---- Ed-Fi problem details (ODS/API 7.2+, DMS) -------------------------------------------

function isProblemDetails(body: Record<string, unknown>): boolean {
  const type = stringField(body, "type");
  if (type !== null && /^urn:ed-fi:/i.test(type)) return true;
  const hasDetailOrTitle = stringField(body, "detail") !== null || stringField(body, "title") !== null;
  const hasExtension =
    own(body, "validationErrors") !== undefined ||
    own(body, "errors") !== undefined ||
    own(body, "correlationId") !== undefined;
  return hasDetailOrTitle && (type !== null || hasExtension);
}

function parseProblemDetails(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("edfi");
  parsed.receivedType = clean(stringField(body, "type"));
  parsed.title = clean(stringField(body, "title"));
  parsed.detail = clean(stringField(body, "detail"));
  parsed.status = statusOf(own(body, "status"));
  parsed.correlationId = clean(stringField(body, "correlationId"), 200);
  if (parsed.detail) parsed.messages.push({ source: "detail", path: null, text: parsed.detail, at: "detail" });
  parsed.messages.push(...errorMessages(own(body, "errors"), "errors"));
  parsed.messages.push(...validationMessages(own(body, "validationErrors"), "validationErrors"));
  parsed.messages = parsed.messages.slice(0, LIMITS.messages);
  return parsed;
}

// ---- Ed-Fi ≤ 7.1: {message, modelState?, correlationId?, code?, type?} -------------------

function parseLegacyEdFi(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("edfi");
  parsed.receivedType = clean(stringField(body, "type"));
  const message = clean(stringField(body, "message"));
  parsed.detail = message;
  parsed.correlationId = clean(stringField(body, "correlationId"), 200);
  // RESTError (ODS/API ≤ 7.1) carries the HTTP status as a numeric `code`.
  parsed.status = statusOf(own(body, "status")) ?? statusOf(own(body, "code"));
  if (message) parsed.messages.push(...legacyMessageParts(message));
  parsed.messages.push(...validationMessages(own(body, "modelState"), "modelState"));
  parsed.messages.push(...validationMessages(own(body, "validationErrors"), "validationErrors"));
  parsed.messages = parsed.messages.slice(0, LIMITS.messages);
  return parsed;
}

/** "Validation of 'Student' failed." and nested "Validation of 'X' failed." lines: wrappers, not causes. */
const VALIDATION_WRAPPER = /^Validation of ['`][^'`]*['`] failed\.?$/;
/** ValidateEnumerableAttribute (5.x–6.x): "StudentAddress[0]: City is required." */
const INDEXED_ITEM = /^(?<name>\w{1,100})\[(?<index>\d{1,6})\]: (?<rest>.+)$/;
/** ValidateObjectAttribute (5.x–6.x): "StudentReference: StudentUniqueId is required." */
const NAMED_ITEM = /^(?<name>\w{1,100}): (?<rest>.+)$/;

/**
 * A ≤ 7.1 `message` as its causes. ODS/API 5.x–6.x put a whole validation result in one message:
 * "Validation of 'Student' failed.\n\tLastSurname is required.\n\tStudentAddress[0]: City is
 * required.\n" (one tab per nesting level); ErrorTranslator (≤ 7.1) joins key-less model-state
 * errors with "," into one line. Each line or part becomes a message; item lines become
 * validation messages whose path keeps the collection index, so collection articles can tell
 * them apart and the event page lists them with the other validation errors.
 */
function legacyMessageParts(message: string): BodyMessage[] {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 1 && ONE_LINE_WRAPPER.test(lines[0])) return oneLineParts(lines[0], "message", "message");
  if (lines.length === 1) {
    const parts = lines[0].split(/(?<=\.),(?=\S)/);
    return parts.map((part, j) => ({
      source: "message",
      path: null,
      text: part,
      at: parts.length > 1 ? `message part ${j + 1}` : "message",
    }));
  }
  return validationLines(lines, "message", (i) => `message line ${i + 1}`);
}

/** Lines of a 5.x validation result: wrappers dropped (unless nothing else), item lines as validation messages. */
function validationLines(lines: string[], source: BodyMessage["source"], at: (i: number) => string): BodyMessage[] {
  const onlyWrappers = lines.every((l) => VALIDATION_WRAPPER.test(l));
  const out: BodyMessage[] = [];
  for (const [i, line] of lines.entries()) {
    if (out.length >= LIMITS.messages) break;
    if (!onlyWrappers && VALIDATION_WRAPPER.test(line)) continue;
    const item = INDEXED_ITEM.exec(line) ?? NAMED_ITEM.exec(line);
    if (!item?.groups) out.push({ source, path: null, text: line, at: at(i) });
    else
      out.push({
        source: "validation",
        path: item.groups.index === undefined ? item.groups.name : `${item.groups.name}[${item.groups.index}]`,
        text: item.groups.rest,
        at: at(i),
      });
  }
  return out;
}

/**
 * A 5.x validation result put on one line, as ETL tools log it and guides quote it: "Validation
 * of 'StudentSchoolAssociation' failed. Student reference could not be resolved." (lightbeam also
 * turns every ' into `; a guide may cut the start: "'Section' failed. …"). Split into its
 * sentences and read like the multi-line form.
 */
const ONE_LINE_WRAPPER = /^(?:Validation of )?['`][^'`]{1,200}['`] failed\. /;

function oneLineParts(line: string, source: BodyMessage["source"], where: string): BodyMessage[] {
  const sentences = sentencesOf(line).map((s) =>
    /^['`][^'`]{1,200}['`] failed\.$/.test(s) ? `Validation of ${s}` : s,
  );
  return validationLines(sentences, source, (i) => `${where} sentence ${i + 1}`);
}

/**
 * Sentences of a one-line message: split at ". " before a capital letter, a quote or a name,
 * never inside a quoted value (an apostrophe between letters, as in "caller's", is not a quote).
 * One pass, no regular expression.
 */
function sentencesOf(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
  for (let i = 0; i < line.length && out.length < LIMITS.messages; i++) {
    const c = line[i];
    if (c === "'" || c === "`") {
      if (!(isLetter(line[i - 1]) && isLetter(line[i + 1]))) quoted = !quoted;
    } else if (c === "." && line[i + 1] === " " && !quoted && /[A-Z'`]/.test(line[i + 2] ?? "")) {
      out.push(line.slice(start, i + 1).trim());
      start = i + 2;
    }
  }
  const rest = line.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}
