// The methods a route does not serve: a problem-details 405 with Allow, and an OPTIONS that lists
// only the methods that really answer (Next's automatic OPTIONS would list every exported
// handler, the 405s included).
import { ProblemError } from "./problem";
import { withApi } from "./route";

export type ServedMethod = "GET" | "POST";

/** Allow: the served methods, HEAD with GET (Next answers HEAD from GET), and OPTIONS. */
export function allowHeader(served: readonly ServedMethod[]): string {
  return [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

export function methodNotAllowed(served: readonly ServedMethod[]) {
  return withApi(async (request) => {
    throw new ProblemError(
      "method-not-allowed",
      `${request.method.slice(0, 20)} is not supported here; use ${served.join(" or ")}.`,
      { headers: { allow: allowHeader(served) } },
    );
  });
}

/** OPTIONS: 204 with the Allow header of the methods served. */
export function optionsOf(served: readonly ServedMethod[]) {
  return withApi(async () => new Response(null, { status: 204, headers: { allow: allowHeader(served) } }));
}

/** The handlers of every method a route does not serve, and its OPTIONS. */
export function otherMethods(served: readonly ServedMethod[]) {
  const refuse = methodNotAllowed(served);
  const handlers: Record<"POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Promise<Response>> = {
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
  };
  return { ...handlers, OPTIONS: optionsOf(served) };
}
