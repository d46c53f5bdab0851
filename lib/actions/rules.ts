"use server";
// Admin actions on routing rules; each re-applies the rules to the open problems.
import { z } from "zod";
import { clientSeen } from "../clients/store";
import { InputError } from "../input-error";
import { createRoutingRule, deleteRoutingRule, routingRuleSchema } from "../triage/routing-rules";
import { field, formAction } from "./action";

const from = "/admin/rules";
const revalidate = () => [from];
/** The rule's fields (read by routingRuleSchema, so its messages name them) and the "not seen yet" tick. */
const ruleForm = z.looseObject({ unseenClient: field.checkbox, priority: z.unknown() });

export const createRuleAction = formAction(
  "admin",
  ruleForm,
  async ({ unseenClient, priority, ...fields }, { db }) => {
    const rule = routingRuleSchema.parse({ ...fields, priority: priority || undefined });
    if (rule.client && !unseenClient) {
      const { seen, similar } = await clientSeen(db, rule.client);
      if (!seen) {
        const hint = similar.length ? ` Did you mean ${similar.map((s) => `“${s}”`).join(", ")}?` : "";
        throw new InputError(
          `No event has come from the API client “${rule.client}” (names match exactly).${hint} Tick “Not seen yet” to add the rule anyway.`,
        );
      }
    }
    const { id, reapplied } = await createRoutingRule(db, rule);
    const whole = rule.client
      ? " A problem is routed as a whole: its events from other clients follow the same route."
      : "";
    return {
      message: `Rule #${id} created; ${reapplied} open problem${reapplied === 1 ? "" : "s"} now suggested differently.${whole}`,
      error: null,
    };
  },
  { from, revalidate },
);

export const deleteRuleAction = formAction(
  "admin",
  z.object({ id: field.id }),
  async ({ id }, { db }) => {
    const { reapplied } = await deleteRoutingRule(db, id);
    return {
      message: `Rule #${id} deleted; ${reapplied} open problem${reapplied === 1 ? "" : "s"} re-routed.`,
      error: null,
    };
  },
  { from, revalidate },
);
