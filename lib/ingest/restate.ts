// Moving stored events: when an event's district changes (a client re-mapped) or its problem
// (an event completed by another source), its share of every count moves with it, exactly once:
// taken out of the problem counters, the daily rollup, the pending trend counts and the message
// counts under its old keys, and added under its new ones, in the transaction that updates it.
// The message text is read again from the stored body, as the write derived it (prepare.ts).
import type { SqlSession } from "../db/sql-session";
import { parseBody } from "../problems";
import { messageOf, messageTextOf } from "./prepare";
import { addToTrendPending } from "./trend-rollups";
import { addToRollups, countMessages } from "./rollups";

export interface MessageRow {
  lea: string;
  text: string;
  digest: string;
}

/** What a stored event adds to the counts. */
export interface EventShare {
  id: string;
  problemId: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  lea: string | null;
  client: string | null;
  status: number;
  /** Its message row (event_message), or null. */
  message: MessageRow | null;
}

export async function moveShares(tx: SqlSession, moves: readonly { from: EventShare; to: EventShare }[]): Promise<void> {
  if (!moves.length) return;
  for (const [sign, shares] of [[-1, moves.map((m) => m.from)], [1, moves.map((m) => m.to)]] as const) {
    await addToRollups(tx, shares, sign);
    await addToTrendPending(tx, shares.map((s) => ({ problemId: s.problemId, occurredAt: s.occurredAt, lea: s.lea, client: s.client, status: s.status })), sign);
    await countMessages(tx, shares.map((s) => ({ problemId: s.problemId, message: s.message })), sign);
  }
}

/** The message row of a stored body in a district, as the write derived it (prepare.ts). */
export function storedMessage(lea: string | null, body: unknown): MessageRow | null {
  if (body === null || body === undefined) return null;
  const { messageText, messageDigest } = messageOf(lea, messageTextOf(parseBody(body)));
  return messageText !== null && messageDigest !== null ? { lea: lea ?? "", text: messageText, digest: messageDigest } : null;
}
