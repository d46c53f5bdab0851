// Message texts of every district: each text once (message_text) and its events per problem and
// UTC month across districts (problem_message), what search and the top lines read when the
// viewer sees every district (lib/queries/message-texts.ts). event_message holds the same counts
// per district.
//  - Ingest appends a batch's counts to message_pending: no unique key, so concurrent ingests
//    never wait on one another's rows (a text's problem_message row is shared by every district).
//  - The fold (and a move, after folding its problems) adds them under the fold lock: texts first,
//    then counts, each in key order; rows left at zero are deleted, and so is a text no count
//    refers to any more (no text is kept longer than an event that holds it).
import type { SqlSession } from "../db/sql-session";
import { arrayLiteral } from "../db/array-literal";
import { compareIds, compareText } from "../ingest/key-order";
import { textDigest } from "../ingest/prepare";
import { monthOf } from "../retention/policy";
import type { Share } from "./share";

/** A text's events (signed) in one problem and UTC month, across districts. */
export interface MessageTotal {
  problemId: string;
  /** The first day of the UTC month. */
  month: string;
  /** SHA-256 of the text alone (textDigest). */
  digest: string;
  text: string;
  events: number;
}

/** Signed shares summed per problem, month and text (shares without a message text count nowhere). */
export function messageTotalsOf(signed: readonly { share: Share; sign: number }[]): MessageTotal[] {
  return sumMessageTotals(
    signed.flatMap(({ share, sign }) =>
      share.message
        ? [{ problemId: share.problemId, month: monthOf(share.occurredAt), text: share.message.text, events: sign }]
        : [],
    ),
  );
}

/**
 * Counts summed per problem, month and text (any other key, such as the district, summed over).
 * `textDigest`: the text's, when known (any other digest of the count, such as event_message's,
 * which covers the district, is not it).
 */
export function sumMessageTotals(
  counts: Iterable<{ problemId: string; month: string; text: string; textDigest?: string; events: number }>,
): MessageTotal[] {
  const totals = new Map<string, MessageTotal>();
  const digests = new Map<string, string>();
  for (const c of counts) {
    const digest =
      c.textDigest ?? digests.get(c.text) ?? (digests.set(c.text, textDigest(c.text)), digests.get(c.text)!);
    const key = `${c.problemId}|${c.month}|${digest}`;
    const t = totals.get(key);
    if (t) t.events += c.events;
    else totals.set(key, { problemId: c.problemId, month: c.month, digest, text: c.text, events: c.events });
  }
  return [...totals.values()].filter((t) => t.events !== 0);
}

/** New events' totals appended to message_pending (ingest: no lock, no wait). */
export async function appendPendingMessages(tx: SqlSession, shares: readonly Share[]): Promise<void> {
  const totals = messageTotalsOf(shares.map((share) => ({ share, sign: 1 })));
  if (!totals.length) return;
  await tx.query(
    `INSERT INTO message_pending (problem_id, month, digest, text, events)
     SELECT * FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::int[])`,
    columnsOf(totals),
  );
}

/** The pending totals of these problems (locked, under the fold lock) moved into the folded tables. */
export async function foldPendingMessages(tx: SqlSession, problemIds: readonly string[]): Promise<void> {
  const gone = await tx.query<{ problem_id: string; month: string; digest: string; text: string; events: number }>(
    `DELETE FROM message_pending WHERE problem_id = ANY($1::bigint[])
     RETURNING problem_id::text, to_char(month, 'YYYY-MM-DD') AS month, digest, text, events`,
    [problemIds],
  );
  await addFoldedMessages(
    tx,
    sumMessageTotals(
      gone.map((g) => ({
        problemId: g.problem_id,
        month: g.month,
        textDigest: g.digest,
        text: g.text,
        events: g.events,
      })),
    ),
  );
}

/**
 * Signed totals into message_text and problem_message (each key at most once in `totals`; the
 * caller holds the fold lock and its problems' pending totals are folded).
 */
export async function addFoldedMessages(tx: SqlSession, totals: readonly MessageTotal[]): Promise<void> {
  const rows = totals
    .filter((t) => t.events !== 0)
    .sort(
      (a, b) =>
        compareIds(a.problemId, b.problemId) || compareText(a.month, b.month) || compareText(a.digest, b.digest),
    );
  if (!rows.length) return;
  // A text already held is left as it is, unless it is not its digest's text (rebuild mends it).
  const texts = new Map(rows.filter((r) => r.events > 0).map((r) => [r.digest, r.text]));
  if (texts.size) {
    const digests = [...texts.keys()].sort(compareText);
    await tx.query(
      `INSERT INTO message_text (digest, text)
       SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1
       ON CONFLICT (digest) DO UPDATE SET text = EXCLUDED.text WHERE message_text.text IS DISTINCT FROM EXCLUDED.text`,
      [arrayLiteral(digests), arrayLiteral(digests.map((d) => texts.get(d)!))],
    );
  }
  await tx.query(
    `INSERT INTO problem_message AS t (problem_id, month, digest, events)
     SELECT m.problem_id, m.month, m.digest, m.events
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::int[]) WITH ORDINALITY AS m(problem_id, month, digest, events, ord)
      ORDER BY m.ord
     ON CONFLICT (problem_id, month, digest) DO UPDATE SET events = t.events + EXCLUDED.events`,
    columnsOf(rows).filter((_, i) => i !== 3),
  );
  if (rows.some((r) => r.events < 0)) {
    const taken = rows.filter((r) => r.events < 0);
    await tx.query(
      `DELETE FROM problem_message WHERE events = 0 AND (problem_id, month, digest) IN
         (SELECT * FROM unnest($1::bigint[], $2::date[], $3::text[]))`,
      [
        arrayLiteral(taken.map((r) => r.problemId)),
        arrayLiteral(taken.map((r) => r.month)),
        arrayLiteral(taken.map((r) => r.digest)),
      ],
    );
    await deleteUnusedTexts(tx, [...new Set(taken.map((r) => r.digest))]);
  }
}

/** Texts among `digests` (null: every text) that no folded count refers to any more. Under the fold lock. */
export async function deleteUnusedTexts(tx: SqlSession, digests: readonly string[] | null): Promise<void> {
  await tx.query(
    `DELETE FROM message_text t WHERE ${digests ? "t.digest = ANY($1::text[]) AND " : ""}
        NOT EXISTS (SELECT 1 FROM problem_message m WHERE m.digest = t.digest)`,
    digests ? [arrayLiteral(digests)] : [],
  );
}

function columnsOf(rows: readonly MessageTotal[]): string[] {
  return [
    arrayLiteral(rows.map((r) => r.problemId)),
    arrayLiteral(rows.map((r) => r.month)),
    arrayLiteral(rows.map((r) => r.digest)),
    arrayLiteral(rows.map((r) => r.text)),
    arrayLiteral(rows.map((r) => r.events)),
  ];
}

/**
 * Retention: the totals of retired months (`before`: every month before `month`; else that month),
 * pending first. A fold that took pending rows of the month meanwhile holds them until it commits,
 * so the second statement, which reads after the first, sees what it added. The texts no count
 * refers to any more go after (deleteUnusedTexts, under the fold lock).
 */
export async function deleteMonthTotals(tx: SqlSession, month: string, before = false): Promise<void> {
  const op = before ? "<" : "=";
  await tx.query(`DELETE FROM message_pending WHERE month ${op} $1::date`, [month]);
  await tx.query(`DELETE FROM problem_message WHERE month ${op} $1::date`, [month]);
}
