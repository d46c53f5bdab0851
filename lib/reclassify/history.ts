// What reclassification tells the problems it touched, in the transaction that moved the events:
// one 'reclassified' history entry per problem and run (events in and out, by problem and
// article), and a problem left with no events marked as merged into the problem that received
// most of its events over every run (so a run killed and run again marks the same one).
import type { SqlSession } from "../db/sql-session";
import { compareIds } from "../ingest/key-order";
import type { BatchMove } from "./batch";

/** A 'reclassified' entry's data: events moved in from / out to other problems (problem id → count and article). */
export interface ReclassifiedEntry {
  run: string;
  in: Record<string, { events: number; articleId: string }>;
  out: Record<string, { events: number; articleId: string }>;
}

export async function recordReclassification(
  tx: SqlSession,
  run: string,
  moves: readonly BatchMove[],
): Promise<{ problem: string; into: string }[]> {
  if (!moves.length) return [];
  const entries = new Map<string, ReclassifiedEntry>();
  const entryOf = (problem: string) =>
    entries.get(problem) ?? (entries.set(problem, { run, in: {}, out: {} }), entries.get(problem)!);
  for (const m of moves) {
    add(entryOf(m.fromProblem).out, m.toProblem!, m.events, m.toArticle);
    add(entryOf(m.toProblem!).in, m.fromProblem, m.events, m.fromArticle);
  }
  const problems = [...entries.keys()].sort(compareIds);
  const existing = await tx.query<{ id: string; problem_id: string; data: ReclassifiedEntry }>(
    `SELECT id::text, problem_id::text, data FROM problem_activity
      WHERE kind = 'reclassified' AND problem_id = ANY($1::bigint[]) AND data->>'run' = $2
      ORDER BY problem_activity.id FOR UPDATE`,
    [problems, run],
  );
  const found = new Map(existing.map((e) => [e.problem_id, e]));
  const updates = existing.map((e) => ({ id: e.id, data: merged(e.data, entries.get(e.problem_id)!) }));
  const inserts = problems.filter((p) => !found.has(p));
  if (updates.length) {
    await tx.query(
      "UPDATE problem_activity a SET data = v.data::jsonb FROM unnest($1::bigint[], $2::text[]) AS v(id, data) WHERE a.id = v.id",
      [updates.map((u) => u.id), updates.map((u) => JSON.stringify(u.data))],
    );
  }
  if (inserts.length) {
    await tx.query(
      `INSERT INTO problem_activity (problem_id, actor_id, kind, data)
       SELECT v.problem_id, NULL, 'reclassified', v.data::jsonb FROM unnest($1::bigint[], $2::text[]) AS v(problem_id, data)`,
      [inserts, inserts.map((p) => JSON.stringify(entries.get(p)!))],
    );
  }
  // A problem that received events is no longer merged anywhere.
  const gained = [...new Set(moves.map((m) => m.toProblem!))].sort(compareIds);
  await tx.query(
    "UPDATE problem SET merged_into_id = NULL WHERE id = ANY($1::bigint[]) AND merged_into_id IS NOT NULL",
    [gained],
  );
  return markEmptied(tx, [...new Set(moves.map((m) => m.fromProblem))].sort(compareIds));
}

function add(side: ReclassifiedEntry["in"], problem: string, events: number, articleId: string): void {
  const row = side[problem] ?? (side[problem] = { events: 0, articleId });
  row.events += events;
}

function merged(a: ReclassifiedEntry, b: ReclassifiedEntry): ReclassifiedEntry {
  const out: ReclassifiedEntry = { run: a.run, in: structuredClone(a.in ?? {}), out: structuredClone(a.out ?? {}) };
  for (const [p, v] of Object.entries(b.in)) add(out.in, p, v.events, v.articleId);
  for (const [p, v] of Object.entries(b.out)) add(out.out, p, v.events, v.articleId);
  return out;
}

/**
 * The problems among `lost` with no event left: merged into the problem that received most of their
 * events over every run and still holds events (ties: lowest id).
 */
async function markEmptied(tx: SqlSession, lost: string[]): Promise<{ problem: string; into: string }[]> {
  const emptied = await tx.query<{ id: string }>(
    "SELECT p.id::text FROM problem p WHERE p.id = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM error_event e WHERE e.problem_id = p.id) ORDER BY p.id",
    [lost],
  );
  if (!emptied.length) return [];
  const history = await tx.query<{ problem_id: string; data: ReclassifiedEntry }>(
    "SELECT problem_id::text, data FROM problem_activity WHERE kind = 'reclassified' AND problem_id = ANY($1::bigint[])",
    [emptied.map((e) => e.id)],
  );
  const sent = new Map<string, Map<string, number>>();
  for (const h of history) {
    const totals = sent.get(h.problem_id) ?? (sent.set(h.problem_id, new Map()), sent.get(h.problem_id)!);
    for (const [to, v] of Object.entries(h.data.out ?? {})) totals.set(to, (totals.get(to) ?? 0) + v.events);
  }
  const targets = [...new Set([...sent.values()].flatMap((m) => [...m.keys()]))].sort(compareIds);
  const holdingRows = await tx.query<{ id: string }>(
    "SELECT t.id::text FROM unnest($1::bigint[]) AS t(id) WHERE EXISTS (SELECT 1 FROM error_event e WHERE e.problem_id = t.id)",
    [targets],
  );
  const holding = new Set(holdingRows.map((r) => r.id));
  const merges = emptied.flatMap(({ id }) => {
    const candidates = [...(sent.get(id) ?? new Map<string, number>())].filter(([to]) => to !== id && holding.has(to));
    const best = candidates.sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))[0];
    return best ? [{ problem: id, into: best[0] }] : [];
  });
  if (merges.length) {
    await tx.query(
      "UPDATE problem p SET merged_into_id = v.target FROM unnest($1::bigint[], $2::bigint[]) AS v(id, target) WHERE p.id = v.id",
      [merges.map((m) => m.problem), merges.map((m) => m.into)],
    );
  }
  return merges;
}
