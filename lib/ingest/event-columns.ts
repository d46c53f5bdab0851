// The one description of a stored event: every column of error_event, in COPY order, with its
// PostgreSQL type, how the write path formats it from an EventRow, and what the read side calls
// it. The COPY column list, each COPY line and the read models' select list are derived from
// here; tests/integration/event-columns.test.ts compares it with the table in the database.
import { copyField } from "../db/sql-session";
import type { EventRow } from "./prepare";

interface EventColumn {
  column: string;
  /** information_schema.columns.udt_name */
  udtName: "int8" | "int4" | "bool" | "text" | "_text" | "timestamptz" | "jsonb" | "Team";
  nullable: boolean;
  /**
   * How the write path fills it: "copy" from the EventRow (format), "drawn" by the write itself
   * (id, problem_id), "default" left to the database.
   */
  written: "copy" | "drawn" | "default";
  format?: (row: EventRow) => string;
  /** The read side's name and SQL expression; absent when read models do not select it. */
  read?: { as: string; sql?: string };
}

/** JSON text as a COPY field: JSON.stringify never leaves a raw tab or line break, only backslashes need doubling. */
function copyJson(json: string | null): string {
  if (json === null) return "\\N";
  return json.includes("\\") ? json.replaceAll("\\", "\\\\") : json;
}

/** A text[] literal (`{"a","b \\"c\\""}`), as COPY's text format takes an array. */
export function pgArrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

export const EVENT_TABLE: readonly EventColumn[] = [
  { column: "id", udtName: "int8", nullable: false, written: "drawn", read: { as: "id", sql: "id::text" } },
  { column: "event_id", udtName: "text", nullable: true, written: "copy", format: (r) => copyField(r.eventId) },
  {
    column: "occurred_at",
    udtName: "timestamptz",
    nullable: false,
    written: "copy",
    format: (r) => r.occurredAt.toISOString(),
    read: { as: "occurredAt" },
  },
  { column: "received_at", udtName: "timestamptz", nullable: false, written: "default" },
  {
    column: "method",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.method),
    read: { as: "method" },
  },
  {
    column: "url",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.url),
    read: { as: "url" },
  },
  {
    column: "status",
    udtName: "int4",
    nullable: false,
    written: "copy",
    format: (r) => String(r.status),
    read: { as: "status" },
  },
  {
    column: "resource",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.resource),
    read: { as: "resource" },
  },
  {
    column: "lea",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.lea),
    read: { as: "lea" },
  },
  {
    column: "client",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.client),
    read: { as: "client" },
  },
  {
    column: "correlation_id",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.correlationId),
    read: { as: "correlationId" },
  },
  {
    column: "format",
    udtName: "text",
    nullable: false,
    written: "copy",
    format: (r) => copyField(r.format),
    read: { as: "format" },
  },
  {
    column: "received_type",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.receivedType),
    read: { as: "receivedType" },
  },
  {
    column: "canonical_type",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.canonicalType),
    read: { as: "canonicalType" },
  },
  {
    column: "body",
    udtName: "jsonb",
    nullable: true,
    written: "copy",
    format: (r) => copyJson(r.bodyJson),
    read: { as: "body" },
  },
  {
    column: "request_body",
    udtName: "jsonb",
    nullable: true,
    written: "copy",
    format: (r) => copyJson(r.requestBodyJson),
  },
  {
    column: "request_headers",
    udtName: "jsonb",
    nullable: true,
    written: "copy",
    format: (r) => copyJson(r.requestHeadersJson),
  },
  {
    column: "article_id",
    udtName: "text",
    nullable: false,
    written: "copy",
    format: (r) => copyField(r.articleId),
    read: { as: "articleId" },
  },
  {
    column: "matched_articles",
    udtName: "_text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(pgArrayLiteral(r.matchedArticles)),
    read: { as: "matchedArticles", sql: "coalesce(matched_articles, '{}')" },
  },
  {
    column: "classification_reason",
    udtName: "text",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.classificationReason),
    read: { as: "classificationReason" },
  },
  { column: "lea_mapped", udtName: "bool", nullable: false, written: "copy", format: (r) => (r.leaMapped ? "t" : "f") },
  {
    column: "partial",
    udtName: "bool",
    nullable: false,
    written: "copy",
    format: (r) => (r.partial ? "t" : "f"),
    read: { as: "partial" },
  },
  {
    column: "body_masked",
    udtName: "bool",
    nullable: true,
    written: "copy",
    format: (r) => (r.bodyMasked ? "t" : "f"),
  },
  {
    column: "log_evidence",
    udtName: "jsonb",
    nullable: true,
    written: "copy",
    format: (r) => copyJson(r.logEvidenceJson),
    read: { as: "logEvidence" },
  },
  {
    column: "route",
    udtName: "Team",
    nullable: false,
    written: "copy",
    format: (r) => r.route,
    read: { as: "route", sql: "route::text" },
  },
  {
    column: "alt",
    udtName: "Team",
    nullable: true,
    written: "copy",
    format: (r) => copyField(r.alt),
    read: { as: "alt", sql: "alt::text" },
  },
  { column: "fingerprint", udtName: "text", nullable: false, written: "copy", format: (r) => copyField(r.fingerprint) },
  { column: "api_key_id", udtName: "int4", nullable: false, written: "copy", format: (r) => String(r.apiKeyId) },
  {
    column: "problem_id",
    udtName: "int8",
    nullable: false,
    written: "drawn",
    read: { as: "problemId", sql: "problem_id::text" },
  },
];

export { EVENT_IDEMPOTENCY_INDEX } from "../db/retry";

const COPIED = EVENT_TABLE.filter((c) => c.written === "copy");

/** The columns of a COPY into error_event: id, the formatted fields, problem_id. */
export const EVENT_COPY_COLUMNS: readonly string[] = ["id", ...COPIED.map((c) => c.column), "problem_id"];

/** An event's COPY fields between id and problem_id (everything known before the write). */
export function eventCopyFields(row: EventRow): string {
  let line = COPIED[0].format!(row);
  for (let i = 1; i < COPIED.length; i++) line += `\t${COPIED[i].format!(row)}`;
  return line;
}

/** One event as a line of COPY text. */
export function eventCopyLine(id: string, fields: string, problemId: string): string {
  return `${id}\t${fields}\t${problemId}\n`;
}

/** Texts encoded as UTF-8 one after another, and where each ends (text i is bytes ends[i-1]..ends[i]). */
export interface Utf8Run {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Int32Array;
}

const utf8 = new TextEncoder();

/**
 * Encodes texts into one buffer. A batch's COPY fields are about a megabyte: held as one buffer
 * outside the JavaScript heap, the garbage collector does not copy them while the batch is
 * written, and they cross to PGlite's thread as one block; Buffer.from of the same text built as
 * one string costs about four times as much (V8 flattens it first).
 */
export function utf8Run(texts: readonly string[]): Utf8Run {
  let size = 0;
  for (const t of texts) size += t.length; // ASCII nearly always; grown below when not
  let bytes = new Uint8Array(size + 64);
  const ends = new Int32Array(texts.length);
  let at = 0;
  texts.forEach((text, i) => {
    for (let read = 0; ;) {
      const done = utf8.encodeInto(read ? text.slice(read) : text, bytes.subarray(at));
      read += done.read;
      at += done.written;
      if (read >= text.length) break;
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + 3 * (text.length - read)));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    ends[i] = at;
  });
  // A buffer that grew keeps its spare half out of what crosses to PGlite's thread.
  return { bytes: bytes.length - at > 1024 ? bytes.slice(0, at) : bytes.subarray(0, at), ends };
}

/**
 * Events as COPY text (UTF-8): a line `id \t fields \t problem_id` per event, its fields text
 * `index` of `fields` (a utf8Run of eventCopyFields). Ids are decimal digits (ASCII).
 */
export function eventCopyBytes(
  fields: Utf8Run,
  lines: readonly { id: string; index: number; problemId: string }[],
): Uint8Array<ArrayBuffer> {
  const range = (i: number) => [i === 0 ? 0 : fields.ends[i - 1], fields.ends[i]] as const;
  let size = 0;
  for (const l of lines) {
    const [start, end] = range(l.index);
    size += l.id.length + end - start + l.problemId.length + 3;
  }
  const out = new Uint8Array(size);
  let at = 0;
  const ascii = (text: string) => {
    for (let c = 0; c < text.length; c++) out[at++] = text.charCodeAt(c);
  };
  for (const l of lines) {
    const [start, end] = range(l.index);
    ascii(l.id);
    out[at++] = 0x09;
    out.set(fields.bytes.subarray(start, end), at);
    at += end - start;
    out[at++] = 0x09;
    ascii(l.problemId);
    out[at++] = 0x0a;
  }
  return out;
}

/** The read models' select list: each read column under its summary name. */
export const EVENT_SELECT = EVENT_TABLE.filter((c) => c.read)
  .map((c) => `${c.read!.sql ?? c.column} AS "${c.read!.as}"`)
  .join(", ");
