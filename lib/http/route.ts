// The one wrapper every API route handler goes through: correlationId, error mapping to problem
// details, a generic 500 that leaks nothing (its correlationId is in our log), 503 while the
// database is unreachable, and `Cache-Control: no-store` on every answer (JSON, CSV and problem
// details carry district data or session state: no browser or proxy may keep them). A handler
// body is only: parse → call lib/ → respond.
import { randomUUID } from "node:crypto";
import { isDatabaseUnavailable } from "../db/unavailable";
import { withTransportSecurity } from "./transport-security";
import { ProblemError, problemResponse } from "./problem";

export interface ApiContext {
  correlationId: string;
}

type Handler = (request: Request, ctx: ApiContext) => Promise<Response>;

const CORRELATION_ID = /^[A-Za-z0-9._:\-]{1,100}$/;

export function correlationIdOf(request: Request): string {
  const given = request.headers.get("x-correlation-id") ?? request.headers.get("correlation-id");
  return given && CORRELATION_ID.test(given) ? given : randomUUID();
}

export function withApi(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    const correlationId = correlationIdOf(request);
    const response = await handler(request, { correlationId }).then(
      (r) => {
        r.headers.set("x-correlation-id", correlationId);
        return r;
      },
      (error: unknown) => errorResponse(error, correlationId),
    );
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return withTransportSecurity(response);
  };
}

function errorResponse(error: unknown, correlationId: string): Response {
  if (error instanceof ProblemError) return problemResponse(error, correlationId);
  if (isDatabaseUnavailable(error)) {
    console.error(`[${correlationId}] database unavailable:`, (error as Error).message);
    return problemResponse(
      new ProblemError(
        "database-unavailable",
        "The database is not reachable right now. Nothing was stored; retry later.",
        { headers: { "retry-after": "5" } },
      ),
      correlationId,
    );
  }
  console.error(`[${correlationId}] unhandled error:`, error);
  return problemResponse(
    new ProblemError(
      "internal",
      `An unexpected error occurred. Quote correlationId ${correlationId} when reporting it.`,
    ),
    correlationId,
  );
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(
    JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    {
      status,
      headers: { "content-type": "application/json", ...headers },
    },
  );
}

/** The last segment of the request's path (the {id} of /api/v1/…/{id}), decoded. */
export function lastPathSegment(request: Request): string {
  const segment = new URL(request.url).pathname.split("/").filter(Boolean).at(-1) ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
