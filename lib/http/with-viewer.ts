// The one wrapper for every API route that needs a caller: resolves the viewer (API key from
// `Authorization: Bearer`, or the session cookie), checks the permission, refuses cross-origin
// mutations made with a cookie, and hands { viewer, scope, db } to the handler. Errors are
// problem details (withApi).
import type { Database } from "../db/database";
import { getDatabase } from "../runtime/database";
import { authenticateKey, type KeyScope } from "../auth/api-keys";
import type { Permission } from "../auth/roles";
import type { Scope } from "../auth/scope";
import { cookiesOf, sessionTokenOf, userFromSessionToken, userViewer, viewerCan, type Viewer } from "../auth/viewer";
import { ProblemError } from "./problem";
import { withApi, type ApiContext } from "./route";

export interface Access {
  /** What a signed-in user needs; absent: API keys only. */
  permission?: Permission;
  /** The key scope that admits an API key; absent: sessions only. */
  key?: KeyScope;
}

export interface ViewerContext extends ApiContext {
  viewer: Viewer;
  scope: Scope;
  db: Database;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function withViewer(
  access: Access,
  handler: (request: Request, ctx: ViewerContext) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return withApi(async (request, ctx) => {
    const db = await getDatabase();
    const viewer = await resolveViewer(db, request, access);
    return handler(request, { ...ctx, viewer, scope: viewer.scope, db });
  });
}

async function resolveViewer(db: Database, request: Request, access: Access): Promise<Viewer> {
  if (request.headers.has("authorization") || access.permission === undefined) {
    if (!access.key) throw new ProblemError("unauthenticated", "This API takes a signed-in session, not an API key.");
    const key = await authenticateKey(db, request, access.key);
    return { kind: "key", key, scope: key.scope };
  }
  const user = await userFromSessionToken(db, sessionTokenOf(cookiesOf(request.headers.get("cookie"))));
  if (!user) {
    throw new ProblemError(
      "unauthenticated",
      access.key
        ? `Sign in, or send an API key with the '${access.key}' scope as 'Authorization: Bearer <key>'.`
        : "Sign in first.",
      {
        headers: { "www-authenticate": 'Bearer realm="triage"' },
      },
    );
  }
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  const viewer = userViewer(user);
  if (!viewerCan(viewer, access.permission))
    throw new ProblemError("forbidden", `Your role (${user.role}) may not do this.`);
  return viewer;
}

/** A change made with a session cookie must come from our own pages (CSRF). */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host)
    throw new ProblemError("forbidden", "A change made with a session must come from this site (no Origin header).");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ProblemError("forbidden", "A change made with a session must come from this site.");
  }
  if (originHost !== host)
    throw new ProblemError("forbidden", "A change made with a session must come from this site.");
}
