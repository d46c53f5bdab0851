// The ledger's one writer: a list of shares and a sign (+1 stored, −1 moved away) applied to every
// derived table. Two ways in, one set of rows:
//  - addShares (ingest): new events' counts are appended to share_pending (no unique key, so no
//    row lock and no wait between concurrent ingests) and folded later off the request path
//    (fold.ts), and so are its message totals of every district (message_pending); only what a
//    read cannot wait for is written now: a resolved problem regresses, and a new message text
//    becomes searchable in its district (event_message).
//  - moveShares (enrichment, client re-map, reclassification): the pending counts are folded
//    first (under the fold lock), then the old shares are taken out of and the new ones added to the
//    folded tables in one pass per table, first/last seen recomputed from the events where events
//    left, and rows left at zero deleted: every figure is exact when the transaction commits.
//
// LOCK ORDER (every writer, by construction: only this module, with seen.ts, upsert-folded.ts and
// message-totals.ts which it calls, fold.ts, rebuild.ts and retention write derived rows)
//   1. the fold lock (advisory, transaction-scoped): the fold, moves, rebuild, route changes,
//      retention's sweep of unused texts — never ingest
//   2. problem rows, FOR NO KEY UPDATE in id order (a route is read under it; a regression updates it)
//   3. rollup rows, each table in key order, tables in this order: problem_daily_count,
//      problem_trend_day, problem_day, trend_day, trend_all_day, trend_district_day, client_trend_day, client_day,
//      problem_month, district_day_problems, district_week_problems, client_day_problems,
//      client_week_problems, event_message. message_text,
//      problem_message (message-totals.ts) and the problem sets (problem-sets.ts) are written under
//      the fold lock only (never by ingest), so their place among these is free: a move folds its
//      problems' pending texts before it writes event_message.
//   4. share_pending, message_pending: appended by ingest, which locks no row of theirs; deleted by
//      fold-lock holders (the fold holds 1 and 2 first, then deletes them before it writes 3)
// A route change (assignment, routing rule) takes the fold lock (1) and locks its problem (2), then
// its trigger moves the problem's trend_day, then trend_all_day rows in key order (3); the trigger
// refuses a route change made without the fold lock.
import { copyField, type SqlSession } from "../db/sql-session";
import { arrayLiteral } from "../db/array-literal";
import { compareIds, compareText } from "../ingest/key-order";
import { isoOf, quarterOfDay, utcDayOf } from "../trends/quarter-hours";
import type { Share } from "./share";
import { monthOf } from "../retention/policy";
import { newBatchId, rememberBatch, takeRememberedBatches } from "./pending-batches";
import { recordAlerts, triggersOf } from "../alerts/record";
import { restateSeen } from "./seen";
import { deleteZeroRows, upsertDaily, upsertMonthly, upsertRunningTotalRollups } from "./upsert-folded";
import { updateProblemSets } from "./problem-sets";
import { addFoldedMessages, appendPendingMessages, foldPendingMessages, messageTotalsOf } from "./message-totals";

export type Sign = 1 | -1;

/** Events of one problem, UTC day, district, client, status and quarter-hour (signed), with their first and last instant. */
export interface Count {
  problemId: string;
  day: string;
  lea: string;
  client: string;
  status: number;
  quarter: number;
  events: number;
  /** Epoch ms; null for counts taken out. */
  first: number | null;
  last: number | null;
}

/** Key of the fold lock (pg_advisory_xact_lock): one folder at a time across every process of a database. */
export const FOLD_LOCK_KEY = 7_264_001;

/**
 * Takes the fold lock for this transaction (waiting for a fold or a move that holds it). Every
 * writer of folded rows holds it: the fold, moves, rebuild, and a route change, whose trigger moves
 * trend rows (it refuses a route change without it: a fold's read-then-write of a row the trigger
 * creates meanwhile would lose the trigger's counts). Taken before any problem row (lock order).
 */
export async function holdFoldLock(tx: SqlSession): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [FOLD_LOCK_KEY]);
}

export function countsOf(shares: readonly Share[], sign: Sign): Count[] {
  const byKey = new Map<string, Count>();
  for (const s of shares) {
    const c: Count = {
      problemId: s.problemId,
      day: utcDayOf(s.occurredAt),
      lea: s.lea ?? "",
      client: s.client ?? "",
      status: s.status,
      quarter: quarterOfDay(s.occurredAt),
      events: 0,
      first: null,
      last: null,
    };
    const key = `${c.problemId}|${c.day}|${c.lea}|${c.client}|${c.status}|${c.quarter}`;
    const row = byKey.get(key) ?? (byKey.set(key, c), c);
    row.events += sign;
    if (sign > 0) {
      row.first = row.first === null ? s.occurredAt : Math.min(row.first, s.occurredAt);
      row.last = row.last === null ? s.occurredAt : Math.max(row.last, s.occurredAt);
    }
  }
  return [...byKey.values()];
}

const PENDING_COLUMNS = [
  "problem_id",
  "day",
  "lea",
  "client",
  "status",
  "quarter",
  "events",
  "first_seen_at",
  "last_seen_at",
  "batch",
] as const;

/** New events (ingest, sign +1): regressions, message counts, and their counts appended to share_pending. */
export async function addShares(tx: SqlSession, shares: readonly Share[]): Promise<void> {
  if (!shares.length) return;
  await regressResolved(tx, shares);
  await countMessages(
    tx,
    shares.map((s) => ({ share: s, sign: 1 as Sign })),
  );
  await appendPendingMessages(tx, shares);
  const counts = countsOf(shares, 1);
  const batch = newBatchId();
  let text = "";
  for (const c of counts) {
    text += `${c.problemId}\t${c.day}\t${copyField(c.lea)}\t${copyField(c.client)}\t${c.status}\t`;
    text += `${c.quarter}\t${c.events}\t${isoOf(c.first!)}\t${isoOf(c.last!)}\t${batch}\n`;
  }
  await tx.copyIn("share_pending", PENDING_COLUMNS, text);
  rememberBatch({ id: batch, counts });
}

/**
 * Stored events whose keys changed: their old shares out, their new ones in. Call it after the
 * events' rows are rewritten (first and last seen are recomputed from them). `regress: false`
 * when the events are not news (reclassification: old events regrouped, not a recurrence).
 */
export async function moveShares(
  tx: SqlSession,
  moves: readonly { from: Share; to: Share }[],
  options: { regress?: boolean } = {},
): Promise<void> {
  if (!moves.length) return;
  await holdFoldLock(tx);
  const from = moves.map((m) => m.from);
  const to = moves.map((m) => m.to);
  const ids = [...from, ...to].map((s) => s.problemId);
  // Every problem involved locked in id order first (lock order, above), then every pending count
  // of theirs folded, however many problems are pending: a count taken out of a row its own
  // pending count has not reached yet would leave the row at zero, with the first and last seen of
  // events that left, once that count is folded (its re-locking of rows held here waits for nothing).
  const routes = await lockProblems(tx, ids);
  await foldPendingLocked(tx, Number.MAX_SAFE_INTEGER, ids);
  if (options.regress !== false) await regressResolved(tx, to);
  await applyFolded(tx, [...countsOf(from, -1), ...countsOf(to, 1)], routes);
  await restateSeen(tx, from);
  const signed = [
    ...from.map((share) => ({ share, sign: -1 as Sign })),
    ...to.map((share) => ({ share, sign: 1 as Sign })),
  ];
  await countMessages(tx, signed);
  await addFoldedMessages(tx, messageTotalsOf(signed));
}

/** Locks problems in id order (FOR NO KEY UPDATE); their route now (the assignment, else the suggestion). */
export async function lockProblems(tx: SqlSession, ids: readonly string[]): Promise<Map<string, string>> {
  const sorted = [...new Set(ids)].sort(compareIds);
  const rows = await tx.query<{ id: string; route: string }>(
    "SELECT id::text, coalesce(assigned_team, route)::text AS route FROM problem WHERE id = ANY($1::bigint[]) ORDER BY problem.id FOR NO KEY UPDATE",
    [sorted],
  );
  return new Map(rows.map((r) => [r.id, r.route]));
}

/** What a fold did: the events it folded (signed), and whether problems were left pending beyond its limit. */
export interface Folded {
  events: number;
  more: boolean;
}

/**
 * The pending counts folded into the rollups, in one transaction that already holds the fold
 * lock: the problems with pending counts (at most maxProblems; only `onlyProblems` when given)
 * locked in id order, their counts deleted from share_pending and added to the folded tables.
 */
export async function foldPendingLocked(
  tx: SqlSession,
  maxProblems: number,
  onlyProblems?: readonly string[],
): Promise<Folded> {
  const ids = await tx.query<{ id: string }>(
    `SELECT DISTINCT problem_id::text AS id FROM share_pending
      ${onlyProblems ? "WHERE problem_id = ANY($1::bigint[])" : ""} ORDER BY 1 LIMIT ${maxProblems + 1}`,
    onlyProblems ? [[...new Set(onlyProblems)]] : [],
  );
  const more = ids.length > maxProblems;
  if (more) ids.pop();
  if (!ids.length) return { events: 0, more: false };
  const routes = await lockProblems(
    tx,
    ids.map((r) => r.id),
  );
  const counts = await takeRememberedBatches(tx, new Set(routes.keys()));
  const gone = await tx.query<{
    problem_id: string;
    day: string;
    lea: string;
    client: string;
    status: number;
    quarter: number;
    events: number;
    first: string | Date;
    last: string | Date;
  }>(
    `DELETE FROM share_pending WHERE problem_id = ANY($1::bigint[])
     RETURNING problem_id::text, to_char(day, 'YYYY-MM-DD') AS day, lea, client, status, quarter, events, first_seen_at AS first, last_seen_at AS last`,
    [[...routes.keys()]],
  );
  for (const g of gone) {
    counts.push({
      problemId: g.problem_id,
      day: g.day,
      lea: g.lea,
      client: g.client,
      status: g.status,
      quarter: g.quarter,
      events: g.events,
      first: new Date(g.first).getTime(),
      last: new Date(g.last).getTime(),
    });
  }
  await applyFolded(tx, counts, routes);
  await foldPendingMessages(tx, [...routes.keys()]);
  return { events: counts.reduce((n, c) => n + c.events, 0), more };
}

/** Signed counts into the eleven folded tables, each in key order, one upsert per table. */
async function applyFolded(tx: SqlSession, counts: Count[], routes: Map<string, string>): Promise<void> {
  if (!counts.length) return;
  await upsertDaily(tx, counts);
  await upsertRunningTotalRollups(tx, counts, (problemId) => routeOf(routes, problemId));
  await upsertMonthly(tx, counts);
  if (counts.some((c) => c.events < 0)) await deleteZeroRows(tx, counts);
  await updateProblemSets(tx, counts);
}

function routeOf(routes: Map<string, string>, problemId: string): string {
  const route = routes.get(problemId);
  if (!route) throw new Error(`ledger: problem ${problemId} was not locked before its counts were folded`);
  return route;
}

/** A resolved problem that receives events has regressed; its history says by which event. Problems locked in id order. */
async function regressResolved(tx: SqlSession, shares: readonly Share[]): Promise<void> {
  const first = new Map<string, Share>();
  for (const s of shares) {
    const f = first.get(s.problemId);
    if (!f || s.occurredAt < f.occurredAt) first.set(s.problemId, s);
  }
  const ids = [...first.keys()].sort(compareIds);
  const resolved = await tx.query<{ id: string }>(
    "SELECT id::text FROM problem WHERE id = ANY($1::bigint[]) AND triage_status = 'resolved' ORDER BY problem.id FOR NO KEY UPDATE",
    [ids],
  );
  if (!resolved.length) return;
  const r = resolved.map((x) => first.get(x.id)!);
  const regressed = await tx.query<{ id: string }>(
    `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS v(id, event_id, at)),
     updated AS (UPDATE problem SET triage_status = 'regressed' FROM v WHERE problem.id = v.id AND problem.triage_status = 'resolved' RETURNING problem.id)
     INSERT INTO problem_activity (problem_id, actor_id, kind, data)
     SELECT v.id, NULL, 'regressed', jsonb_build_object('from', 'resolved', 'to', 'regressed', 'eventId', v.event_id::text, 'occurredAt', v.at)
       FROM updated u JOIN v ON v.id = u.id
     RETURNING problem_id::text AS id`,
    [r.map((s) => s.problemId), r.map((s) => s.id), r.map((s) => new Date(s.occurredAt).toISOString())],
  );
  // Alerts for the regressions, in this transaction (lib/alerts/record.ts).
  if (regressed.length) await recordAlerts(tx, "regressed", triggersOf(shares, new Set(regressed.map((x) => x.id))));
}

/**
 * event_message: one row per problem, UTC month and message text (per district), with its events.
 * A new text is searchable when its event is; rows in one global order; a row left at zero is
 * deleted. The month lets retention take a retired month's texts with its events.
 */
async function countMessages(tx: SqlSession, signed: readonly { share: Share; sign: Sign }[]): Promise<void> {
  const counts = new Map<
    string,
    { problemId: string; month: string; lea: string; text: string; digest: string; n: number }
  >();
  for (const { share, sign } of signed) {
    const m = share.message;
    if (!m) continue;
    const month = monthOf(share.occurredAt);
    const key = `${share.problemId}|${month}|${m.digest}`;
    const c = counts.get(key) ?? (counts.set(key, { problemId: share.problemId, month, ...m, n: 0 }), counts.get(key)!);
    c.n += sign;
  }
  const rows = [...counts.values()]
    .filter((r) => r.n !== 0)
    .sort(
      (a, b) =>
        compareIds(a.problemId, b.problemId) || compareText(a.month, b.month) || compareText(a.digest, b.digest),
    );
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO event_message AS t (problem_id, month, lea, digest, text, events)
     SELECT m.problem_id, m.month, m.lea, m.digest, m.text, m.n
       FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[]) WITH ORDINALITY AS m(problem_id, month, lea, digest, text, n, ord)
     ORDER BY m.ord
     ON CONFLICT (problem_id, month, digest) DO UPDATE SET events = t.events + EXCLUDED.events`,
    [
      arrayLiteral(rows.map((r) => r.problemId)),
      arrayLiteral(rows.map((r) => r.month)),
      arrayLiteral(rows.map((r) => r.lea)),
      arrayLiteral(rows.map((r) => r.digest)),
      arrayLiteral(rows.map((r) => r.text)),
      arrayLiteral(rows.map((r) => r.n)),
    ],
  );
  if (rows.some((r) => r.n < 0)) {
    await tx.query(
      "DELETE FROM event_message WHERE events = 0 AND problem_id = ANY($1::bigint[]) AND digest = ANY($2::text[])",
      [rows.map((r) => r.problemId), rows.map((r) => r.digest)],
    );
  }
}
