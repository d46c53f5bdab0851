// Who is asking, decided once per request: a signed-in user (session cookie) or an API key
// (Authorization: Bearer). The viewer carries the Scope every query takes.
import { decode } from "next-auth/jwt";
import type { Database } from "../db/database";
import type { ApiKeyIdentity } from "./api-keys";
import { can, scopeOf, type Permission, type Role } from "./roles";
import type { Scope } from "./scope";
import { configuredSecret } from "./secret";
import { sessionUser, type SessionUser } from "./sessions";

export type Viewer =
  { kind: "user"; user: SessionUser; role: Role; scope: Scope } | { kind: "key"; key: ApiKeyIdentity; scope: Scope };

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export function userViewer(user: SessionUser): Viewer {
  return { kind: "user", user, role: user.role, scope: scopeOf(user.role, user.leaCodes) };
}

/** What a viewer may do; a key reads (with the read scope) and never changes anything. */
export function viewerCan(viewer: Viewer, permission: Permission): boolean {
  if (viewer.kind === "key") return permission === "read" && viewer.key.scopes.includes("read");
  return can(viewer.role, permission);
}

/** The session token among the cookies (next-auth splits a large token into `.0`, `.1`…). */
export function sessionTokenOf(cookie: (name: string) => string | undefined): string | null {
  for (const name of SESSION_COOKIES) {
    const whole = cookie(name);
    if (whole) return whole;
    let joined = "";
    for (let i = 0; ; i++) {
      const part = cookie(`${name}.${i}`);
      if (!part) break;
      joined += part;
    }
    if (joined) return joined;
  }
  return null;
}

/** The signed-in user behind a session token, or null (absent, forged, expired, ended, disabled). */
export async function userFromSessionToken(db: Database, token: string | null): Promise<SessionUser | null> {
  const secret = configuredSecret();
  if (!token || !secret) return null;
  let payload: { sid?: unknown } | null = null;
  try {
    payload = (await decode({ token, secret })) as { sid?: unknown } | null;
  } catch {
    return null; // not ours, or tampered with
  }
  return typeof payload?.sid === "string" ? sessionUser(db, payload.sid) : null;
}

/** Cookies of a request's Cookie header. */
export function cookiesOf(header: string | null): (name: string) => string | undefined {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) jar.set(part.slice(0, eq).trim(), decodeCookieValue(part.slice(eq + 1).trim()));
  }
  return (name) => jar.get(name);
}

/** A cookie value as sent: percent-decoded when it decodes (a malformed one is kept as sent, never an error). */
function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
