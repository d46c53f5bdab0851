// Problem details that are not valid JSON, read by a one-pass tokenizer.
import { clean, emptyParse, statusOf } from "./parse-fields";
import { cleanText, LIMITS } from "./text";
import type { ParsedError } from "./types";

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
      for (
        ;
        j < tokens.length && tokens[j].kind !== "]" && !(tokens[j].kind === "string" && tokens[j + 1]?.kind === ":");
        j++
      ) {
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
    if (list.key === "errors")
      for (const [i, m] of list.items.entries())
        if (m) parsed.messages.push({ source: "errors", path: null, text: cleanText(m), at: `errors[${i}]` });
    if (list.key.startsWith("$"))
      for (const [i, m] of list.items.entries())
        parsed.messages.push({
          source: "validation",
          path: cleanText(list.key, 500),
          text: cleanText(m),
          at: `validationErrors[${key}][${i}]`,
        });
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
