// next-auth 4: credentials sign-in against our users (sign-in.ts); the JWT cookie only carries the
// session id, which sessions.ts checks on every request.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDatabase } from "../runtime/database";
import { env } from "../env";
import { clientAddressOf } from "../http/client-address";
import { safeCallbackPath } from "./callback-url";
import { authSecret } from "./secret";
import { endSession } from "./sessions";
import { signIn, SignInRefused } from "./sign-in";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: env().TRIAGE_SESSION_HOURS * 3_600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const db = await getDatabase();
          try {
            const { sessionId, userId } = await signIn(db, {
              email: String(credentials?.email ?? ""),
              password: String(credentials?.password ?? ""),
              clientAddress: clientAddressOf(new Headers(req.headers as Record<string, string>)),
            });
            return { id: String(userId), sid: sessionId };
          } catch (error) {
            if (error instanceof SignInRefused) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "sid" in user) token.sid = user.sid as string;
        return token;
      },
      // What /api/auth/session shows to page JavaScript: never the session id (it stays inside
      // the encrypted, HTTP-only cookie, where the server reads it).
      session({ session }) {
        return { expires: session.expires };
      },
      // Where next-auth sends the browser after signing in or out: a path of this site only.
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(await getDatabase(), token.sid);
      },
    },
  };
}
