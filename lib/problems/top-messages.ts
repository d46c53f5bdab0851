// What went wrong, in the API's own words: the message lines of a problem's events with how many
// events carried each, specific lines first. A stored message text is the event's detail, its
// "path: message" validation lines and its error codes, one per line (ingest/prepare.ts): a line
// with a property path, or one that only some events carry, says more than the generic detail
// every event repeats ("Data validation failed. See 'validationErrors' for details.").

export interface MessageCount {
  text: string;
  events: number;
}

export interface MessageLine {
  /** The whole line as stored. */
  text: string;
  /** The property path before ": " ($.x.y or /x/y), or null. */
  path: string | null;
  /** The line without its path. */
  message: string;
  events: number;
  /** The generic line every event carries while others say more: listed last. */
  generic: boolean;
}

/** The lines of the texts, counted, specific first, then by events; at most `limit`. */
export function topMessageLines(rows: readonly MessageCount[], limit = 5): MessageLine[] {
  const total = rows.reduce((n, r) => n + r.events, 0);
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const line of new Set(r.text.split("\n"))) {
      const text = line.trim();
      if (text) counts.set(text, (counts.get(text) ?? 0) + r.events);
    }
  }
  const lines = [...counts].map(([text, events]) => ({ ...splitPath(text), text, events }));
  const several = lines.length > 1;
  return lines
    .map((l) => ({
      ...l,
      generic:
        several && l.path === null && l.events >= total && lines.some((o) => o.path !== null || o.events < total),
    }))
    .sort((a, b) => Number(a.generic) - Number(b.generic) || b.events - a.events || (a.text < b.text ? -1 : 1))
    .slice(0, limit);
}

function splitPath(line: string): { path: string | null; message: string } {
  if (line[0] !== "$" && line[0] !== "/") return { path: null, message: line };
  const at = line.indexOf(": ");
  if (at <= 0 || at > 300 || line.slice(0, at).includes(" ")) return { path: null, message: line };
  return { path: line.slice(0, at), message: line.slice(at + 2) };
}
