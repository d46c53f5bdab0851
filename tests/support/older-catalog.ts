// A catalog from before it learned some articles' templates: today's classifier, except that the
// events those articles take fall to what the rest of the catalog decides without their messages
// (the per-status article). Events stored with it are what `npm run reclassify` exists for.
import { classifyEvent, FieldMatcher, type ClassifiableEvent, type ClassifiedEvent } from "@/lib/problems";
import type { Database } from "@/lib/db/database";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { prepareEvent } from "@/lib/ingest/prepare";
import { toWriteBatch, writeEvents } from "@/lib/ingest/write";
import { foldPending, foldedEvents } from "@/lib/ledger/fold";
import { routingRulesForIngest } from "@/lib/triage/routing-rules";

export const REMOVED_ARTICLES: ReadonlySet<string> = new Set(["unresolved-reference", "descriptor-not-found"]);

export function olderCatalog(event: ClassifiableEvent): ClassifiedEvent {
  const today = classifyEvent(event);
  if (!REMOVED_ARTICLES.has(today.articleId)) return today;
  const without = classifyEvent({ ...event, body: undefined, log: undefined });
  return { ...without, parsed: today.parsed };
}

/** The events as the older catalog stored them (values masked when asked), written in transactions of `batch`, folded. */
export async function storeUnderOlderCatalog(
  db: Database,
  events: readonly IngestEvent[],
  receivedAt: Date,
  batch = 200,
  maskResponseValues = false,
): Promise<void> {
  const rules = await routingRulesForIngest(db);
  for (let k = 0; k < events.length; k += batch) {
    const rows = events.slice(k, k + batch).map((e) =>
      prepareEvent(e, {
        receivedAt,
        apiKeyId: 0,
        rules,
        fields: new FieldMatcher([]),
        maskResponseValues,
        classify: olderCatalog,
      }),
    );
    await db.transaction((tx) => writeEvents(tx, toWriteBatch(rows, 0)));
  }
  while (foldedEvents(await db.transaction((tx) => foldPending(tx))) > 0);
}
