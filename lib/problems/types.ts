// The vocabulary of the domain: what a parsed error body and a classification look like.

export type Team = "dev" | "ops" | "data";
export const TEAMS: readonly Team[] = ["dev", "ops", "data"];

/** Which family of error body an event carried. */
export type BodyFormat = "edfi" | "access" | "generic" | "text";

/** One message of an error body, with where it came from. */
export interface BodyMessage {
  source: "detail" | "errors" | "validation" | "message" | "text";
  /** JSON path for validation messages (`$.scores[1].x`), else null. */
  path: string | null;
  text: string;
}

/** An error body reduced to what classification needs. Produced by parse.ts, never throws. */
export interface ParsedError {
  format: BodyFormat;
  /** `type` exactly as received (Ed-Fi URN, ≤ 7.1 reason phrase, DMS type), or null. */
  receivedType: string | null;
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
  fingerprint: string;
  format: BodyFormat;
}
