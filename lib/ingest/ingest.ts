// Ingest: validated events → classified, redacted rows → one transaction. All or nothing.
import type { Database } from "../db/database";
import type { Team } from "../problems";
import { redactedFieldSet } from "../problems";
import type { IngestEvent } from "./events.schema";
import { prepareEvent } from "./prepare";
import { writeEvents } from "./write";

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
  const written = await db.transaction((tx) => writeEvents(tx, rows));
  return {
    accepted: rows.length,
    duplicates: written.filter((w) => w.duplicate).length,
    events: written.map((w, i) => ({ id: w.id, problemId: w.problemId, articleId: rows[i].articleId, route: rows[i].route, duplicate: w.duplicate })),
  };
}
