// An event's share of the counts: everything any derived table keys or sums by. One type for
// every writer (ingest, enrichment, client re-map, re-routing, later reclassification): the
// ledger (apply.ts) turns a list of shares and a sign into every derived table's rows.
import { parseBody } from "../problems";
import { messageOf, messageTextOf } from "../ingest/prepare";

/** An event's message row (event_message): its district, text and digest. */
export interface MessageShare {
  lea: string;
  text: string;
  digest: string;
}

/**
 * What one stored event adds to the counts. The route is not here: a count's route is its
 * problem's route at the moment it is folded, and a problem's route change moves its folded
 * counts (the trigger of migration 20261204160000_ledger).
 */
export interface Share {
  /** The event's id (a regression names the first event that caused it). */
  id: string;
  problemId: string;
  /** Epoch milliseconds (UTC instant): its day and quarter-hour. */
  occurredAt: number;
  lea: string | null;
  client: string | null;
  /** HTTP status. */
  status: number;
  /** Its message row, or null (no body, or nothing to search). */
  message: MessageShare | null;
}

/** The message row of a stored body in a district, as the write derived it (prepare.ts). */
export function storedMessage(lea: string | null, body: unknown): MessageShare | null {
  if (body === null || body === undefined) return null;
  const { messageText, messageDigest } = messageOf(lea, messageTextOf(parseBody(body)));
  return messageText !== null && messageDigest !== null
    ? { lea: lea ?? "", text: messageText, digest: messageDigest }
    : null;
}

/** A stored event's columns the share is made of (SHARE_COLUMNS selects them). */
export interface StoredShareRow {
  id: string;
  problem_id: string;
  occurred_at: string | Date;
  lea: string | null;
  client: string | null;
  status: number;
  body: unknown;
}

export const SHARE_COLUMNS = "id::text, problem_id::text, occurred_at, lea, client, status, body";

export function shareOfStored(r: StoredShareRow): Share {
  return {
    id: r.id,
    problemId: r.problem_id,
    occurredAt: new Date(r.occurred_at).getTime(),
    lea: r.lea,
    client: r.client,
    status: r.status,
    message: storedMessage(r.lea, r.body),
  };
}
