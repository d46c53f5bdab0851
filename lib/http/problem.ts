// Every error Triage returns is RFC 9457 problem details. This file lists all of them.
export const PROBLEM_TYPES = {
  "invalid-request": { status: 400, title: "Invalid request" },
  "validation-failed": { status: 400, title: "Validation failed" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "request-timeout": { status: 408, title: "Request timeout" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "rate-limited": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  "database-unavailable": { status: 503, title: "Database unavailable" },
} as const;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  correlationId: string;
  validationErrors?: Record<string, string[]>;
}

export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly validationErrors?: Record<string, string[]>;
  readonly headers: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { validationErrors?: Record<string, string[]>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "ProblemError";
    this.code = code;
    this.validationErrors = options.validationErrors;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return PROBLEM_TYPES[this.code].status;
  }
}

export function problemBody(
  code: ProblemCode,
  detail: string,
  correlationId: string,
  validationErrors?: Record<string, string[]>,
): ProblemBody {
  const { status, title } = PROBLEM_TYPES[code];
  return {
    type: `urn:triage:${code}`,
    title,
    status,
    detail,
    correlationId,
    ...(validationErrors ? { validationErrors } : {}),
  };
}

export function problemResponse(error: ProblemError, correlationId: string): Response {
  const body = problemBody(error.code, error.message, correlationId, error.validationErrors);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", "x-correlation-id": correlationId, ...error.headers },
  });
}
