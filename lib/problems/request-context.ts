// What classification reads from the request besides the response body: the names of its query
// parameters (a "value is not valid for X" message is about the query when X is one of them) and
// whether it sent an Authorization header (an empty 401 means a refused token, or no header).
// Pure; values are never read, only names and presence.

export interface RequestContext {
  /** Query parameter names, lower case, sorted, unique, at most 20. */
  queryParameters: readonly string[];
  /** true/false when the event carried request headers, null when it did not. */
  authorizationSent: boolean | null;
}

export const NO_REQUEST_CONTEXT: RequestContext = Object.freeze({
  queryParameters: Object.freeze([]) as readonly string[],
  authorizationSent: null,
});

const MAX_PARAMETERS = 20;
const PARAMETER_NAME = /^[A-Za-z_][\w.-]{0,63}$/;

export function requestContextOf(
  url: string | null | undefined,
  headers: Record<string, unknown> | null | undefined,
): RequestContext {
  const queryParameters = queryParameterNames(url);
  const authorizationSent = headers ? authorizationIn(headers) : null;
  if (!queryParameters.length && authorizationSent === null) return NO_REQUEST_CONTEXT;
  return { queryParameters, authorizationSent };
}

function queryParameterNames(url: string | null | undefined): string[] {
  if (!url) return [];
  const q = url.indexOf("?");
  if (q < 0) return [];
  const hash = url.indexOf("#", q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash).slice(0, 4_000);
  const names = new Set<string>();
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const name = safeDecode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (PARAMETER_NAME.test(name)) names.add(name);
    if (names.size >= MAX_PARAMETERS) break;
  }
  return [...names].sort();
}

function authorizationIn(headers: Record<string, unknown>): boolean {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== "authorization") continue;
    const text = Array.isArray(value) ? value.join("") : value;
    return typeof text === "string" ? text.trim().length > 0 : text !== null && text !== undefined;
  }
  return false;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
