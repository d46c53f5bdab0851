"use server";
// Admin actions on alert rules and channels (lib/alerts/admin.ts).
import { z } from "zod";
import {
  channelSchema,
  createChannel,
  createRule,
  deleteChannel,
  deleteRule,
  ruleSchema,
  sendTest,
  updateRule,
} from "../alerts/admin";
import { InputError } from "../input-error";
import { plural } from "../words";
import { field, formAction } from "./action";

const from = "/admin/alerts";
const revalidate = () => [from];
const withId = z.looseObject({ id: field.id });

/** A rule's form fields; "new in a district" is the kind new, per district. */
const ruleForm = z.preprocess((f) => {
  const v = f as Record<string, unknown>;
  const kind = String(v.kind ?? "");
  return {
    name: v.name ?? "",
    kind: kind === "new_in_district" ? "new" : kind,
    route: v.route ?? "",
    articleId: v.articleId ?? "",
    resource: v.resource ?? "",
    client: v.client ?? "",
    leas: v.leas ?? "",
    factor: v.factor || 3,
    minEvents: v.minEvents || 10,
    quietMinutes: v.quietMinutes || 60,
    channelIds: v.channelIds === undefined ? [] : [v.channelIds].flat().map(String),
    toTeam: v.toTeam === "on",
    perDistrict: kind === "new_in_district",
  };
}, ruleSchema);

export const createAlertRuleAction = formAction(
  "admin",
  ruleForm,
  async (rule, { db }) => {
    const id = await createRule(db, rule);
    return { message: `Alert rule #${id} created.`, error: null };
  },
  { from, revalidate },
);

export const updateAlertRuleAction = formAction(
  "admin",
  withId,
  async ({ id, enabled, ...fields }, { db }) => {
    const rule = ruleForm.parse(fields);
    if (!(await updateRule(db, id, { ...rule, enabled: enabled === "on" }))) throw new InputError("Unknown rule.");
    return { message: `Alert rule #${id} saved.`, error: null };
  },
  { from, revalidate: ({ id }) => [from, `${from}/${id}`] },
);

export const deleteAlertRuleAction = formAction(
  "admin",
  withId,
  async ({ id }, { db }) => {
    if (!(await deleteRule(db, id))) throw new InputError("Unknown rule.");
    return { message: `Alert rule #${id} deleted.`, error: null };
  },
  { from, revalidate },
);

export const sendTestAction = formAction(
  "admin",
  withId,
  async ({ id }, { db }) => {
    const n = await sendTest(db, id);
    if (!n)
      throw new InputError("This rule sends to no channel: add one, or let it send to the routed team's channels.");
    return {
      message: `Test alert queued for ${plural(n, "channel")}; its attempts appear in the delivery log.`,
      error: null,
    };
  },
  { from, revalidate: ({ id }) => [`${from}/${id}`] },
);

const channelForm = z.preprocess((f) => {
  const v = f as Record<string, unknown>;
  return {
    name: v.name ?? "",
    kind: v.kind ?? "",
    target: v.target ?? "",
    slackText: v.slackText === "on",
    team: v.team ?? "",
    leas: v.leas ?? "",
  };
}, channelSchema);

export const createChannelAction = formAction(
  "admin",
  channelForm,
  async (channel, { db }) => {
    const { id, secret } = await createChannel(db, channel);
    if (!secret) return { message: `Channel #${id} created.`, error: null };
    // Shown once: the page lists only its last 4 characters afterwards.
    return {
      message: `Channel #${id} created. Its signing secret, shown only now — copy it to the receiver:`,
      error: null,
      secret: { label: "Copy secret", value: secret },
    };
  },
  { from, revalidate },
);

export const deleteChannelAction = formAction(
  "admin",
  withId,
  async ({ id }, { db }) => {
    if (!(await deleteChannel(db, id))) throw new InputError("Unknown channel.");
    return { message: `Channel #${id} deleted.`, error: null };
  },
  { from, revalidate },
);
