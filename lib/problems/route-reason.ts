// What a routing rule's reason may say to a viewer. The reason stored on a problem names the rule's
// conditions ("rule #3: article=descriptor-not-found, lea=4801234"); a problem is shared by every
// district, so a viewer scoped to some districts is told only the conditions they may see: the
// article and resource (the problem's own), a client or LEA only when it is one of theirs.
import type { RoutingRuleInput } from "./routing";

const RULE_FIELDS = ["articleId", "resource", "client", "lea"] as const;
const PREFIX = "rule #";

/** The conditions of a rule as its reason names them ("article=…", "lea=…"). */
export function ruleConditions(
  rule: Pick<RoutingRuleInput, (typeof RULE_FIELDS)[number]>,
): { field: (typeof RULE_FIELDS)[number]; text: string }[] {
  return RULE_FIELDS.filter((f) => rule[f] !== null).map((field) => ({
    field,
    text: `${field === "articleId" ? "article" : field}=${rule[field]}`,
  }));
}

/** The reason a rule gives for its suggestion (what the problem row stores). */
export function ruleReason(rule: Pick<RoutingRuleInput, "id" | (typeof RULE_FIELDS)[number]>): string {
  return `${PREFIX}${rule.id}: ${
    ruleConditions(rule)
      .map((c) => c.text)
      .join(", ") || "every event"
  }`;
}

export interface ReasonVisibility {
  lea(code: string): boolean;
  client(name: string): boolean;
}

/** The rule id a stored reason names, or null ("article default", "assigned by a triager"). */
export function ruleIdOfReason(reason: string): number | null {
  if (!reason.startsWith(PREFIX)) return null;
  let end = PREFIX.length;
  while (end < reason.length && end < PREFIX.length + 9 && reason[end] >= "0" && reason[end] <= "9") end++;
  return end > PREFIX.length ? Number(reason.slice(PREFIX.length, end)) : null;
}

/**
 * The stored reason as a scoped viewer may read it. Only a reason that is exactly what one of the
 * current rules writes is explained (a stored reason is never parsed: a client name may hold ", "
 * or "="); a rule since deleted or changed is named by its number only. Hidden conditions are
 * counted, never named.
 */
export function reasonForViewer(reason: string, rules: readonly RoutingRuleInput[], visible: ReasonVisibility): string {
  const id = ruleIdOfReason(reason);
  if (id === null) return reason.startsWith(PREFIX) ? "a routing rule" : reason;
  const rule = rules.find((r) => r.id === id);
  if (!rule || ruleReason(rule) !== reason) return `rule #${id} (since changed or deleted)`;
  const conditions = ruleConditions(rule);
  const shown = conditions.filter((c) =>
    c.field === "lea" ? visible.lea(rule.lea!) : c.field === "client" ? visible.client(rule.client!) : true,
  );
  const hidden = conditions.length - shown.length;
  const parts = shown.map((c) => c.text);
  if (hidden) parts.push(`${hidden} condition${hidden === 1 ? "" : "s"} outside your districts`);
  return `${PREFIX}${id}: ${parts.join(", ") || "every event"}`;
}
