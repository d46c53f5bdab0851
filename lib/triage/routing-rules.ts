// Admin routing rules: stored, cached for ingest, and re-applied to the open problems whenever a
// rule changes (design: Routing). The matching itself is pure (lib/problems/routing.ts).
import { z } from "zod";
import type { Database } from "../db/database";
import { getArticle, suggestRoute, TEAMS, type RoutingRuleInput, type Team } from "../problems";

/** How long one process trusts its copy of the rules (another process may have changed them). */
const CACHE_MS = 5_000;
/** Per database handle (a process may hold several: tests, the CLI). */
const caches = new WeakMap<Database, { at: number; rules: Promise<RoutingRuleInput[]> }>();

function toInput(r: { id: number; articleId: string | null; resource: string | null; client: string | null; lea: string | null; team: string; priority: number }): RoutingRuleInput {
  return { id: r.id, articleId: r.articleId, resource: r.resource, client: r.client, lea: r.lea, team: r.team as Team, priority: r.priority };
}

export async function listRoutingRules(db: Database): Promise<(RoutingRuleInput & { note: string | null; createdAt: Date })[]> {
  const rows = await db.prisma.routingRule.findMany({ orderBy: [{ priority: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ ...toInput(r), note: r.note, createdAt: r.createdAt }));
}

/** The rules ingest applies, from a cache at most CACHE_MS old (a change in this process clears it). */
export function routingRulesForIngest(db: Database): Promise<RoutingRuleInput[]> {
  const now = Date.now();
  const cached = caches.get(db);
  if (cached && now - cached.at <= CACHE_MS) return cached.rules;
  const rules = db.prisma.routingRule.findMany().then((rows) => rows.map(toInput));
  caches.set(db, { at: now, rules });
  rules.catch(() => caches.delete(db));
  return rules;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const routingRuleSchema = z
  .object({
    articleId: optionalText(80).refine((v) => v === null || getArticle(v) !== undefined, "not an article id of the catalog"),
    resource: optionalText(200),
    client: optionalText(200),
    lea: optionalText(40),
    team: z.enum(TEAMS as [Team, ...Team[]]),
    priority: z.coerce.number().int().min(0).max(10_000).default(100),
    note: optionalText(500),
  })
  .refine((r) => r.articleId || r.resource || r.client || r.lea, { message: "a rule needs at least one condition (article, resource, client or LEA)", path: ["articleId"] });
export type RoutingRuleFields = z.infer<typeof routingRuleSchema>;

export async function createRoutingRule(db: Database, fields: RoutingRuleFields): Promise<{ id: number; reapplied: number }> {
  const rule = await db.prisma.routingRule.create({ data: fields });
  return { id: rule.id, reapplied: await reapplyRoutingRules(db) };
}

export async function deleteRoutingRule(db: Database, id: number): Promise<{ reapplied: number }> {
  await db.prisma.routingRule.deleteMany({ where: { id } });
  return { reapplied: await reapplyRoutingRules(db) };
}

interface OpenProblemRow {
  id: bigint;
  article_id: string;
  resource: string | null;
  route: Team;
  alt: Team | null;
  route_reason: string;
  client: string | null;
  lea: string | null;
}

/**
 * Recomputes the suggestion of every problem that is not resolved or ignored, from its article,
 * resource and its latest event's client and district; writes only the ones that change.
 * Returns how many changed.
 */
export async function reapplyRoutingRules(db: Database): Promise<number> {
  caches.delete(db);
  const rules = await routingRulesForIngest(db);
  const open = await db.prisma.$queryRaw<OpenProblemRow[]>`
    SELECT p.id, p.article_id, p.resource, p.route::text AS route, p.alt::text AS alt, p.route_reason, latest.client, latest.lea
      FROM problem p
      LEFT JOIN LATERAL (SELECT e.client, e.lea FROM error_event e WHERE e.problem_id = p.id ORDER BY e.occurred_at DESC LIMIT 1) latest ON TRUE
     WHERE p.triage_status NOT IN ('resolved', 'ignored')`;
  const changed = open.flatMap((p) => {
    const s = suggestRoute({ articleId: p.article_id, resource: p.resource, client: p.client, lea: p.lea }, rules);
    return s.team === p.route && s.alt === p.alt && s.reason === p.route_reason ? [] : [{ id: p.id, ...s }];
  });
  if (changed.length) {
    await db.prisma.$executeRaw`
      UPDATE problem SET route = v.route::"Team", alt = v.alt::"Team", route_reason = v.reason
        FROM unnest(${changed.map((c) => c.id)}::bigint[], ${changed.map((c) => c.team)}::text[], ${changed.map((c) => c.alt)}::text[], ${changed.map((c) => c.reason)}::text[]) AS v(id, route, alt, reason)
       WHERE problem.id = v.id`;
  }
  return changed.length;
}
