// The vocabulary of the domain: what a parsed error body and a classification look like.

export { TEAMS, type Team } from "../vocabulary";
import type { Team } from "../vocabulary";

/**
 * Which family of error body an event carried: Ed-Fi problem details or ≤ 7.1 `{message}`
 * bodies (`edfi`), the ACCESS API, an OAuth 2.0 token endpoint (RFC 6749 §5.2), IMS OneRoster
 * `imsx_*` status info, NestJS/Fastify gateways `{statusCode, message, error}`, Ed-Fi Meadowlark
 * `{error: …}`, any other JSON (`generic`), text or HTML, and `log`: no body at all, an event read
 * from a log file and classified from what the log says (a partial event).
 */
export type BodyFormat =
  "edfi" | "access" | "oauth" | "oneroster" | "gateway" | "meadowlark" | "generic" | "text" | "log";

/** One message of an error body, with where it came from. */
export interface BodyMessage {
  source: "detail" | "errors" | "validation" | "message" | "text";
  /** JSON path for validation messages (`$.scores[1].x`), else null. */
  path: string | null;
  text: string;
  /** Where in the body the message was read (`errors[2]`, `validationErrors["$.x"][0]`, `message line 3`). */
  at: string;
}

/** An error body reduced to what classification needs. Produced by parse.ts, never throws. */
export interface ParsedError {
  format: BodyFormat;
  /** `type` exactly as received (Ed-Fi URN, ≤ 7.1 reason phrase, DMS type), or null. */
  receivedType: string | null;
  /** A type no body carried but the evidence implies (a log's exception class), or null. */
  impliedType?: string | null;
  title: string | null;
  detail: string | null;
  /** `status` inside the body, when it has one. */
  status: number | null;
  correlationId: string | null;
  /** ACCESS error codes, or the generic `{error:{code}}` code. */
  codes: string[];
  messages: BodyMessage[];
}

/** The event fields classification looks at (a subset of the ingest event). */
export interface ClassifiableEvent {
  method?: string | null;
  url?: string | null;
  status: number;
  body?: unknown;
  /** Request headers, when the event carries them: only whether Authorization was sent is read. */
  requestHeaders?: Record<string, unknown> | null;
  /** What a log said, for an event without a body (read from a log file: a partial event). */
  log?: LogEvidenceInput | null;
}

/** The parts of a log record classification reads (lib/logs LogEvidence). */
export interface LogEvidenceInput {
  exceptionType?: string | null;
  message?: string | null;
  /** The problem type the exception class implies (log-formats.md §E). */
  typeHint?: string | null;
}

export interface Classification {
  articleId: string;
  route: Team;
  alt: Team | null;
  /** Every article the event matched, the chosen one first. */
  matchedArticles: string[];
  canonicalType: string | null;
  receivedType: string | null;
  resource: string | null;
  /** Human-readable cause signature (never raw values). */
  signature: string;
  /**
   * Why this article: the rule that decided it (a message template, the type, a code, the status)
   * and where in the body it matched. Names templates and places, never the message's values.
   */
  reason: string;
  fingerprint: string;
  format: BodyFormat;
}
