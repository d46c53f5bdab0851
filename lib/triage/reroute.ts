// Re-routing after a rule change, as one procedure (one transaction, retried on PostgreSQL when it
// meets a deadlock or a serialization failure): the suggestion of every problem that is not
// resolved or ignored recomputed from its article, resource and its latest event's client and
// district; the ones that change are locked in id order (the ledger's lock order, lib/ledger/apply.ts)
// and updated in one statement, whose trigger moves their folded trend counts to the new route in
// one key order.
import type { SqlSession } from "../db/sql-session";
import { suggestRoute, type RoutingRuleInput, type Team } from "../problems";
import { holdFoldLock, lockProblems } from "../ledger/apply";

interface OpenProblemRow {
  id: string;
  article_id: string;
  resource: string | null;
  route: Team;
  alt: Team | null;
  route_reason: string;
  client: string | null;
  lea: string | null;
}

/** Returns how many problems' suggestion changed. */
export async function rerouteProblems(tx: SqlSession, rules: RoutingRuleInput[]): Promise<number> {
  const open = await tx.query<OpenProblemRow>(`
    SELECT p.id::text, p.article_id, p.resource, p.route::text AS route, p.alt::text AS alt, p.route_reason, latest.client, latest.lea
      FROM problem p
      LEFT JOIN LATERAL (SELECT e.client, e.lea FROM error_event e WHERE e.problem_id = p.id ORDER BY e.occurred_at DESC LIMIT 1) latest ON TRUE
     WHERE p.triage_status NOT IN ('resolved', 'ignored')`);
  const changed = open.flatMap((p) => {
    const s = suggestRoute({ articleId: p.article_id, resource: p.resource, client: p.client, lea: p.lea }, rules);
    return s.team === p.route && s.alt === p.alt && s.reason === p.route_reason ? [] : [{ id: p.id, ...s }];
  });
  if (!changed.length) return 0;
  await holdFoldLock(tx); // the trigger moves folded trend rows (lock order: lib/ledger/apply.ts)
  await lockProblems(
    tx,
    changed.map((c) => c.id),
  );
  await tx.query(
    `UPDATE problem SET route = v.route::"Team", alt = v.alt::"Team", route_reason = v.reason
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(id, route, alt, reason)
      WHERE problem.id = v.id`,
    [changed.map((c) => c.id), changed.map((c) => c.team), changed.map((c) => c.alt), changed.map((c) => c.reason)],
  );
  return changed.length;
}
