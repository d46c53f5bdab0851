// Error body → ParsedError. Recognises every body family the sources show:
//   Ed-Fi problem details (7.2+, DMS, early DMS `urn:dms:*`), Ed-Fi ≤ 7.1 `{message, modelState}`
//   (5.x–6.x validation wrappers with tab-indented lines), ACCESS `{actionOk, error[], message}`,
//   OAuth 2.0 token errors `{error, error_description}`, IMS OneRoster `imsx_*` status info,
//   NestJS/Fastify gateways `{statusCode, message, error}`, Ed-Fi Meadowlark `{error: …}`,
//   generic `{error:{code,message,details}}` and `{error:"…"}`, text or HTML, and empty bodies.
// Every message records where it was read (`at`), for the classification's reason.
// Never throws: whatever arrives is reduced to something classifiable.
import { htmlTitle, htmlToText, looksLikeHtml } from "./html";
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

function emptyParse(format: ParsedError["format"]): ParsedError {
  return { format, receivedType: null, title: null, detail: null, status: null, correlationId: null, codes: [], messages: [] };
}

function parseText(raw: string): ParsedError {
  const trimmed = raw.slice(0, LIMITS.textBodyChars).trim();
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
  parsed.messages = text ? [{ source: "text", path: null, text: cleanText(text), at: "body" }] : [];
  return parsed;
}

function parseArray(items: unknown[]): ParsedError {
  const parsed = emptyParse("generic");
  for (const item of items.slice(0, LIMITS.messages)) {
    const text = typeof item === "string" ? item : isRecord(item) ? (stringField(item, "message") ?? stringField(item, "detail")) : null;
    if (text) parsed.messages.push({ source: "errors", path: null, text: cleanText(text), at: `[${parsed.messages.length}]` });
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
  const hasExtension = own(body, "validationErrors") !== undefined || own(body, "errors") !== undefined || own(body, "correlationId") !== undefined;
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
const VALIDATION_WRAPPER = /^Validation of '[^']*' failed\.?$/;
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
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 1) {
    const parts = lines[0].split(/(?<=\.),(?=\S)/);
    return parts.map((part, j) => ({ source: "message", path: null, text: part, at: parts.length > 1 ? `message part ${j + 1}` : "message" }));
  }
  const onlyWrappers = lines.every((l) => VALIDATION_WRAPPER.test(l));
  const out: BodyMessage[] = [];
  for (const [i, line] of lines.entries()) {
    if (out.length >= LIMITS.messages) break;
    if (!onlyWrappers && VALIDATION_WRAPPER.test(line)) continue;
    const at = `message line ${i + 1}`;
    const item = INDEXED_ITEM.exec(line) ?? NAMED_ITEM.exec(line);
    if (!item?.groups) out.push({ source: "message", path: null, text: line, at });
    else out.push({ source: "validation", path: item.groups.index === undefined ? item.groups.name : `${item.groups.name}[${item.groups.index}]`, text: item.groups.rest, at });
  }
  return out;
}

// ---- ACCESS API: {actionOk: false, error: ["code"], message} -------------------------------

function isAccessBody(body: Record<string, unknown>): boolean {
  return own(body, "actionOk") !== undefined && (Array.isArray(own(body, "error")) || typeof own(body, "error") === "string");
}

function parseAccess(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("access");
  const error = own(body, "error");
  const codes = Array.isArray(error) ? error : [error];
  parsed.codes = codes.filter((c): c is string => typeof c === "string").slice(0, 20).map((c) => cleanText(c, 100));
  const message = clean(stringField(body, "message"));
  parsed.detail = message;
  if (message) parsed.messages.push({ source: "message", path: null, text: message, at: "message" });
  return parsed;
}

// ---- OAuth 2.0 token endpoint: {error: "invalid_client", error_description?} (RFC 6749 §5.2) ---

/** An RFC 6749 error code: lower case letters and underscores ("invalid_client", "invalid_scope"). */
const OAUTH_ERROR = /^[a-z][a-z_]{2,40}$/;

function parseOAuth(body: Record<string, unknown>, error: string): ParsedError {
  const parsed = emptyParse("oauth");
  parsed.codes = [error];
  const description = clean(stringField(body, "error_description"));
  parsed.detail = description ?? error;
  if (description) parsed.messages.push({ source: "message", path: null, text: description, at: "error_description" });
  parsed.status = statusOf(own(body, "status"));
  return parsed;
}

// ---- IMS OneRoster: {imsx_codeMajor, imsx_severity, imsx_description, imsx_CodeMinor} ------

function isOneRosterBody(body: Record<string, unknown>): boolean {
  const info = own(body, "imsx_statusInfo");
  return typeof own(body, "imsx_codeMajor") === "string" || (isRecord(info) && typeof own(info, "imsx_codeMajor") === "string");
}

function parseOneRoster(body: Record<string, unknown>): ParsedError {
  const info = isRecord(own(body, "imsx_statusInfo")) ? (own(body, "imsx_statusInfo") as Record<string, unknown>) : body;
  const parsed = emptyParse("oneroster");
  parsed.title = clean(stringField(info, "imsx_codeMajor"), 100);
  const description = clean(stringField(info, "imsx_description"));
  parsed.detail = description;
  if (description) parsed.messages.push({ source: "message", path: null, text: description, at: "imsx_description" });
  const minor = own(info, "imsx_CodeMinor") ?? own(info, "imsx_codeMinor");
  const fields = isRecord(minor) ? own(minor, "imsx_codeMinorField") : undefined;
  for (const field of (Array.isArray(fields) ? fields : isRecord(fields) ? [fields] : []).slice(0, 20)) {
    const value = isRecord(field) ? stringField(field, "imsx_codeMinorFieldValue") : null;
    if (value) parsed.codes.push(cleanText(value, 100));
  }
  return parsed;
}

// ---- NestJS / Fastify gateways and admin tools: {statusCode, message: string | string[], error?} -

function isGatewayBody(body: Record<string, unknown>): boolean {
  const message = own(body, "message");
  return typeof own(body, "statusCode") === "number" && (typeof message === "string" || Array.isArray(message));
}

function parseGateway(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("gateway");
  parsed.status = statusOf(own(body, "statusCode"));
  parsed.title = clean(stringField(body, "error"), 200);
  const message = own(body, "message");
  if (typeof message === "string") parsed.messages.push({ source: "message", path: null, text: cleanText(message), at: "message" });
  else parsed.messages.push(...errorMessages(message, "message"));
  parsed.detail = parsed.messages[0]?.text ?? parsed.title;
  return parsed;
}

// ---- Ed-Fi Meadowlark: {error: [ajv errors]}, {error: {message, failures | blockingUris}} -----

function isMeadowlarkBody(body: Record<string, unknown>): boolean {
  if (typeof own(body, "error") === "string" && own(body, "modelState") !== undefined) return true; // query validation
  const error = own(body, "error") ?? own(body, "message");
  if (Array.isArray(error)) return error.length > 0 && error.every((e) => isRecord(e) && typeof own(e, "message") === "string" && (own(e, "path") !== undefined || own(e, "context") !== undefined));
  return isRecord(error) && typeof own(error, "message") === "string" && (own(error, "failures") !== undefined || own(error, "blockingUris") !== undefined);
}

function parseMeadowlark(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("meadowlark");
  const field = own(body, "error") !== undefined ? "error" : "message";
  const error = own(body, field);
  if (typeof error === "string") {
    parsed.messages.push({ source: "message", path: null, text: cleanText(error), at: field });
    parsed.messages.push(...validationMessages(own(body, "modelState"), "modelState"));
  } else if (Array.isArray(error)) {
    parsed.messages.push(...validationMessages(error, field));
  } else if (isRecord(error)) {
    const message = cleanText(stringField(error, "message") ?? "");
    parsed.messages.push({ source: "message", path: null, text: message, at: `${field}.message` });
    const failures = own(error, "failures");
    for (const [i, f] of (Array.isArray(failures) ? failures : []).slice(0, 20).entries()) {
      const name = isRecord(f) ? stringField(f, "resourceName") : null;
      if (name) parsed.messages.push({ source: "errors", path: null, text: `${cleanText(name, 100)} reference could not be resolved.`, at: `${field}.failures[${i}].resourceName` });
    }
  }
  parsed.detail = parsed.messages[0]?.text ?? null;
  return parsed;
}

// ---- generic: {error: {code, message, details}} or {error: "message"} ---------------------

function parseGeneric(body: Record<string, unknown>, error: Record<string, unknown> | string): ParsedError {
  const parsed = emptyParse("generic");
  let at = "error";
  if (typeof error === "string") {
    parsed.detail = clean(error);
  } else {
    const code = stringField(error, "code") ?? (typeof own(error, "code") === "number" ? String(own(error, "code")) : null);
    if (code) parsed.codes = [cleanText(code, 100)];
    parsed.detail = clean(stringField(error, "message"));
    at = "error.message";
    const details = own(error, "details");
    if (typeof details === "string") parsed.messages.push({ source: "errors", path: null, text: cleanText(details), at: "error.details" });
    if (Array.isArray(details)) parsed.messages.push(...errorMessages(details, "error.details"));
  }
  parsed.status = statusOf(own(body, "status"));
  if (parsed.detail) parsed.messages.unshift({ source: "message", path: null, text: parsed.detail, at });
  return parsed;
}

/** `{error: ["…", {message}]}`: a list of messages (Meadowlark's constraint failures, other APIs). */
function parseErrorList(errors: unknown[]): ParsedError {
  const parsed = emptyParse("generic");
  parsed.messages = errorMessages(errors, "error");
  parsed.detail = parsed.messages[0]?.text ?? null;
  return parsed;
}

function parseUnknownObject(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("generic");
  for (const key of ["detail", "title", "error_description", "description", "msg"]) {
    const v = stringField(body, key);
    if (v) parsed.messages.push({ source: "message", path: null, text: cleanText(v), at: key });
  }
  parsed.detail = parsed.messages[0]?.text ?? null;
  parsed.status = statusOf(own(body, "status"));
  return parsed;
}

// ---- pieces -------------------------------------------------------------------------------

function errorMessages(errors: unknown, field: string): BodyMessage[] {
  const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
  const out: BodyMessage[] = [];
  for (const [i, item] of list.slice(0, LIMITS.messages).entries()) {
    const text = typeof item === "string" ? item : isRecord(item) ? (stringField(item, "message") ?? stringField(item, "detail") ?? safeStringify(item)) : null;
    if (text) out.push({ source: "errors", path: null, text: cleanText(text), at: Array.isArray(errors) ? `${field}[${i}]` : field });
  }
  return out;
}

/**
 * `{"$.a": ["m1", "m2"]}`, `{"a": "m"}` or `[{path|instancePath|memberNames, message}]` →
 * messages with paths (FluentValidation keys without `$.`, ASP.NET model state, ajv errors).
 */
function validationMessages(value: unknown, field: string): BodyMessage[] {
  const out: BodyMessage[] = [];
  if (isRecord(value)) {
    for (const [path, messages] of Object.entries(value).slice(0, LIMITS.messages)) {
      const list = Array.isArray(messages) ? messages : [messages];
      const key = JSON.stringify(cleanText(path, 100));
      for (const [j, m] of list.slice(0, 20).entries()) {
        const text = typeof m === "string" ? m : isRecord(m) ? stringField(m, "message") : null;
        if (text) out.push({ source: "validation", path: cleanText(path, 500), text: cleanText(text), at: Array.isArray(messages) ? `${field}[${key}][${j}]` : `${field}[${key}]` });
      }
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.slice(0, LIMITS.messages).entries()) {
      const at = `${field}[${i}]`;
      if (typeof item === "string") out.push({ source: "validation", path: null, text: cleanText(item), at });
      else if (isRecord(item)) {
        const text = stringField(item, "message");
        const members = own(item, "memberNames");
        const path = stringField(item, "path") ?? stringField(item, "instancePath") ?? (Array.isArray(members) ? String(members[0] ?? "") : null);
        if (text) out.push({ source: "validation", path: path ? cleanText(path, 500) : null, text: cleanText(text), at });
      }
    }
  }
  return out.slice(0, LIMITS.messages);
}

/**
 * Problem details that are not valid JSON (both knowledge-base copies show such bodies: a
 * missing opening brace, a missing comma): the well-formed string fields are still readable.
 * One pass over the text's JSON tokens (jsonTokens): no pattern ever rescans it.
 */
export function recoverProblemDetails(text: string): ParsedError | null {
  const tokens = jsonTokens(text.slice(0, LIMITS.recoveredChars));
  const fields = new Map<string, string>();
  const lists: { key: string; items: string[] }[] = [];
  let status: number | null = null;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [key, colon, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (key.kind !== "string" || colon.kind !== ":") continue;
    if (value.kind === "string" && !fields.has(key.text)) fields.set(key.text, value.text);
    else if (value.kind === "other" && key.text === "status" && status === null) status = statusOf(value.text);
    else if (value.kind === "[") {
      const items: string[] = [];
      let j = i + 3;
      // A list ends at its "]" or, when that is missing, where the next "key": begins.
      for (; j < tokens.length && tokens[j].kind !== "]" && !(tokens[j].kind === "string" && tokens[j + 1]?.kind === ":"); j++) {
        if (tokens[j].kind === "string") items.push(tokens[j].text);
      }
      lists.push({ key: key.text, items });
      i = j - 1;
    }
  }
  const type = fields.get("type") ?? null;
  const detail = fields.get("detail") ?? null;
  if (!type && !detail) return null;
  const parsed = emptyParse(type && /^urn:ed-fi:/i.test(type) ? "edfi" : "generic");
  parsed.receivedType = clean(type);
  parsed.title = clean(fields.get("title") ?? null);
  parsed.detail = clean(detail);
  parsed.correlationId = clean(fields.get("correlationId") ?? null, 200);
  parsed.status = status ?? statusOf(fields.get("status"));
  if (parsed.detail) parsed.messages.push({ source: "detail", path: null, text: parsed.detail, at: "detail" });
  for (const list of lists) {
    const key = JSON.stringify(cleanText(list.key, 100));
    if (list.key === "errors") for (const [i, m] of list.items.entries()) if (m) parsed.messages.push({ source: "errors", path: null, text: cleanText(m), at: `errors[${i}]` });
    if (list.key.startsWith("$")) for (const [i, m] of list.items.entries()) parsed.messages.push({ source: "validation", path: cleanText(list.key, 500), text: cleanText(m), at: `validationErrors[${key}][${i}]` });
  }
  parsed.messages = parsed.messages.slice(0, LIMITS.messages);
  return parsed;
}

type JsonToken = { kind: "string" | "other"; text: string } | { kind: ":" | "[" | "]"; text: "" };

const QUOTE = 34;
const BACKSLASH = 92;
/** Characters that end a run of other text: " { } [ ] : , and white space. */
const DELIMITERS = new Set([34, 123, 125, 91, 93, 58, 44, 32, 10, 13, 9]);

/** The tokens of JSON-like text in one pass: strings (unescaped), ":", "[", "]", and other runs. */
function jsonTokens(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      tokens.push({ kind: "string", text: unescapeJsonString(text.slice(i + 1, Math.min(j, text.length))) });
      i = j + 1;
    } else if (c === 58 || c === 91 || c === 93) {
      tokens.push({ kind: c === 58 ? ":" : c === 91 ? "[" : "]", text: "" });
      i++;
    } else if (DELIMITERS.has(c)) {
      i++;
    } else {
      let j = i + 1;
      while (j < text.length && !DELIMITERS.has(text.charCodeAt(j))) j++;
      tokens.push({ kind: "other", text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function unescapeJsonString(s: string): string {
  if (!s.includes("\\")) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

function statusOf(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function clean(value: string | null, max?: number): string | null {
  return value === null ? null : cleanText(value, max);
}

function safeStringify(value: unknown): string | null {
  try {
    return JSON.stringify(value)?.slice(0, LIMITS.messageChars) ?? null;
  } catch {
    return null;
  }
}
