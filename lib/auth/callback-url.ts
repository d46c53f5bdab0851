// Where to go after signing in: only a path of this site. The value comes from the URL, so an
// attacker writes it; it is resolved the way a browser resolves it (a browser drops tab, CR and LF
// from a URL and reads `\` as `/`, so `/\t/evil.example` and `/\evil.example` become the
// protocol-relative `//evil.example`), and anything that would leave this origin, or that only
// looks like a path after decoding, falls back to the home page.
export const DEFAULT_CALLBACK = "/problems";

/** Any origin will do: only whether the value stays on it matters. */
const PROBE_ORIGIN = "https://triage.invalid";

/** Control characters (C0, DEL, C1) and the backslash, which browsers rewrite or drop. */
function hasRewrittenCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x5c) return true;
  }
  return false;
}

/** A path that a browser could read as another host, before or after one more decoding. */
function looksLikeAnotherHost(path: string): boolean {
  return path.startsWith("//") || !path.startsWith("/");
}

/** Decoded once more (a value may be encoded twice on its way here); null when it does not decode. */
function decodedOnce(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The same-origin path (pathname, search and hash) for a callbackUrl, or DEFAULT_CALLBACK.
 * `origin` is this site's origin: an absolute URL on it is accepted and reduced to its path.
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string" || text === "" || text.length > 2_000) return DEFAULT_CALLBACK;
  let candidate = text;
  if (origin && !text.startsWith("/")) {
    // An absolute URL of our own origin (next-auth's redirect callback passes those).
    if (hasRewrittenCharacter(text)) return DEFAULT_CALLBACK;
    let absolute: URL;
    try {
      absolute = new URL(text);
    } catch {
      return DEFAULT_CALLBACK;
    }
    if (absolute.origin !== new URL(origin).origin) return DEFAULT_CALLBACK;
    candidate = `${absolute.pathname}${absolute.search}${absolute.hash}`;
  }
  const decoded = decodedOnce(candidate);
  if (decoded === null) return DEFAULT_CALLBACK;
  for (const form of [candidate, decoded]) {
    if (hasRewrittenCharacter(form) || looksLikeAnotherHost(form)) return DEFAULT_CALLBACK;
  }
  let resolved: URL;
  try {
    resolved = new URL(candidate, PROBE_ORIGIN);
  } catch {
    return DEFAULT_CALLBACK;
  }
  if (resolved.origin !== PROBE_ORIGIN) return DEFAULT_CALLBACK;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // The result is what the router gets: it too must not start with two slashes.
  return looksLikeAnotherHost(path) ? DEFAULT_CALLBACK : path;
}
