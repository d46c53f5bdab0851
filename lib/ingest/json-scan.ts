// One pass over JSON text, without recursion and without building values: refuses nesting deeper
// than a limit (naming the JSON path where it goes too deep) before JSON.parse can spend seconds
// on it (10 MB of `[[[[…` took 3–8 s), and finds where each item of a top-level array begins and
// ends, so the items can be parsed one slice at a time. Validity is left to JSON.parse.
import { ProblemError } from "../http/problem";

/** Deepest nesting accepted in a request body (the top-level array counts as one level). */
export const MAX_JSON_DEPTH = 64;

interface Frame {
  array: boolean;
  /** Arrays: the index of the current item. */
  index: number;
  /** Objects: where the current member's key text lies (inside the quotes). */
  keyStart: number;
  keyEnd: number;
  expectingKey: boolean;
}

export interface JsonScan {
  /** Top-level array: [start, end) of each item's text; null when the text is not an array. */
  items: [number, number][] | null;
  /** Only whitespace follows the top-level value's end, and every bracket closed. */
  complete: boolean;
}

const QUOTE = 34, BACKSLASH = 92, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, COMMA = 44, COLON = 58;

/**
 * Scans `text[from, to)`. `root` is the JSON path of the value there ("$" for a body, "$[3]" for an
 * NDJSON line); with `itemRoot`, a top-level array's items are named `$[i]` and a lone object `$[0]`.
 */
export function scanJson(text: string, options: { root: string; from?: number; to?: number; maxDepth?: number }): JsonScan {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const to = options.to ?? text.length;
  const stack: Frame[] = [];
  let items: [number, number][] | null = null;
  let itemStart = -1;
  let topArray = false;
  let closedAt = -1;
  for (let i = options.from ?? 0; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      i = start;
      while (i < to) {
        const s = text.charCodeAt(i);
        if (s === QUOTE) break;
        i += s === BACKSLASH ? 2 : 1;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectingKey) {
        top.keyStart = start;
        top.keyEnd = Math.min(i, to);
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (closedAt >= 0) return { items, complete: false };
      if (stack.length >= maxDepth) throw tooDeep(text, options.root, stack, maxDepth);
      if (stack.length === 0 && c === OPEN_BRACKET) {
        topArray = true;
        items = [];
        itemStart = i + 1;
      }
      stack.push({ array: c === OPEN_BRACKET, index: 0, keyStart: -1, keyEnd: -1, expectingKey: c === OPEN_BRACE });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      const closed = stack.pop();
      if (!closed || closed.array !== (c === CLOSE_BRACKET)) return { items, complete: false };
      if (stack.length === 0) {
        if (topArray && items) {
          // `[1,]`: an empty last item after a comma is not JSON (JSON.parse names it).
          if (text.slice(itemStart, i).trim()) items.push([itemStart, i]);
          else if (items.length) return { items, complete: false };
        }
        closedAt = i;
      }
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (!top) return { items, complete: false };
      if (top.array) {
        top.index++;
        if (stack.length === 1 && items) {
          items.push([itemStart, i]);
          itemStart = i + 1;
        }
      } else top.expectingKey = true;
    } else if (c === COLON) {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectingKey = false;
    }
  }
  return { items, complete: stack.length === 0 && closedAt >= 0 && !text.slice(closedAt + 1, to).trim() };
}

function tooDeep(text: string, root: string, stack: Frame[], maxDepth: number): ProblemError {
  let path = root;
  // Every level named (at most maxDepth), each key cut to 60 characters.
  for (const frame of stack) path += frame.array ? `[${frame.index}]` : keySegment(text.slice(frame.keyStart, Math.min(frame.keyEnd, frame.keyStart + 60)));
  return new ProblemError("invalid-request", `The body nests deeper than ${maxDepth} levels at ${path}; nothing was stored. Flatten the value or send it as a string.`, {
    validationErrors: { [path]: [`nested deeper than ${maxDepth} levels`] },
  });
}

function keySegment(raw: string): string {
  let key = raw;
  try {
    key = JSON.parse(`"${raw}"`) as string;
  } catch {
    // a key cut inside an escape: shown as sent
  }
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
