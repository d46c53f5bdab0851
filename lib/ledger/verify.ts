// `npm run rollups -- verify`: every derived table (folded plus pending) against its definition
// from the raw events (definitions.ts), read in one snapshot, so that it holds while ingest runs.
import type { Database } from "../db/database";
import type { SqlSession } from "../db/sql-session";
import { MESSAGE_SOURCE, ROLLUPS, type RollupDefinition } from "./definitions";
import { storedMessage } from "./share";
import { monthOf } from "../retention/policy";
import { eventsKeptFrom } from "../retention/retired";
import { sumMessageTotals, type MessageTotal } from "./message-totals";
import { textDigest } from "../ingest/prepare";

export interface Difference {
  table: string;
  /** The row's key, column = value. */
  key: Record<string, string>;
  /** From the events; null: no such row should exist. */
  expected: string | null;
  /** In the table (with the pending counts); null: the row is missing. */
  found: string | null;
}

const SCAN_BATCH = 5_000;

/** A message row's key: its problem, UTC month and digest. */
type MessageKey = { problemId: string; month: string; digest: string };
const messageKey = (m: MessageKey) => `${m.problemId}|${m.month}|${m.digest}`;

/**
 * Months retention dropped are not compared: their events are gone and their counts stay (the
 * rollups are all that is left of them). Everything from the first kept month is; and every row,
 * of any month, with itself (checkOwnTotals).
 */
export async function verifyRollups(db: Database, limit = 1_000): Promise<Difference[]> {
  return db.transaction(async (tx) => {
    await tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    // The lock before the snapshot (LOCK takes none): a month's drop in progress commits first,
    // and this snapshot sees it whole (its partition gone and retired_month saying so).
    await tx.exec("LOCK TABLE error_event IN ACCESS SHARE MODE");
    const from = await eventsKeptFrom(tx);
    const out: Difference[] = [];
    for (const d of ROLLUPS) out.push(...(await compare(tx, d, limit, from)));
    for (const d of ROLLUPS) out.push(...(await checkOwnTotals(tx, d, limit)));
    for (const d of ROLLUPS) out.push(...(await checkFromRollup(tx, d, limit)));
    const messages = await messageCountsFromEvents(
      tx,
      from ? `occurred_at >= ('${from}'::date)::timestamp AT TIME ZONE 'UTC'` : "TRUE",
    );
    out.push(...(await compareMessageTotals(tx, limit, from, sumMessageTotals(messages.values()))));
    out.push(...(await compareMessages(tx, limit, from, messages)));
    return out;
  });
}

/** A result row's key columns (selected as text under their names), as a Difference names them. */
function keyOf(d: RollupDefinition, r: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(d.key.map((k) => [k, String(r[k])]));
}

/**
 * The names verify's SQL gives the two sides of a comparison and its rows (w: as it should be, h:
 * as it is, x: the differing rows): a rollup column of one of these names would be read instead of
 * the whole row, so none may be (ledger-definitions.test.ts).
 */
const [W, H, X] = ["w", "h", "x"] as const;
export const VERIFY_ALIASES: readonly string[] = [W, H, X];

/** The join of the two sides (w and h) on every key column. */
function sameKey(d: RollupDefinition): string {
  return d.key.map((k) => `${W}.${k} = ${H}.${k}`).join(" AND ");
}

/**
 * The first `limit` rows (by key) of `joined` (w: as it should be, h: as it is) where `differ`
 * holds: their keys as text, and each side's values as the definition prints them (valuesText,
 * else `row`'s text; null: no such row), made for those rows only (printing a problem set reads
 * its 16,384 bits).
 */
function printedDifferences(
  d: RollupDefinition,
  joined: string,
  differ: string,
  limit: number,
  row: (a: string) => string,
): string {
  const printed = (a: string) =>
    `CASE WHEN ${a}.${d.key[0]} IS NULL THEN NULL ELSE ${d.valuesText ? d.valuesText(a) : `${row(a)}::text`} END`;
  return `SELECT ${d.key.map((k) => `${X}."${k}"`).join(", ")}, ${printed(`(${X}.${W})`)} AS expected, ${printed(`(${X}.${H})`)} AS found
    FROM (SELECT ${d.key.map((k) => `coalesce(${W}.${k}, ${H}.${k})::text AS "${k}"`).join(", ")}, ${W}, ${H}
            FROM ${joined} WHERE ${differ} ORDER BY 1, 2 LIMIT ${limit}) ${X}`;
}

async function compare(tx: SqlSession, d: RollupDefinition, limit: number, from: string | null): Promise<Difference[]> {
  const row = (a: string, whole = false) =>
    `ROW(${d.values.map((v) => (whole && v === "cumulative" ? `quarter_totals_full(${a}.${v})` : `${a}.${v}`)).join(", ")})`;
  // Running totals compared as their 97 values where the rows differ as stored: a row may hold them
  // whole or only where they change (migration 20261207090000_stored_quarter_totals), and a sum of
  // rows gives them whole. (Most rows are equal as stored: the fold and quarter_hour_totals give
  // events' counts the same bounds, and making all 97 costs ~35 µs a row.)
  const differ = `CASE WHEN ${row(W)} IS NOT DISTINCT FROM ${row(H)} THEN false
                       ELSE ${row(W, true)} IS DISTINCT FROM ${row(H, true)} END`;
  // Both sides from the first kept month: a dropped month's rollups have no events to compare with,
  // and rows of its events a writer left in the default partition are not counted twice.
  const kept = (sql: string) => (from ? `SELECT * FROM (${sql}) r WHERE r.day >= '${from}'::date` : sql);
  const rows = await tx.query<Record<string, string | null>>(
    `WITH ${W} AS (${kept(d.fromEvents())}), ${H} AS (${kept(d.live)})
     ${printedDifferences(d, `${W} FULL JOIN ${H} ON ${sameKey(d)}`, differ, limit, (a) => row(a, true))}`,
  );
  return rows.map((r) => ({
    table: d.table,
    key: keyOf(d, r),
    expected: r.expected,
    found: r.found,
  }));
}

/**
 * Every stored row, of retired months too, against itself: its running totals start at 0 and end
 * at its count. The reads rely on it (a whole UTC day is read from the count, part of one from the
 * totals: lib/queries/trends.ts), and a retired month's rows have no events to be compared with.
 */
async function checkOwnTotals(tx: SqlSession, d: RollupDefinition, limit: number): Promise<Difference[]> {
  if (!d.values.includes("cumulative")) return [];
  const count = d.values[0];
  const rows = await tx.query<Record<string, string | null>>(
    `SELECT ${d.key.map((k) => `${k}::text AS "${k}"`).join(", ")}, ${count}::text AS count,
            quarter_total(cumulative, 1)::text AS first, quarter_total(cumulative, 97)::text AS last
       FROM ${d.table}
      WHERE cumulative IS NULL OR quarter_total(cumulative, 1) <> 0 OR quarter_total(cumulative, 97) <> ${count}
      ORDER BY 1, 2 LIMIT ${limit}`,
  );
  const totals = (first: string | null, last: string | null) =>
    first === null ? "no running totals" : `running totals from ${first} to ${last}`;
  return rows.map((r) => ({
    table: d.table,
    key: keyOf(d, r),
    expected: `${totals("0", r.count)} (its ${count})`,
    found: totals(r.first, r.last),
  }));
}

/**
 * A rollup with a source rollup (fromRollup) against it, of every month: a retired month's too
 * (whose events are gone, so that compare() leaves it out), which its reads take from it alone.
 */
async function checkFromRollup(tx: SqlSession, d: RollupDefinition, limit: number): Promise<Difference[]> {
  if (!d.fromRollup) return [];
  const row = (a: string) => `ROW(${d.values.map((v) => `${a}.${v}`).join(", ")})`;
  const rows = await tx.query<Record<string, string | null>>(
    `WITH ${W} AS (${d.fromRollup()})
     ${printedDifferences(d, `${W} FULL JOIN ${d.table} ${H} ON ${sameKey(d)}`, `${row(W)} IS DISTINCT FROM ${row(H)}`, limit, row)}`,
  );
  return rows.map((r) => ({
    table: d.table,
    key: keyOf(d, r),
    expected: r.expected === null ? null : `${r.expected} (its source rollup's sum)`,
    found: r.found,
  }));
}

export interface MessageCount {
  problemId: string;
  /** The first day of the events' UTC month. */
  month: string;
  lea: string;
  digest: string;
  text: string;
  events: number;
}

/**
 * event_message counts from the bodies (the text is derived in code), a batch of SCAN_BATCH events
 * (in id order) at a time: each yield counts one batch's events only, so memory is bounded by a
 * batch however many texts there are. Keys repeat across batches.
 */
export async function* messageCountBatches(tx: SqlSession, where = "TRUE"): AsyncGenerator<Map<string, MessageCount>> {
  for (let after = "0"; ;) {
    const rows = await tx.query<{
      id: string;
      problem_id: string;
      lea: string | null;
      occurred_at: string | Date;
      body: unknown;
    }>(`${MESSAGE_SOURCE} AND id > $1::bigint AND ${where} ORDER BY error_event.id LIMIT ${SCAN_BATCH}`, [after]);
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    const counts = new Map<string, MessageCount>();
    for (const r of rows) {
      const m = storedMessage(r.lea, r.body);
      if (!m) continue;
      const month = monthOf(new Date(r.occurred_at).getTime());
      const key = messageKey({ problemId: r.problem_id, month, digest: m.digest });
      const c =
        counts.get(key) ?? (counts.set(key, { problemId: r.problem_id, month, ...m, events: 0 }), counts.get(key)!);
      c.events += 1;
    }
    yield counts;
  }
}

/** Every event_message count of the events matching `where`, in memory (verify compares them). */
async function messageCountsFromEvents(tx: SqlSession, where = "TRUE"): Promise<Map<string, MessageCount>> {
  const want = new Map<string, MessageCount>();
  for await (const counts of messageCountBatches(tx, where))
    for (const [key, c] of counts) {
      const w = want.get(key);
      if (w) w.events += c.events;
      else want.set(key, c);
    }
  return want;
}

/** event_message against the counts from the events (`want`, which it empties). */
async function compareMessages(
  tx: SqlSession,
  limit: number,
  from: string | null,
  want: Map<string, MessageCount>,
): Promise<Difference[]> {
  const have = await tx.query<MessageCount>(
    `SELECT problem_id::text AS "problemId", to_char(month, 'YYYY-MM-DD') AS month, lea, digest, text, events
       FROM event_message WHERE month >= coalesce($1::date, '-infinity'::date)`,
    [from],
  );
  return differencesByKey(
    "event_message",
    want,
    have,
    (w, h) => w.events === h.events && w.lea === h.lea && w.text === h.text,
    (x) => JSON.stringify([x.lea, x.text.slice(0, 60), x.events]),
  ).slice(0, limit);
}

/**
 * The rows found (`have`) against those expected (`want`, by messageKey; emptied): a difference
 * for each found row that is not as expected, and for each expected row not found.
 */
function differencesByKey<T extends MessageKey>(
  table: string,
  want: Map<string, T>,
  have: readonly T[],
  same: (expected: T, found: T) => boolean,
  show: (row: T) => string,
): Difference[] {
  const out: Difference[] = [];
  const difference = (key: MessageKey, expected: T | undefined, found: T | undefined) =>
    out.push({
      table,
      key: { problem_id: key.problemId, month: key.month, digest: key.digest },
      expected: expected ? show(expected) : null,
      found: found ? show(found) : null,
    });
  for (const h of have) {
    const w = want.get(messageKey(h));
    want.delete(messageKey(h));
    if (!w || !same(w, h)) difference(h, w, h);
  }
  for (const w of want.values()) difference(w, w, undefined);
  return out;
}

/**
 * problem_message plus message_pending against the events' totals of every district, and
 * message_text: a text for every folded count (its digest the text's), and no text without one.
 */
async function compareMessageTotals(
  tx: SqlSession,
  limit: number,
  from: string | null,
  totals: MessageTotal[],
): Promise<Difference[]> {
  const have = await tx.query<MessageKey & { events: number }>(
    `SELECT problem_id::text AS "problemId", to_char(month, 'YYYY-MM-DD') AS month, digest, sum(events)::int AS events
       FROM (SELECT problem_id, month, digest, events FROM problem_message
             UNION ALL SELECT problem_id, month, digest, events FROM message_pending) x
      WHERE month >= coalesce($1::date, '-infinity'::date) GROUP BY 1, 2, 3`,
    [from],
  );
  const out = differencesByKey<MessageKey & { events: number }>(
    "problem_message",
    new Map(totals.map((t) => [messageKey(t), t])),
    have,
    (w, h) => w.events === h.events,
    (row) => String(row.events),
  );
  // Texts of every month (a retired month's folded counts keep theirs), and pending rows' own.
  const texts = await tx.query<{ table: string; digest: string; text: string | null; used: boolean }>(
    `SELECT 'message_text' AS table, d.digest, t.text, EXISTS (SELECT 1 FROM problem_message m WHERE m.digest = d.digest) AS used
       FROM (SELECT digest FROM message_text UNION SELECT digest FROM problem_message) d
       LEFT JOIN message_text t ON t.digest = d.digest
     UNION ALL
     SELECT DISTINCT 'message_pending', digest, text, true FROM message_pending`,
  );
  for (const t of texts) {
    const wrong =
      t.text === null
        ? "no text"
        : textDigest(t.text) !== t.digest
          ? "a text of another digest"
          : !t.used
            ? "a text no count refers to"
            : null;
    if (wrong)
      out.push({
        table: t.table,
        key: { digest: t.digest },
        expected: "its text, for the counts that refer to it",
        found: wrong,
      });
  }
  return out.slice(0, limit);
}

export function formatDifference(d: Difference): string {
  const key = Object.entries(d.key)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `${d.table} ${key}: expected ${d.expected ?? "(no row)"}, found ${d.found ?? "(no row)"}`;
}
