"use server";
// Admin actions on alert rules and channels (lib/alerts/admin.ts). Each checks the viewer's role itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { channelSchema, createChannel, createRule, deleteChannel, deleteRule, ruleSchema, sendTest, updateRule } from "@/lib/alerts/admin";
import type { ActionState } from "@/components/admin/ActionForm";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
const idOf = (form: FormData) => z.coerce.number().int().positive().safeParse(form.get("id"));

function ruleInput(form: FormData) {
  // "new in a district" is the kind new, per district.
  const kind = field(form, "kind");
  return ruleSchema.safeParse({
    name: field(form, "name"), kind: kind === "new_in_district" ? "new" : kind, route: field(form, "route"), articleId: field(form, "articleId"), resource: field(form, "resource"),
    client: field(form, "client"), leas: field(form, "leas"), factor: field(form, "factor") || 3, minEvents: field(form, "minEvents") || 10,
    quietMinutes: field(form, "quietMinutes") || 60, channelIds: form.getAll("channelIds").map(String), toTeam: form.get("toTeam") === "on",
    perDistrict: kind === "new_in_district",
  });
}

export async function createAlertRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/alerts");
  const parsed = ruleInput(form);
  if (!parsed.success) return { message: null, error: issues(parsed.error) };
  const id = await createRule(await getDatabase(), parsed.data);
  revalidatePath("/admin/alerts");
  return { message: `Alert rule #${id} created.`, error: null };
}

export async function updateAlertRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/alerts");
  const id = idOf(form);
  const parsed = ruleInput(form);
  if (!id.success) return { message: null, error: "Unknown rule." };
  if (!parsed.success) return { message: null, error: issues(parsed.error) };
  if (!(await updateRule(await getDatabase(), id.data, { ...parsed.data, enabled: form.get("enabled") === "on" }))) return { message: null, error: "Unknown rule." };
  revalidatePath("/admin/alerts");
  revalidatePath(`/admin/alerts/${id.data}`);
  return { message: `Alert rule #${id.data} saved.`, error: null };
}

export async function deleteAlertRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/alerts");
  const id = idOf(form);
  if (!id.success || !(await deleteRule(await getDatabase(), id.data))) return { message: null, error: "Unknown rule." };
  revalidatePath("/admin/alerts");
  return { message: `Alert rule #${id.data} deleted.`, error: null };
}

export async function sendTestAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/alerts");
  const id = idOf(form);
  if (!id.success) return { message: null, error: "Unknown rule." };
  const n = await sendTest(await getDatabase(), id.data);
  revalidatePath(`/admin/alerts/${id.data}`);
  return n ? { message: `Test alert queued for ${n} channel${n === 1 ? "" : "s"}; its attempts appear in the delivery log.`, error: null }
    : { message: null, error: "This rule sends to no channel: add one, or let it send to the routed team's channels." };
}

export async function createChannelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/alerts");
  const parsed = channelSchema.safeParse({
    name: field(form, "name"), kind: field(form, "kind"), target: field(form, "target"), slackText: form.get("slackText") === "on", team: field(form, "team"), leas: field(form, "leas"),
  });
  if (!parsed.success) return { message: null, error: issues(parsed.error) };
  const { id, secret } = await createChannel(await getDatabase(), parsed.data);
  revalidatePath("/admin/alerts");
  if (!secret) return { message: `Channel #${id} created.`, error: null };
  // Shown once: the page lists only its last 4 characters afterwards.
  return { message: `Channel #${id} created. Its signing secret, shown only now — copy it to the receiver:`, error: null, secret: { label: "Copy secret", value: secret } };
}

export async function deleteChannelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/alerts");
  const id = idOf(form);
  if (!id.success || !(await deleteChannel(await getDatabase(), id.data))) return { message: null, error: "Unknown channel." };
  revalidatePath("/admin/alerts");
  return { message: `Channel #${id.data} deleted.`, error: null };
}
