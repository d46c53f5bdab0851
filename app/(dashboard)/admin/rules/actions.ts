"use server";
// Admin actions on routing rules; each re-applies the rules to the open problems. Each checks the
// viewer's role itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { createRoutingRule, deleteRoutingRule, routingRuleSchema } from "@/lib/triage/routing-rules";
import { clientSeen } from "@/lib/clients/store";
import type { ActionState } from "@/components/admin/ActionForm";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function createRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/rules");
  const parsed = routingRuleSchema.safeParse({
    articleId: field(form, "articleId"), resource: field(form, "resource"), client: field(form, "client"), lea: field(form, "lea"),
    team: field(form, "team"), priority: field(form, "priority") || undefined, note: field(form, "note"),
  });
  if (!parsed.success) return { message: null, error: parsed.error.issues.map((i) => `${i.path.join(".") || "rule"}: ${i.message}`).join("; ") };
  const db = await getDatabase();
  const client = parsed.data.client;
  if (client && form.get("unseenClient") !== "on") {
    const { seen, similar } = await clientSeen(db, client);
    if (!seen) {
      const hint = similar.length ? ` Did you mean ${similar.map((s) => `“${s}”`).join(", ")}?` : "";
      return { message: null, error: `No event has come from the API client “${client}” (names match exactly).${hint} Tick “Not seen yet” to add the rule anyway.` };
    }
  }
  const { id, reapplied } = await createRoutingRule(db, parsed.data);
  revalidatePath("/admin/rules");
  const whole = client ? " A problem is routed as a whole: its events from other clients follow the same route." : "";
  return { message: `Rule #${id} created; ${reapplied} open problem${reapplied === 1 ? "" : "s"} now suggested differently.${whole}`, error: null };
}

export async function deleteRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/rules");
  const id = z.coerce.number().int().positive().safeParse(form.get("id"));
  if (!id.success) return { message: null, error: "Unknown rule." };
  const { reapplied } = await deleteRoutingRule(await getDatabase(), id.data);
  revalidatePath("/admin/rules");
  return { message: `Rule #${id.data} deleted; ${reapplied} open problem${reapplied === 1 ? "" : "s"} re-routed.`, error: null };
}
