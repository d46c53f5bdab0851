// Admin routing rules: stored, cached for ingest, and re-applied to the open problems whenever a
// rule changes (design: Routing). The matching itself is pure (lib/problems/routing.ts).
import { z } from "zod";
import type { Database } from "../db/database";
import { announceChange, onChange } from "../cluster/changes";
import { getArticle, TEAMS, type RoutingRuleInput, type Team } from "../problems";

/**
 * How long one process trusts its copy of the rules: a change is announced to every process
 * (lib/cluster/changes.ts), which forgets its copy at once; this is the fallback.
 */
const CACHE_MS = 5_000;
/** Per database handle (a process may hold several: tests, the CLI). */
let caches = new WeakMap<Database, { at: number; rules: Promise<RoutingRuleInput[]> }>();
onChange("routing-rules", () => (caches = new WeakMap()));

function toInput(r: {
  id: number;
  articleId: string | null;
  resource: string | null;
  client: string | null;
  lea: string | null;
  team: string;
  priority: number;
}): RoutingRuleInput {
  return {
    id: r.id,
    articleId: r.articleId,
    resource: r.resource,
    client: r.client,
    lea: r.lea,
    team: r.team as Team,
    priority: r.priority,
  };
}

export async function listRoutingRules(
  db: Database,
): Promise<(RoutingRuleInput & { note: string | null; createdAt: Date })[]> {
  const rows = await db.prisma.routingRule.findMany({ orderBy: [{ priority: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ ...toInput(r), note: r.note, createdAt: r.createdAt }));
}

/** The rules ingest applies, from a cache at most CACHE_MS old (a change anywhere clears it). */
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
    articleId: optionalText(80).refine(
      (v) => v === null || getArticle(v) !== undefined,
      "not an article id of the catalog",
    ),
    resource: optionalText(200),
    client: optionalText(200),
    lea: optionalText(40),
    team: z.enum(TEAMS),
    priority: z.coerce.number().int().min(0).max(10_000).default(100),
    note: optionalText(500),
  })
  .refine((r) => r.articleId || r.resource || r.client || r.lea, {
    message: "a rule needs at least one condition (article, resource, client or LEA)",
    path: ["articleId"],
  });
export type RoutingRuleFields = z.infer<typeof routingRuleSchema>;

export async function createRoutingRule(
  db: Database,
  fields: RoutingRuleFields,
): Promise<{ id: number; reapplied: number }> {
  const rule = await db.prisma.routingRule.create({ data: fields });
  return { id: rule.id, reapplied: await reapplyRoutingRules(db) };
}

export async function deleteRoutingRule(db: Database, id: number): Promise<{ reapplied: number }> {
  await db.prisma.routingRule.deleteMany({ where: { id } });
  return { reapplied: await reapplyRoutingRules(db) };
}

/**
 * Recomputes the suggestion of every problem that is not resolved or ignored, from its article,
 * resource and its latest event's client and district; writes only the ones that change, through
 * the ledger's lock order (reroute.ts). Returns how many changed.
 */
export async function reapplyRoutingRules(db: Database): Promise<number> {
  await announceChange("routing-rules");
  const rules = await routingRulesForIngest(db);
  return db.procedure("rerouteProblems", rules);
}
