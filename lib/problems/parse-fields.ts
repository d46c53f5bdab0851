// The pieces every body parser uses: an empty result, messages read from `errors` and
// `validationErrors`-like fields (each with where it was read), and defensive field access.
import { cleanText, isRecord, LIMITS, stringField } from "./text";
import type { BodyMessage, ParsedError } from "./types";

export function emptyParse(format: ParsedError["format"]): ParsedError {
  return {
    format,
    receivedType: null,
    title: null,
    detail: null,
    status: null,
    correlationId: null,
    codes: [],
    messages: [],
  };
}

export function errorMessages(errors: unknown, field: string): BodyMessage[] {
  const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
  const out: BodyMessage[] = [];
  for (const [i, item] of list.slice(0, LIMITS.messages).entries()) {
    const text =
      typeof item === "string"
        ? item
        : isRecord(item)
          ? (stringField(item, "message") ?? stringField(item, "detail") ?? safeStringify(item))
          : null;
    if (text)
      out.push({
        source: "errors",
        path: null,
        text: cleanText(text),
        at: Array.isArray(errors) ? `${field}[${i}]` : field,
      });
  }
  return out;
}

/**
 * `{"$.a": ["m1", "m2"]}`, `{"a": "m"}` or `[{path|instancePath|memberNames, message}]` →
 * messages with paths (FluentValidation keys without `$.`, ASP.NET model state, ajv errors).
 * An object's keys are read in sorted order: a body stored as jsonb comes back with its keys in
 * the database's order, and the reason (which message it cites) must not depend on it, or
 * reclassifying a stored event would restate reasons that did not change. (Sorted after the cut to
 * LIMITS.messages keys, so that a hostile body with 100,000 keys costs no sort of them all.)
 */
export function validationMessages(value: unknown, field: string): BodyMessage[] {
  const out: BodyMessage[] = [];
  if (isRecord(value)) {
    for (const [path, messages] of Object.entries(value).slice(0, LIMITS.messages).sort(byKey)) {
      const list = Array.isArray(messages) ? messages : [messages];
      const key = JSON.stringify(cleanText(path, 100));
      for (const [j, m] of list.slice(0, 20).entries()) {
        const text = typeof m === "string" ? m : isRecord(m) ? stringField(m, "message") : null;
        if (text)
          out.push({
            source: "validation",
            path: cleanText(path, 500),
            text: cleanText(text),
            at: Array.isArray(messages) ? `${field}[${key}][${j}]` : `${field}[${key}]`,
          });
      }
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.slice(0, LIMITS.messages).entries()) {
      const at = `${field}[${i}]`;
      if (typeof item === "string") out.push({ source: "validation", path: null, text: cleanText(item), at });
      else if (isRecord(item)) {
        const text = stringField(item, "message");
        const members = own(item, "memberNames");
        const path =
          stringField(item, "path") ??
          stringField(item, "instancePath") ??
          (Array.isArray(members) ? String(members[0] ?? "") : null);
        if (text)
          out.push({ source: "validation", path: path ? cleanText(path, 500) : null, text: cleanText(text), at });
      }
    }
  }
  return out.slice(0, LIMITS.messages);
}

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function statusOf(value: unknown): number | null {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function clean(value: string | null, max?: number): string | null {
  return value === null ? null : cleanText(value, max);
}

function safeStringify(value: unknown): string | null {
  try {
    return JSON.stringify(value)?.slice(0, LIMITS.messageChars) ?? null;
  } catch {
    return null;
  }
}
