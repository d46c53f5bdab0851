// Signed-in users for integration tests: a real user row, a real session row, and the session
// cookie next-auth would set (a JWT signed with the test secret), without a browser.
import { encode } from "next-auth/jwt";
import type { Database } from "@/lib/db/database";
import type { Role } from "@/lib/auth/roles";
import { startSession } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";

export interface TestUser {
  id: number;
  email: string;
  sessionId: string;
  cookie: string;
}

let n = 0;

export async function signedInUser(db: Database, role: Role, leaCodes: string[] = []): Promise<TestUser> {
  const email = `${role.replace("_", "-")}-${++n}-${Date.now()}@test.triage.test`;
  const user = await createUser(db, {
    email,
    name: `${role} ${n}`,
    role,
    leaCodes,
    password: "correct horse battery staple",
  });
  const sessionId = await startSession(db, user.id, "127.0.0.1");
  return { id: user.id, email, sessionId, cookie: await sessionCookie(sessionId) };
}

export async function sessionCookie(sessionId: string): Promise<string> {
  const token = await encode({ token: { sid: sessionId, sub: "x" }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}
