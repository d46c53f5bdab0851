// FERPA: everything a sender gives us besides the response body is redacted before the write,
// by the rules in privacy-rules.ts: request bodies by field name at any depth (JSON, form-encoded
// or `name: value` text) and by value detectors (e-mail, phone, SSN-like); URL query values;
// header values outside an allow-list. With TRIAGE_REDACT_RESPONSE_VALUES=1 the response body's
// quoted values are masked too (after classification, which sees them as received).
import { PRIVACY_RULES, REDACTED, type FieldRule } from "./privacy-rules";
import { isRecord, LIMITS, setOwn, toStorableJson } from "./text";

export { REDACTED } from "./privacy-rules";

/** Field names compare case- and punctuation-insensitively (first_name = firstName). */
function normalise(field: string): string {
  let out = "";
  for (const c of field.slice(0, 200).toLowerCase()) if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9")) out += c;
  return out;
}

function ruleMatches(rule: FieldRule, name: string): boolean {
  if (rule.except?.includes(name)) return false;
  return (
    (rule.equals?.includes(name) ?? false) ||
    (rule.prefixes?.some((p) => name.startsWith(p)) ?? false) ||
    (rule.suffixes?.some((s) => name.endsWith(s)) ?? false) ||
    (rule.contains?.some((c) => name.includes(c)) ?? false)
  );
}

/** Decides whether a field name is personal data; remembers its answers (names repeat). */
export class FieldMatcher {
  private readonly extra: Set<string>;
  private readonly known = new Map<string, boolean>();

  constructor(extraFields: readonly string[] = []) {
    this.extra = new Set(extraFields.map(normalise).filter(Boolean));
  }

  private readonly storedNames = new Map<string, string>();

  /** A field or header name as stored: names can carry values too (`{"jane@x.org": …}`). */
  storedName(field: string): string {
    let name = this.storedNames.get(field);
    if (name === undefined) {
      name = redactValues(field.slice(0, 200));
      if (this.storedNames.size < 10_000) this.storedNames.set(field, name);
    }
    return name;
  }

  isPersonal(field: string): boolean {
    let answer = this.known.get(field);
    if (answer === undefined) {
      const name = normalise(field);
      answer = this.extra.has(name) || PRIVACY_RULES.fields.some((rule) => ruleMatches(rule, name));
      if (this.known.size < 10_000) this.known.set(field, answer);
    }
    return answer;
  }
}

const defaultMatcher = new FieldMatcher();

/** Replaces e-mail addresses, phone numbers and SSN-like values in free text. */
export function redactValues(text: string): string {
  let out = text;
  for (const d of PRIVACY_RULES.valueDetectors)
    if (d.requires === undefined || out.includes(d.requires)) out = out.replace(d.pattern, d.replacement);
  return out;
}

/** A storable copy of a request body (a JSON value, or text) with personal data replaced. */
export function redactBody(body: unknown, fields: FieldMatcher = defaultMatcher): unknown {
  if (typeof body === "string") {
    const text = body.slice(0, LIMITS.textBodyChars);
    const start = text.trimStart()[0];
    if (start === "{" || start === "[") {
      try {
        return redactBody(JSON.parse(text), fields);
      } catch {
        // not JSON after all: redacted as text below
      }
    }
    return toStorableJson(isFormEncoded(text) ? redactQuery(text, fields) : redactText(text, fields));
  }
  return toStorableJson(redactValue(body, fields, 0));
}

function redactValue(value: unknown, fields: FieldMatcher, depth: number): unknown {
  if (typeof value === "string") return redactValues(value.slice(0, LIMITS.storedStringChars));
  if (depth >= LIMITS.depth) return "[nested too deeply: dropped]";
  if (Array.isArray(value)) return value.slice(0, LIMITS.breadth).map((v) => redactValue(v, fields, depth + 1));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, LIMITS.breadth)) {
    setOwn(out, fields.storedName(key), fields.isPersonal(key) ? REDACTED : redactValue(v, fields, depth + 1));
  }
  return out;
}

// `name=value`, `name: value`, `"name": "value"` and `<name>value` in text that is not JSON. The
// value is not consumed: in `System.Exception: firstName: Jane` the pair after the exception
// class is found too. A value runs to the first of VALUE_ENDS, at most 500 characters.
const NAMED_VALUE = /(?<![\w.-])([A-Za-z_][\w.-]{0,99})(["']?[ \t]{0,5}[:=][ \t]{0,5}["']?|>)(?=[^&,;<>\r\n"'])/g;
const VALUE_ENDS = new Set(["&", ",", ";", "<", ">", "\r", "\n", '"', "'"]);

function valueEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + 500);
  let end = start;
  while (end < limit && !VALUE_ENDS.has(text[end])) end++;
  return end;
}

/** Free text (XML, log lines, broken JSON): values after personal field names, then detectors. */
export function redactText(text: string, fields: FieldMatcher = defaultMatcher): string {
  let out = "";
  let kept = 0;
  for (const match of text.matchAll(NAMED_VALUE)) {
    if (match.index < kept || !fields.isPersonal(match[1])) continue;
    const valueAt = match.index + match[0].length;
    out += `${text.slice(kept, valueAt)}${REDACTED}`;
    kept = valueEnd(text, valueAt);
  }
  return redactValues(kept ? out + text.slice(kept) : text);
}

function isFormEncoded(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && !/[\s<>{}]/.test(t) && t.includes("=");
}

/** `a=1&studentUniqueId=604823` → personal parameters' values replaced, the rest through the detectors. */
function redactQuery(query: string, fields: FieldMatcher): string {
  return query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const decodedName = safeDecode(name);
      if (PRIVACY_RULES.keptQueryParameters.some((p) => p === normalise(decodedName))) return pair;
      if (fields.isPersonal(decodedName)) return `${name}=${REDACTED}`;
      const value = safeDecode(pair.slice(eq + 1));
      const redacted = redactValues(value);
      return redacted === value ? pair : `${name}=${encodeURIComponent(redacted)}`;
    })
    .join("&");
}

/** A URL with its query values redacted (the path names the resource, which classification needs). */
export function redactUrl(url: string, fields: FieldMatcher = defaultMatcher): string {
  const hash = url.indexOf("#");
  const withoutFragment = hash < 0 ? url : url.slice(0, hash);
  const q = withoutFragment.indexOf("?");
  const path = redactValues(q < 0 ? withoutFragment : withoutFragment.slice(0, q));
  return q < 0 ? path : `${path}?${redactQuery(withoutFragment.slice(q + 1), fields)}`;
}

const KEPT_HEADERS = new Set<string>(PRIVACY_RULES.keptHeaders);

/** Headers outside the allow-list keep their name only (through the detectors); kept values pass the detectors. */
export function redactHeaders(headers: unknown, fields: FieldMatcher = defaultMatcher): Record<string, string> | null {
  if (!isRecord(headers)) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers).slice(0, 100)) {
    const text = typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : String(value);
    // A kept header's value is free text too (a user agent or correlation id can carry "loginId=…").
    setOwn(
      out,
      fields.storedName(key),
      KEPT_HEADERS.has(key.toLowerCase()) ? redactText(text.slice(0, 2_000), fields) : REDACTED,
    );
  }
  return toStorableJson(out) as Record<string, string>;
}

/**
 * Free text a sender gives beside the response body (a log's logger, exception class and message,
 * a client name): values after personal field names, then the detectors; with maskQuoted (the
 * host's TRIAGE_REDACT_RESPONSE_VALUES) quoted values too, as in the response body whose message
 * a log repeats.
 */
export function redactFreeText(text: string, fields: FieldMatcher = defaultMatcher, maskQuoted = false): string {
  const redacted = redactText(text, fields);
  return maskQuoted ? maskQuotedValues(redacted) : redacted;
}

/** A log's evidence as stored: every text in it through redactFreeText (format names pass unchanged). */
export function redactLogEvidence<T extends object>(
  log: T,
  fields: FieldMatcher = defaultMatcher,
  maskQuoted = false,
): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(log))
    setOwn(out, key, typeof value === "string" ? redactFreeText(value, fields, maskQuoted) : value);
  return out as T;
}

function maskQuotedValues(text: string): string {
  return text.replace(QUOTED, (q) => `${q[0]}${REDACTED}${q[0]}`);
}

// A quoted value inside a message: 'x', "x" (at most 1,000 characters, on one line).
const QUOTED = /'[^'\r\n]{1,1000}'|"[^"\r\n]{1,1000}"/g;
/** Fields of a response body that are protocol, not data: never masked. */
const PROTOCOL_FIELDS = new Set(["type", "title", "status", "correlationId", "code", "instance"]);

/** The response body with quoted values and detected values masked (TRIAGE_REDACT_RESPONSE_VALUES=1). */
export function maskResponseValues(body: unknown, depth = 0): unknown {
  if (typeof body === "string") return redactValues(maskQuotedValues(body.slice(0, LIMITS.textBodyChars)));
  if (depth >= LIMITS.depth) return "[nested too deeply: dropped]";
  if (Array.isArray(body)) return body.slice(0, LIMITS.breadth).map((v) => maskResponseValues(v, depth + 1));
  if (!isRecord(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(body).slice(0, LIMITS.breadth))
    setOwn(out, key, PROTOCOL_FIELDS.has(key) ? v : maskResponseValues(v, depth + 1));
  return out;
}

function safeDecode(text: string): string {
  if (!text.includes("%") && !text.includes("+")) return text;
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}
