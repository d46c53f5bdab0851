// Routing-rule reasons as a viewer may read them (lib/problems/route-reason.ts): every district's
// staff read the stored reason; a viewer scoped to districts reads only the conditions that name
// their own districts or a client seen in them. Built once per request, applied to every row.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { reasonForViewer, type RoutingRuleInput, type Team } from "../problems";

export type ReasonView = (reason: string) => string;

const unchanged: ReasonView = (reason) => reason;

export async function routeReasonsFor(db: Database, scope: Scope): Promise<ReasonView> {
  if (scope.kind === "all") return unchanged;
  const rows = await db.prisma.routingRule.findMany({
    select: { id: true, articleId: true, resource: true, client: true, lea: true, team: true, priority: true },
  });
  const rules: RoutingRuleInput[] = rows.map((r) => ({ ...r, team: r.team as Team }));
  const leas = new Set(scope.leaCodes);
  const clients = await clientsSeenIn(
    db,
    scope,
    rules.flatMap((r) => (r.client === null ? [] : [r.client])),
  );
  return (reason) =>
    reasonForViewer(reason, rules, { lea: (code) => leas.has(code), client: (name) => clients.has(name) });
}

/** Those of `names` a scoped viewer knows: mapped to one of their districts, or sending events in one. */
export async function clientsSeenIn(
  db: Database,
  scope: Scope & { kind: "leas" },
  names: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(names)];
  if (!wanted.length || !scope.leaCodes.length) return new Set();
  const leas = [...scope.leaCodes];
  const rows = await db.prisma.$queryRaw<{ client: string }[]>`
    SELECT w.client FROM unnest(${wanted}::text[]) AS w(client)
     WHERE EXISTS (SELECT 1 FROM client_district c WHERE c.client = w.client AND c.lea = ANY(${leas}::text[]))
        OR EXISTS (SELECT 1 FROM problem_daily_count d WHERE d.client = w.client AND d.lea = ANY(${leas}::text[]))
        -- events stored but not folded yet (the ledger's pending shares) count too
        OR EXISTS (SELECT 1 FROM share_pending s WHERE s.client = w.client AND s.lea = ANY(${leas}::text[]) AND s.events > 0)`;
  return new Set(rows.map((r) => r.client));
}
