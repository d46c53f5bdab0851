// What varies between the events of one problem, read from each event: the property paths its
// validation messages name, descriptor values, referenced resources and the API base of its URL.
// The problem page counts these over recent events ("top values"). Pure, linear-time scans.
import { normalisePath } from "./fingerprint";
import type { ParsedError } from "./types";

export interface EventEvidence {
  paths: string[];
  descriptors: string[];
  references: string[];
  apiBase: string | null;
}

/** Quoted parts of a message ('…' or "…"), at most `max`, each at most 200 characters. */
function quoted(text: string, max = 10): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length && out.length < max; i++) {
    const q = text[i];
    if (q !== "'" && q !== '"') continue;
    const end = text.indexOf(q, i + 1);
    if (end < 0) break;
    if (end - i - 1 > 0 && end - i - 1 <= 200) out.push(text.slice(i + 1, end));
    i = end;
  }
  return out;
}

const REFERENCE_MARKERS = ["referenced '", "reference to '", "The value supplied for the related '"];

export function evidenceOf(parsed: ParsedError, url: string | null): EventEvidence {
  const paths = new Set<string>();
  const descriptors = new Set<string>();
  const references = new Set<string>();
  const texts = [parsed.detail ?? "", ...parsed.messages.map((m) => m.text)];
  for (const m of parsed.messages) if (m.path) paths.add(normalisePath(m.path));
  for (const text of texts) {
    for (const q of quoted(text)) if (q.includes("Descriptor#") || q.startsWith("uri://")) descriptors.add(q);
    for (const marker of REFERENCE_MARKERS) {
      const at = text.indexOf(marker);
      if (at < 0) continue;
      const start = at + marker.length;
      const end = text.indexOf("'", start);
      if (end > start && end - start <= 100) references.add(text.slice(start, end));
    }
  }
  return { paths: [...paths], descriptors: [...descriptors], references: [...references], apiBase: apiBaseOf(url) };
}

/** The URL's path up to the data API's version ("/data/v3", "/2025/data/v3"), or its first two segments. */
export function apiBaseOf(url: string | null): string | null {
  if (!url) return null;
  let path = url;
  const scheme = url.indexOf("://");
  if (scheme >= 0) {
    const slash = url.indexOf("/", scheme + 3);
    path = slash < 0 ? "/" : url.slice(slash);
  }
  const query = path.search(/[?#]/);
  if (query >= 0) path = path.slice(0, query);
  const segments = path.split("/").filter(Boolean);
  const data = segments.indexOf("data");
  if (data >= 0 && data + 1 < segments.length) return `/${segments.slice(0, data + 2).join("/")}`;
  return segments.length ? `/${segments.slice(0, 2).join("/")}` : null;
}
