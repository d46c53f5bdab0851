// Who should act on a problem: admin routing rules first (most specific, then priority), then
// the article's default. A triager's assignment overrides the suggestion elsewhere.
import { getArticle } from "./catalog";
import { ruleReason } from "./route-reason";
import type { Team } from "./types";

export interface RoutingRuleInput {
  id: number;
  articleId: string | null;
  resource: string | null;
  client: string | null;
  lea: string | null;
  team: Team;
  priority: number;
}

export interface RoutingContext {
  articleId: string;
  resource: string | null;
  client: string | null;
  lea: string | null;
}

export interface RouteSuggestion {
  team: Team;
  alt: Team | null;
  /** "article default" or "rule #3: article=descriptor-not-found, lea=4801234". */
  reason: string;
  ruleId: number | null;
}

const RULE_FIELDS = ["articleId", "resource", "client", "lea"] as const;

export function ruleMatches(rule: RoutingRuleInput, ctx: RoutingContext): boolean {
  return RULE_FIELDS.every((field) => rule[field] === null || rule[field] === ctx[field]);
}

function specificity(rule: RoutingRuleInput): number {
  return RULE_FIELDS.filter((field) => rule[field] !== null).length;
}

export function suggestRoute(ctx: RoutingContext, rules: readonly RoutingRuleInput[] = []): RouteSuggestion {
  const article = getArticle(ctx.articleId) ?? getArticle("unclassified")!;
  const rule = rules
    .filter((r) => ruleMatches(r, ctx))
    .sort((a, b) => specificity(b) - specificity(a) || a.priority - b.priority || a.id - b.id)[0];
  if (rule) {
    return {
      team: rule.team,
      alt: article.route === rule.team ? article.alt : article.route,
      reason: ruleReason(rule),
      ruleId: rule.id,
    };
  }
  return { team: article.route, alt: article.alt, reason: "article default", ruleId: null };
}
