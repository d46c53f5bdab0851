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

const QUOTE = 34,
  BACKSLASH = 92,
  OPEN_BRACE = 123,
  CLOSE_BRACE = 125,
  OPEN_BRACKET = 91,
  CLOSE_BRACKET = 93,
  COMMA = 44,
  COLON = 58;

/** Characters scanned between two pauses of scanJsonSteps. */
const SCAN_SLICE = 1024 * 1024;

/** Scans in one go (see scanJsonSteps). */
export function scanJson(text: string, options: ScanOptions): JsonScan {
  const steps = scanJsonSteps(text, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

interface ScanOptions {
  root: string;
  from?: number;
  to?: number;
  maxDepth?: number;
}

/**
 * Scans `text[from, to)`, pausing (yield) after every SCAN_SLICE characters so a caller can give
 * the thread back. `root` is the JSON path of the value there ("$" for a body whose items are
 * `$[i]`, "$[0]" for a lone event object, "$[3]" for an NDJSON line).
 */
export function* scanJsonSteps(text: string, options: ScanOptions): Generator<undefined, JsonScan, unknown> {
  const scanner = new Scanner(text, options);
  while (!scanner.scan(SCAN_SLICE)) yield undefined;
  return scanner.result();
}

/** The scan's state between slices; the hot loop is a plain method (a generator's loop runs several times slower). */
class Scanner {
  private readonly maxDepth: number;
  private readonly to: number;
  private readonly stack: Frame[] = [];
  private items: [number, number][] | null = null;
  private itemStart = -1;
  private topArray = false;
  private closedAt = -1;
  private at: number;
  /** Set when the text cannot be JSON; JSON.parse will say why. */
  private broken = false;

  constructor(
    private readonly text: string,
    private readonly options: ScanOptions,
  ) {
    this.maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
    this.to = options.to ?? text.length;
    this.at = options.from ?? 0;
  }

  result(): JsonScan {
    const complete =
      !this.broken &&
      this.stack.length === 0 &&
      this.closedAt >= 0 &&
      !this.text.slice(this.closedAt + 1, this.to).trim();
    return { items: this.items, complete };
  }

  /** Scans about `chars` more characters; true when the scan is over. */
  scan(chars: number): boolean {
    const { text, to, stack } = this;
    const end = Math.min(to, this.at + chars);
    let i = this.at;
    for (; i < end && !this.broken; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const start = i + 1;
        i = closingQuote(text, start, to);
        const top = stack[stack.length - 1];
        if (top && !top.array && top.expectingKey) {
          top.keyStart = start;
          top.keyEnd = Math.min(i, to);
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.closedAt >= 0) this.broken = true;
        else {
          if (stack.length >= this.maxDepth) throw tooDeep(text, this.options.root, stack, this.maxDepth);
          if (stack.length === 0 && c === OPEN_BRACKET) {
            this.topArray = true;
            this.items = [];
            this.itemStart = i + 1;
          }
          stack.push({ array: c === OPEN_BRACKET, index: 0, keyStart: -1, keyEnd: -1, expectingKey: c === OPEN_BRACE });
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        const closed = stack.pop();
        if (!closed || closed.array !== (c === CLOSE_BRACKET)) this.broken = true;
        else if (stack.length === 0) {
          if (this.topArray && this.items) {
            // `[1,]`: an empty last item after a comma is not JSON (JSON.parse names it).
            if (text.slice(this.itemStart, i).trim()) this.items.push([this.itemStart, i]);
            else if (this.items.length) this.broken = true;
          }
          this.closedAt = i;
        }
      } else if (c === COMMA) {
        const top = stack[stack.length - 1];
        if (!top) this.broken = true;
        else if (top.array) {
          top.index++;
          if (stack.length === 1 && this.items) {
            this.items.push([this.itemStart, i]);
            this.itemStart = i + 1;
          }
        } else top.expectingKey = true;
      } else if (c === COLON) {
        const top = stack[stack.length - 1];
        if (top && !top.array) top.expectingKey = false;
      }
    }
    this.at = i;
    return this.broken || i >= to;
  }
}

/** The index of the quote that ends a string starting at `from` (or `to`): found natively, escapes counted back. */
function closingQuote(text: string, from: number, to: number): number {
  for (let at = text.indexOf('"', from); at >= 0 && at < to; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (at - backslashes - 1 >= from && text.charCodeAt(at - backslashes - 1) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return to;
}

function tooDeep(text: string, root: string, stack: Frame[], maxDepth: number): ProblemError {
  let path = root;
  // Every level named (at most maxDepth), each key cut to 60 characters.
  for (const frame of stack)
    path += frame.array
      ? `[${frame.index}]`
      : keySegment(text.slice(frame.keyStart, Math.min(frame.keyEnd, frame.keyStart + 60)));
  return new ProblemError(
    "invalid-request",
    `The body nests deeper than ${maxDepth} levels at ${path}; nothing was stored. Flatten the value or send it as a string.`,
    {
      validationErrors: { [path]: [`nested deeper than ${maxDepth} levels`] },
    },
  );
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
