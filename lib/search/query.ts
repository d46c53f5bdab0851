// What support staff paste into the search box, made into what to look for: the text without
// wrapping quotes or a leading label ("correlationId: …", "X-Correlation-Id = …", "event #12"),
// its words (matched in any order), and whether it can be an id (one token: a correlationId, or
// a prefix of one, from PREFIX_MIN characters). Plain string scanning, no regular expression:
// the text is the viewer's, and search must answer in linear time whatever it is.

export const MAX_QUERY_CHARS = 200;
/** A correlationId is matched by prefix from this many characters (a UUID's first group). */
export const PREFIX_MIN = 8;
/** Words shorter than this are not searched in message texts (the trigram index needs three). */
export const WORD_MIN = 3;
export const MAX_WORDS = 8;

export interface SearchQuery {
  /** The text as typed (trimmed, bounded). */
  typed: string;
  /** Without quotes and label: what every match is tried with. */
  text: string;
  /** The label that was removed, lower-cased ("correlationid", "event", "problem"), or null. */
  label: string | null;
  /** The words of the text, distinct, lower-cased, for message search (each ≥ WORD_MIN). */
  words: string[];
  /** One token without spaces: looked up as a correlationId (exactly, any case, or by prefix). */
  idLike: boolean;
  /** Digits only: an event or problem id. */
  numeric: boolean;
}

const QUOTES = new Set([
  '"',
  "'",
  "`",
  "\u201c",
  "\u201d",
  "\u2018",
  "\u2019",
  "\u00ab",
  "\u00bb",
  "\u201e",
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
]);

/** Labels support staff copy along with the value, compared without case, spaces, '-' or '_'. */
const LABELS = [
  "xcorrelationid",
  "correlationid",
  "correlation",
  "requestid",
  "eventid",
  "event",
  "problemid",
  "problem",
  "id",
];

export function parseSearchQuery(input: string): SearchQuery {
  const typed = input.trim().slice(0, MAX_QUERY_CHARS);
  let text = stripQuotes(typed);
  const labelled = stripLabel(text);
  const label = labelled?.label ?? null;
  if (labelled) text = stripQuotes(labelled.rest);
  if (text.startsWith("#")) text = text.slice(1).trim();
  // A word without a letter or digit ("---", "%%%") has no trigram: it would read every message text.
  const words = [
    ...new Set(
      text
        .toLowerCase()
        .split(/\s+/)
        .map(stripQuotes)
        .filter((w) => w.length >= WORD_MIN && /[\p{L}\p{N}]/u.test(w)),
    ),
  ].slice(0, MAX_WORDS);
  const idLike = text.length > 0 && !/\s/.test(text);
  return { typed, text, label, words, idLike, numeric: /^\d{1,18}$/.test(text) };
}

function stripQuotes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (QUOTES.has(s[start]) || isSpace(s[start]))) start++;
  while (end > start && (QUOTES.has(s[end - 1]) || isSpace(s[end - 1]) || s[end - 1] === "," || s[end - 1] === ";"))
    end--;
  return s.slice(start, end);
}

/** "correlationId: abc", "X-Correlation-ID=abc", "event #12": the label and what follows it. */
function stripLabel(s: string): { label: string; rest: string } | null {
  let compact = "";
  for (let i = 0; i < s.length && i < 40; i++) {
    const c = s[i];
    if (c === ":" || c === "=" || c === "#" || isSpace(c)) {
      const key = compact.toLowerCase();
      if (LABELS.includes(key)) {
        let j = i;
        while (j < s.length && (s[j] === ":" || s[j] === "=" || isSpace(s[j]) || QUOTES.has(s[j]))) j++;
        if (s[j] === "#") j++;
        const rest = stripQuotes(s.slice(j));
        // Only before one value: "problem with descriptors" is words of a message, not a label.
        if (rest && !/\s/.test(rest))
          return { label: key === "xcorrelationid" || key === "correlation" ? "correlationid" : key, rest };
      }
      // "correlation id: …": a space inside a label.
      if (isSpace(c) && LABELS.some((l) => l.length > key.length && l.startsWith(key))) continue;
      return null;
    }
    if (c !== "-" && c !== "_" && !QUOTES.has(c)) compact += c;
  }
  return null;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u00a0";
}
