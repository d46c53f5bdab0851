// Ingest: validated events → classified, redacted rows → one transaction. All or nothing.
import type { Database } from "../db/database";
import type { Team } from "../problems";
import { env } from "../env";
import { FieldMatcher } from "../problems";
import type { IngestEvent } from "./events.schema";
import { prepareEvent, type EventRow } from "./prepare";
import { ENRICH_CONFLICT, toWriteBatch, type WrittenEvent } from "./write";
import { partialEventsStored, planEnrichment, type Enrichment } from "./enrich";
import { ensureEventMonths, isRetiredMonthError } from "../retention/partitions";
import { ProblemError } from "../http/problem";
import { limitErrors } from "./decode";
import { routingRulesForIngest } from "../triage/routing-rules";
import { clientDistrictsForIngest } from "../clients/store";
import { folderOf } from "../ledger/folder";

export interface IngestedEvent {
  id: string;
  problemId: string;
  articleId: string;
  route: Team;
  duplicate: boolean;
  /** It completed a stored event of the same request (same correlationId): `id` is that event's. */
  enriched?: boolean;
}

export interface IngestResult {
  /** Events of the request, all accepted (a request is stored whole or not at all). */
  accepted: number;
  /** How many of them were already stored (same eventId) and were not stored again. */
  duplicates: number;
  /** How many completed a stored event of the same request instead of being stored. */
  enriched: number;
  events: IngestedEvent[];
}

let privacy: { fields: FieldMatcher; maskResponseValues: boolean } | undefined;
function configuredPrivacy() {
  privacy ??= {
    fields: new FieldMatcher(env().TRIAGE_REDACT_FIELDS),
    maskResponseValues: env().TRIAGE_REDACT_RESPONSE_VALUES,
  };
  return privacy;
}

/**
 * Not async on purpose: once the rows are handed to the database, neither the parsed events nor
 * the rows are referenced here, so the garbage collector can take them while the batch is written
 * (they would otherwise survive into the old generation, where collecting them costs far more).
 */
export function ingestEvents(
  db: Database,
  events: IngestEvent[],
  options: { apiKeyId: number | null; receivedAt?: Date },
): Promise<IngestResult> {
  const receivedAt = options.receivedAt ?? new Date();
  // The rules and the client map are cached: these are resolved promises nearly always.
  return Promise.all([routingRulesForIngest(db), clientDistrictsForIngest(db)]).then(([rules, clientDistricts]) => {
    const prepare = (e: IngestEvent) =>
      prepareEvent(e, { receivedAt, apiKeyId: options.apiKeyId, rules, clientDistricts, ...configuredPrivacy() });
    return writeWithEnrichment(db, events, events.map(prepare), prepare, options.apiKeyId);
  });
}

/** Tries of a request whose stored events changed under its enrichment (another write came first). */
const ENRICH_TRIES = 3;

/**
 * Without a stored event to complete (nearly always), the events and rows are not held past the
 * hand-over to the database (see ingestEvents). With one, they are kept to prepare the request
 * again if the stored event changes before the write locks it.
 */
function writeWithEnrichment(
  db: Database,
  events: IngestEvent[],
  rows: EventRow[],
  prepare: (e: IngestEvent) => EventRow,
  apiKeyId: number | null,
  attempt = 1,
): Promise<IngestResult> {
  return planEnrichment(db, events, rows, prepare).then((plan) => {
    if (!plan.replacements.size) return writeRows(db, rows, apiKeyId, plan.replacements);
    return writeRows(
      db,
      rows.map((r, i) => plan.rows.get(i) ?? r),
      apiKeyId,
      plan.replacements,
    ).catch((error: unknown) => {
      if (attempt >= ENRICH_TRIES || !String((error as Error)?.message ?? "").includes(ENRICH_CONFLICT)) throw error;
      return writeWithEnrichment(db, events, rows, prepare, apiKeyId, attempt + 1);
    });
  });
}

function writeRows(
  db: Database,
  rows: EventRow[],
  apiKeyId: number | null,
  replacements: Enrichment["replacements"],
): Promise<IngestResult> {
  const classified = rows.map((r) => ({ articleId: r.articleId, route: r.route }));
  const partial = rows.some((r) => r.partial);
  const times = rows.map((r) => r.occurredAt.getTime());
  const total = rows.length; // (not rows: the closure below must not keep them)
  const batch = toWriteBatch(rows, apiKeyId ?? 0, replacements);
  // Each month's partition exists before its events are written (lib/retention/partitions.ts).
  const writing = ensureEventMonths(db, times)
    .then(() => db.procedure("writeEvents", batch))
    .catch((error: unknown) => {
      throw isRetiredMonthError(error) ? retiredMonthProblem(error.retired, total) : error;
    });
  return answer(writing, classified).then(async (result) => {
    // The background folder (lib/ledger/folder.ts) folds the new counts after this request.
    folderOf(db)?.stored(result.accepted - result.duplicates - result.enriched);
    if (partial) await partialEventsStored(db);
    return result;
  });
}

/** Events of a month retention dropped (another process's setting may keep fewer days than ours). */
function retiredMonthProblem(retired: [number, string][], total: number): ProblemError {
  const errors = Object.fromEntries(
    retired.map(([i, month]) => [
      `$[${i}].occurredAt`,
      [`events of ${month.slice(0, 7)} are no longer kept: retention dropped that month (TRIAGE_RETENTION_DAYS)`],
    ]),
  );
  return new ProblemError(
    "validation-failed",
    `${retired.length} of ${total} events are of a month whose events are no longer kept; nothing was stored. See validationErrors.`,
    { validationErrors: limitErrors(errors) },
  );
}

export { FOLD_EVERY_EVENTS } from "../ledger/folder";

async function answer(
  writing: Promise<WrittenEvent[]>,
  classified: { articleId: string; route: Team }[],
): Promise<IngestResult> {
  const written = await writing;
  return {
    accepted: written.length,
    duplicates: written.filter((w) => w.duplicate).length,
    enriched: written.filter((w) => w.enriched).length,
    events: written.map((w, i) => ({
      id: w.id,
      problemId: w.problemId,
      articleId: classified[i].articleId,
      route: classified[i].route,
      duplicate: w.duplicate,
      ...(w.enriched ? { enriched: true } : {}),
    })),
  };
}
