// One bounded step of reclassification, as one transaction (a procedure: on PGlite it runs in the
// database's thread, and other requests run between steps). The next BATCH events after a cursor
// are read without locks and run through today's classifier; only the events whose classification
// changed are then locked (id order), read again under the lock and classified again: what moves
// is the event as it is now (a client re-map or an enrichment may have changed it meanwhile). Events
// stored with masked values are left alone (stored-event.ts storedMasked). An event whose group
// changed moves to its problem (created when new) through the ledger, so every count moves
// exactly once with it; one whose reasons alone changed is rewritten in place. History entries
// and merges are written in the same transaction (history.ts). Killed between or inside steps,
// a new run finds only the events still off today's classification and ends in the same state.
import type { SqlSession } from "../db/sql-session";
import type { RoutingRuleInput } from "../problems";
import { compareIds, compareText } from "../ingest/key-order";
import { problemIdsOf, upsertProblems, type ProblemSeed } from "../ingest/problem-rows";
import { moveShares } from "../ledger/apply";
import { shareOfStored } from "../ledger/share";
import { recordReclassification } from "./history";
import {
  STORED_EVENT_COLUMNS,
  movesProblem,
  reclassifyStored,
  restatesReasons,
  storedMasked,
  type Reclassified,
  type StoredEventRow,
} from "./stored-event";

export interface ReclassifyBatchArgs {
  /** Events after this id (exclusive), in id order. */
  after: string;
  /** ISO instant: only events that occurred at or after it. */
  since: string | null;
  size: number;
  dryRun: boolean;
  /** This run's id, in its history entries (one entry per problem and run). */
  run: string;
  /** Events up to this id (inclusive): the newest when the run started (later ones were classified by today's catalog). */
  until: string;
  /** TRIAGE_REDACT_RESPONSE_VALUES is on now (decides for events stored before masking was recorded). */
  maskingOn: boolean;
  rules: RoutingRuleInput[];
}

/** Events moved from one problem to another (to is null in a dry run when the problem would be new). */
export interface BatchMove {
  fromProblem: string;
  fromArticle: string;
  toProblem: string | null;
  toFingerprint: string;
  toArticle: string;
  events: number;
}

export interface BatchResult {
  /** The last id read, or null when there was nothing after `after`. */
  last: string | null;
  scanned: number;
  moves: BatchMove[];
  /** Events that kept their problem but whose reasons or route were rewritten. */
  restated: number;
  /** Events another writer changed between the read and the lock so that they no longer change. */
  skipped: number;
  /** Events stored with masked values: not classified again. */
  masked: number;
  /** Problems left with no events, and where they were merged. */
  merged: { problem: string; into: string }[];
}

interface Change {
  row: StoredEventRow;
  now: Reclassified;
}

export async function reclassifyBatch(tx: SqlSession, args: ReclassifyBatchArgs): Promise<BatchResult> {
  const rows = await tx.query<StoredEventRow>(
    `SELECT ${STORED_EVENT_COLUMNS} FROM error_event
      WHERE id > $1::bigint AND id <= $2::bigint AND ($3::timestamptz IS NULL OR occurred_at >= $3::timestamptz)
      ORDER BY error_event.id LIMIT $4`,
    [args.after, args.until, args.since, args.size],
  );
  const result: BatchResult = {
    last: rows.length ? rows[rows.length - 1].id : null,
    scanned: rows.length,
    moves: [],
    restated: 0,
    skipped: 0,
    masked: 0,
    merged: [],
  };
  result.masked = rows.filter((r) => storedMasked(r, args.maskingOn)).length;
  const changes = changesOf(rows, args);
  if (!changes.length) return result;
  if (args.dryRun) {
    const problems = await problemIdsOf(
      tx,
      changes.filter((c) => movesProblem(c.row, c.now)).map((c) => c.now.fingerprint),
    );
    result.moves = movesOf(changes, problems);
    result.restated = changes.filter((c) => !movesProblem(c.row, c.now)).length;
    return result;
  }
  const current = await lockedChanges(tx, changes, args);
  result.skipped = changes.length - current.length;
  const moving = current.filter((c) => movesProblem(c.row, c.now));
  const problems = await upsertProblems(tx, seedsOf(moving), new Set());
  await rewriteEvents(tx, current, problems);
  await moveShares(
    tx,
    moving.map(({ row, now }) => {
      const from = shareOfStored(row);
      return { from, to: { ...from, problemId: problems.get(now.fingerprint)! } };
    }),
    { regress: false },
  );
  result.moves = movesOf(moving, problems);
  result.restated = current.length - moving.length;
  result.merged = await recordReclassification(tx, args.run, result.moves);
  return result;
}

/** The events (masked ones left out) whose classification today differs from what is stored. */
function changesOf(rows: readonly StoredEventRow[], args: Pick<ReclassifyBatchArgs, "rules" | "maskingOn">): Change[] {
  const changes: Change[] = [];
  for (const row of rows) {
    if (storedMasked(row, args.maskingOn)) continue;
    const now = reclassifyStored(row, args.rules);
    if (movesProblem(row, now) || restatesReasons(row, now)) changes.push({ row, now });
  }
  return changes;
}

/**
 * The changed events locked in id order and read again: their changes as they are now (what
 * moves out of the counts is the locked row, never the earlier read). One that no longer needs a
 * change (another writer got there) drops out.
 */
async function lockedChanges(tx: SqlSession, changes: Change[], args: ReclassifyBatchArgs): Promise<Change[]> {
  const locked = await tx.query<StoredEventRow>(
    `SELECT ${STORED_EVENT_COLUMNS} FROM error_event WHERE id = ANY($1::bigint[]) ORDER BY error_event.id FOR UPDATE`,
    [changes.map((c) => c.row.id).sort(compareIds)],
  );
  return changesOf(locked, args);
}

function seedsOf(moving: Change[]): ProblemSeed[] {
  const seeds = new Map<string, ProblemSeed>();
  for (const { row, now } of moving) {
    if (seeds.has(now.fingerprint)) continue;
    seeds.set(now.fingerprint, {
      fingerprint: now.fingerprint,
      articleId: now.articleId,
      resource: now.resource,
      signature: now.signature,
      canonicalType: now.canonicalType,
      status: row.status,
      route: now.route,
      alt: now.alt,
      routeReason: now.routeReason,
    });
  }
  return [...seeds.values()];
}

/** The events' classification columns and problem, as today's classifier decides them (one UPDATE). */
async function rewriteEvents(tx: SqlSession, changes: Change[], problems: ReadonlyMap<string, string>): Promise<void> {
  if (!changes.length) return;
  const column = <T>(pick: (c: Change) => T) => changes.map(pick);
  await tx.query(
    `UPDATE error_event e
        SET problem_id = v.problem_id, fingerprint = v.fingerprint, article_id = v.article_id,
            matched_articles = ARRAY(SELECT jsonb_array_elements_text(v.matched::jsonb)),
            classification_reason = v.reason, resource = v.resource, canonical_type = v.canonical_type,
            route = v.route::"Team", alt = v.alt::"Team"
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS v(id, problem_id, fingerprint, article_id, matched, reason, resource, canonical_type, route, alt)
      WHERE e.id = v.id`,
    [
      column((c) => c.row.id),
      column((c) => problems.get(c.now.fingerprint) ?? c.row.problem_id),
      column((c) => c.now.fingerprint),
      column((c) => c.now.articleId),
      column((c) => JSON.stringify(c.now.matchedArticles)),
      column((c) => c.now.classificationReason),
      column((c) => c.now.resource),
      column((c) => c.now.canonicalType),
      column((c) => c.now.route),
      column((c) => c.now.alt),
    ],
  );
}

/** Moves grouped by source problem and target fingerprint, in a stable order. */
function movesOf(moving: Change[], problems: ReadonlyMap<string, string>): BatchMove[] {
  const byPair = new Map<string, BatchMove>();
  for (const { row, now } of moving) {
    if (!movesProblem(row, now)) continue;
    const key = `${row.problem_id}|${now.fingerprint}`;
    const move = byPair.get(key) ?? {
      fromProblem: row.problem_id,
      fromArticle: row.article_id,
      toProblem: problems.get(now.fingerprint) ?? null,
      toFingerprint: now.fingerprint,
      toArticle: now.articleId,
      events: 0,
    };
    move.events++;
    byPair.set(key, move);
  }
  return [...byPair.values()].sort(
    (a, b) => compareIds(a.fromProblem, b.fromProblem) || compareText(a.toFingerprint, b.toFingerprint),
  );
}
