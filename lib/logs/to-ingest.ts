// A LogEvent → the ingest event it is, validated by the ingest contract like any posted event:
// the import's defaults for district and client apply where the log says nothing. Pure.
import { ingestEventSchema, type IngestEvent } from "../ingest/events.schema";
import type { LogEvent } from "./types";

export interface ImportDefaults {
  /** District of events that name none (the ODS/API logs an ApiClientId, never a district). */
  lea?: string;
  /** API client of events that name none (the DMS logs no client). */
  client?: string;
}

export type Converted = { ok: true; event: IngestEvent } | { ok: false; reason: string };

export function toIngestEvent(e: LogEvent, defaults: ImportDefaults): Converted {
  const { partial: _partial, evidence, ...fields } = e;
  const candidate: Record<string, unknown> = { ...fields };
  if (candidate.lea === undefined && defaults.lea) candidate.lea = defaults.lea;
  if (candidate.client === undefined && defaults.client) candidate.client = defaults.client;
  if (candidate.occurredAt === undefined) delete candidate.occurredAt;
  // The evidence goes with events that have no body: they are classified from it.
  if (evidence.format !== "ndjson" && e.body === undefined) candidate.log = evidence;
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  const parsed = ingestEventSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue.path.length ? `$.${issue.path.join(".")}` : "event"}: ${issue.message}` };
}
