// Error body → ParsedError. Recognises every body family the sources show:
//   Ed-Fi problem details (7.2+, DMS), Ed-Fi ≤ 7.1 `{message, modelState}`,
//   ACCESS `{actionOk, error[], message}`, generic `{error:{code,message,details}}` and
//   `{error:"…"}`, non-JSON text or HTML, and empty bodies.
// Never throws: whatever arrives is reduced to something classifiable.
import { htmlTitle, htmlToText, looksLikeHtml } from "./html";
import { cleanText, isRecord, LIMITS, stringField } from "./text";
import type { BodyMessage, ParsedError } from "./types";

export function parseBody(body: unknown): ParsedError {
  if (typeof body === "string") return parseText(body);
  if (body === null || body === undefined) return emptyParse("text");
  if (Array.isArray(body)) return parseArray(body);
  if (isRecord(body)) return parseObject(body);
  // A bare number or boolean: keep it as text.
  return parseText(String(body));
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
  parsed.messages = text ? [{ source: "text", path: null, text: cleanText(text) }] : [];
  return parsed;
}

function parseArray(items: unknown[]): ParsedError {
  const parsed = emptyParse("generic");
  for (const item of items.slice(0, LIMITS.messages)) {
    const text = typeof item === "string" ? item : isRecord(item) ? (stringField(item, "message") ?? stringField(item, "detail")) : null;
    if (text) parsed.messages.push({ source: "errors", path: null, text: cleanText(text) });
  }
  return parsed;
}

function parseObject(body: Record<string, unknown>): ParsedError {
  if (isProblemDetails(body)) return parseProblemDetails(body);
  if (isAccessBody(body)) return parseAccess(body);
  const error = own(body, "error");
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
  if (parsed.detail) parsed.messages.push({ source: "detail", path: null, text: parsed.detail });
  parsed.messages.push(...errorMessages(own(body, "errors")));
  parsed.messages.push(...validationMessages(own(body, "validationErrors")));
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
  // ErrorTranslator (≤ 7.1) joins key-less model-state errors with "," into one message.
  for (const part of message ? message.split(/(?<=\.),(?=\S)/) : []) {
    parsed.messages.push({ source: "message", path: null, text: part });
  }
  parsed.messages.push(...validationMessages(own(body, "modelState")));
  parsed.messages.push(...validationMessages(own(body, "validationErrors")));
  parsed.messages = parsed.messages.slice(0, LIMITS.messages);
  return parsed;
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
  if (message) parsed.messages.push({ source: "message", path: null, text: message });
  return parsed;
}

// ---- generic: {error: {code, message, details}} or {error: "message"} ---------------------

/** Prefix of an OAuth 2.0 error code among ParsedError.codes (RFC 6749 §5.2: `{"error", "error_description"}`). */
export const OAUTH_CODE = "oauth:";

function parseGeneric(body: Record<string, unknown>, error: Record<string, unknown> | string): ParsedError {
  const parsed = emptyParse("generic");
  if (typeof error === "string" && /^[a-z][a-z_]{2,40}$/.test(error)) {
    parsed.codes = [`${OAUTH_CODE}${error}`];
    parsed.detail = clean(stringField(body, "error_description")) ?? error;
  } else if (typeof error === "string") {
    parsed.detail = clean(error);
  } else {
    const code = stringField(error, "code") ?? (typeof own(error, "code") === "number" ? String(own(error, "code")) : null);
    if (code) parsed.codes = [cleanText(code, 100)];
    parsed.detail = clean(stringField(error, "message"));
    const details = own(error, "details");
    if (typeof details === "string") parsed.messages.push({ source: "errors", path: null, text: cleanText(details) });
    if (Array.isArray(details)) parsed.messages.push(...errorMessages(details));
  }
  parsed.status = statusOf(own(body, "status"));
  if (parsed.detail) parsed.messages.unshift({ source: "message", path: null, text: parsed.detail });
  return parsed;
}

function parseUnknownObject(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("generic");
  for (const key of ["detail", "title", "error_description", "description", "msg"]) {
    const v = stringField(body, key);
    if (v) parsed.messages.push({ source: "message", path: null, text: cleanText(v) });
  }
  parsed.detail = parsed.messages[0]?.text ?? null;
  parsed.status = statusOf(own(body, "status"));
  return parsed;
}

// ---- pieces -------------------------------------------------------------------------------

function errorMessages(errors: unknown): BodyMessage[] {
  const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
  const out: BodyMessage[] = [];
  for (const item of list.slice(0, LIMITS.messages)) {
    const text = typeof item === "string" ? item : isRecord(item) ? (stringField(item, "message") ?? stringField(item, "detail") ?? safeStringify(item)) : null;
    if (text) out.push({ source: "errors", path: null, text: cleanText(text) });
  }
  return out;
}

/** `{"$.a": ["m1", "m2"]}`, `{"a": "m"}` or `[{path|memberNames, message}]` → messages with paths. */
function validationMessages(value: unknown): BodyMessage[] {
  const out: BodyMessage[] = [];
  if (isRecord(value)) {
    for (const [path, messages] of Object.entries(value).slice(0, LIMITS.messages)) {
      const list = Array.isArray(messages) ? messages : [messages];
      for (const m of list.slice(0, 20)) {
        const text = typeof m === "string" ? m : isRecord(m) ? stringField(m, "message") : null;
        if (text) out.push({ source: "validation", path: cleanText(path, 500), text: cleanText(text) });
      }
    }
  } else if (Array.isArray(value)) {
    for (const item of value.slice(0, LIMITS.messages)) {
      if (typeof item === "string") out.push({ source: "validation", path: null, text: cleanText(item) });
      else if (isRecord(item)) {
        const text = stringField(item, "message");
        const path = stringField(item, "path") ?? (Array.isArray(own(item, "memberNames")) ? String((own(item, "memberNames") as unknown[])[0] ?? "") : null);
        if (text) out.push({ source: "validation", path: path ? cleanText(path, 500) : null, text: cleanText(text) });
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
  if (parsed.detail) parsed.messages.push({ source: "detail", path: null, text: parsed.detail });
  for (const list of lists) {
    if (list.key === "errors") for (const m of list.items) if (m) parsed.messages.push({ source: "errors", path: null, text: cleanText(m) });
    if (list.key.startsWith("$")) for (const m of list.items) parsed.messages.push({ source: "validation", path: cleanText(list.key, 500), text: cleanText(m) });
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
