// Ingest: validated events → classified, redacted rows → one transaction. All or nothing.
import type { Database } from "../db/database";
import type { Team } from "../problems";
import { redactedFieldSet } from "../problems";
import type { IngestEvent } from "./events.schema";
import { prepareEvent } from "./prepare";

export interface IngestedEvent {
  id: string;
  problemId: string;
  articleId: string;
  route: Team;
  duplicate: boolean;
}

export interface IngestResult {
  /** Events of the request, all accepted (a request is stored whole or not at all). */
  accepted: number;
  /** How many of them were already stored (same eventId) and were not stored again. */
  duplicates: number;
  events: IngestedEvent[];
}

let redactFields: Set<string> | undefined;
function configuredRedactFields(): Set<string> {
  redactFields ??= redactedFieldSet((process.env.TRIAGE_REDACT_FIELDS ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  return redactFields;
}

export async function ingestEvents(db: Database, events: IngestEvent[], options: { apiKeyId: number | null; receivedAt?: Date }): Promise<IngestResult> {
  const receivedAt = options.receivedAt ?? new Date();
  const rows = events.map((e) => prepareEvent(e, { receivedAt, apiKeyId: options.apiKeyId, redactFields: configuredRedactFields() }));
  const written = await withTransientRetry(() => db.procedure("writeEvents", rows));
  return {
    accepted: rows.length,
    duplicates: written.filter((w) => w.duplicate).length,
    events: written.map((w, i) => ({ id: w.id, problemId: w.problemId, articleId: rows[i].articleId, route: rows[i].route, duplicate: w.duplicate })),
  };
}

/**
 * Safe to run the whole write again: PostgreSQL aborted one of two deadlocked (40P01) or
 * conflicting serializable (40001) transactions, or a concurrent request stored one of the same
 * eventIds first (23505 on its unique index; the next attempt finds it stored).
 */
function isTransient(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === "40P01" || code === "40001" || (code === "23505" && constraint === "error_event_event_id_key");
}

async function withTransientRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40));
    }
  }
}
