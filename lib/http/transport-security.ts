// HSTS when the dashboard is served over TLS (NEXTAUTH_URL https://…), decided when the server runs:
// one rule for pages (proxy.ts) and API answers (route.ts).
import { env } from "../env";

export function withTransportSecurity<R extends Response>(response: R): R {
  if (env().NEXTAUTH_URL?.startsWith("https://"))
    response.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  return response;
}
