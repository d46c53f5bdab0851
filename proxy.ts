// Every page is denied by default: without a session cookie that verifies, a request goes to the
// sign-in page (pages check the session itself on every render: lib/auth/current-viewer.ts). The
// sign-in page passes; the API is not matched at all (its wrapper answers 401 problem details,
// and a proxy in front of the ingest endpoint would copy every request body it does not read).
// Every page gets a Content-Security-Policy with a fresh nonce: no inline script runs without it.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { configuredSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { withTransportSecurity } from "@/lib/http/transport-security";

const PUBLIC_PAGES = new Set(["/signin"]);

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (!PUBLIC_PAGES.has(pathname)) {
    const secret = configuredSecret();
    const token = secret ? await getToken({ req: request, secret }).catch(() => null) : null;
    if (!token?.sid) {
      const signIn = new URL("/signin", request.url);
      if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
      return withTransportSecurity(NextResponse.redirect(signIn));
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, env().NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return withTransportSecurity(response);
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
