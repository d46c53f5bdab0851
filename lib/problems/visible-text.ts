// Stored text comes from API responses, logs and people; characters that change how text reads
// without showing themselves (bidi overrides and isolates, zero-width marks, line/paragraph
// separators, control characters) could make an event read as something it is not. Shown as a
// visible marker ("⟨U+202E⟩") instead; the result is plain text, rendered as text, never HTML.

/** Code points shown as markers; tab, line feed and carriage return stay (bodies are laid out with them). */
function isHidden(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) || // DEL and C1 controls
    code === 0x061c || // Arabic letter mark
    (code >= 0x200b && code <= 0x200f) || // zero-width space, joiners, LRM, RLM
    (code >= 0x2028 && code <= 0x202e) || // line/paragraph separators, bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x2069) || // word joiner, invisible operators, bidi isolates
    code === 0xfeff // zero-width no-break space (BOM)
  );
}

function marker(code: number): string {
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

/** The text with every hidden character replaced by its visible marker; the same string when there is none. */
export function showControls(text: string): string {
  let i = 0;
  while (i < text.length && !isHidden(text.charCodeAt(i))) i++;
  if (i === text.length) return text; // the usual case: nothing to show, nothing allocated
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isHidden(code) ? marker(code) : text[i];
  }
  return out;
}
