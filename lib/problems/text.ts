// Defensive text handling for attacker-controlled input: bounded sizes, no NUL bytes or lone
// surrogates (PostgreSQL rejects both), bounded nesting, and no prototype-polluting keys.

export const LIMITS = {
  /** Longest single message kept for classification and display. */
  messageChars: 4_000,
  /** Most messages taken from one body. */
  messages: 200,
  /** Deepest nesting kept when a JSON value is stored. */
  depth: 32,
  /** Most keys or items kept per object/array level when stored. */
  breadth: 1_000,
  /** Longest string kept inside a stored JSON value. */
  storedStringChars: 16_000,
  /**
   * How much of each message the templates see. Every template is far shorter; bounding the text
   * bounds the work a crafted message can cause (every pattern is linear-time too, see
   * tests/unit/redos.test.ts).
   */
  classifiedChars: 1_000,
  /** How much of a text body is parsed as JSON, searched for problem-details fields, or read as HTML. */
  textBodyChars: 1_000_000,
  recoveredChars: 20_000,
  htmlChars: 200_000,
} as const;

// Lone surrogates and NUL: replaced by U+FFFD so the text survives UTF-8 and PostgreSQL.
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string, max: number = LIMITS.messageChars): string {
  if (value.length <= max && value.isWellFormed() && !value.includes("\u0000")) return value; // the usual case, checked natively
  const cut = value.length > max ? `${value.slice(0, max)}… [${value.length - max} more characters]` : value;
  return cut.replace(UNSAFE, "\uFFFD");
}

/**
 * A copy of a JSON value that is safe to store: strings cleaned and capped, depth and breadth
 * bounded, keys cleaned. Objects are built with defineProperty so `__proto__` stays a plain key.
 */
export function toStorableJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string") return cleanText(value, LIMITS.storedStringChars);
  if (typeof value === "bigint") return value.toString();
  if (depth >= LIMITS.depth) return "[nested too deeply: dropped]";
  if (Array.isArray(value)) {
    const items = value.slice(0, LIMITS.breadth).map((v) => toStorableJson(v, depth + 1));
    if (value.length > LIMITS.breadth) items.push(`[${value.length - LIMITS.breadth} more items dropped]`);
    return items;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    let kept = 0;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (kept++ >= LIMITS.breadth) break;
      setOwn(out, cleanText(key, 200), toStorableJson(v, depth + 1));
    }
    return out;
  }
  return null; // undefined, functions, symbols
}

/** Assigns a property without ever invoking the `__proto__` setter. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value; // only __proto__ has a setter on a plain object
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own string property of a record, or null. */
export function stringField(record: Record<string, unknown>, key: string): string | null {
  if (!Object.prototype.hasOwnProperty.call(record, key)) return null;
  const v = record[key];
  return typeof v === "string" ? v : null;
}

/**
 * The JSON text of a value, safe to store: one native JSON.stringify when the result is small,
 * shallow and clean (the common case), else a sanitised copy (toStorableJson) stringified.
 */
export function storableJsonText(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // cycles cannot come from JSON.parse, but BigInt or deep values can throw
  }
  if (
    text !== undefined &&
    text.length <= LIMITS.storedStringChars &&
    !/\\u0000|\\ud[89a-f]/i.test(text) &&
    depthOf(text) <= LIMITS.depth
  )
    return text;
  return JSON.stringify(toStorableJson(value)) ?? "null";
}

/** Nesting depth of JSON text (brackets outside strings). */
function depthOf(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}
