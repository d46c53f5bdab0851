// Rules and channels as admins edit them (/admin/alerts): input schemas, reads, writes, a rule's
// delivery log, and "send test" (an outbox row per channel of the rule, delivered by the worker).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database } from "../db/database";
import { env } from "../env";
import { TEAMS } from "../vocabulary";
import { addressLiteral, isPrivateAddress } from "./webhook-address";

const TEAM = z.enum(TEAMS);
const optional = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === "" ? null : v));
const districtList = z
  .string()
  .trim()
  .max(2_000)
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(20, "a district code has at most 20 characters")).max(200));

export const ruleSchema = z
  .object({
    name: z.string().trim().min(1, "a rule needs a name").max(200),
    kind: z.enum(["new", "regressed", "spiking", "volume"]),
    route: z.union([TEAM, z.literal("").transform(() => null)]),
    articleId: optional,
    resource: optional,
    client: optional,
    leas: districtList,
    factor: z.coerce.number().min(1, "at least 1×").max(1_000),
    minEvents: z.coerce.number().int().min(1).max(10_000_000),
    quietMinutes: z.coerce
      .number()
      .int()
      .min(1, "at least a minute")
      .max(7 * 24 * 60),
    channelIds: z.array(z.coerce.number().int().positive()).max(50),
    toTeam: z.boolean(),
    /** new only: fire on a problem's first event in each district. */
    perDistrict: z.boolean(),
  })
  .transform((r) => ({ ...r, perDistrict: r.kind === "new" && r.perDistrict }));
export type RuleInput = z.infer<typeof ruleSchema>;

export const channelSchema = z
  .object({
    name: z.string().trim().min(1, "a channel needs a name").max(200),
    kind: z.enum(["webhook", "email"]),
    target: z.string().trim().min(3).max(2_000),
    slackText: z.boolean(),
    team: z.union([TEAM, z.literal("").transform(() => null)]),
    leas: districtList,
  })
  .superRefine((c, ctx) => {
    if (c.kind === "webhook" && !URL.canParse(c.target))
      ctx.addIssue({ code: "custom", path: ["target"], message: "a webhook needs an http(s) URL" });
    if (c.kind === "webhook" && URL.canParse(c.target) && !["http:", "https:"].includes(new URL(c.target).protocol)) {
      ctx.addIssue({ code: "custom", path: ["target"], message: "a webhook needs an http(s) URL" });
    }
    const literal = c.kind === "webhook" && URL.canParse(c.target) ? addressLiteral(new URL(c.target)) : null;
    if (literal && isPrivateAddress(literal) && !env().TRIAGE_ALERT_PRIVATE_WEBHOOKS) {
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message: `${literal} is a private or loopback address: webhooks go to public addresses (TRIAGE_ALERT_PRIVATE_WEBHOOKS=1 allows an internal relay)`,
      });
    }
    if (c.kind === "email" && !c.target.split(",").every((a) => z.email().safeParse(a.trim()).success)) {
      ctx.addIssue({ code: "custom", path: ["target"], message: "e-mail addresses, separated by commas" });
    }
  });
export type ChannelInput = z.infer<typeof channelSchema>;

export interface RuleRow {
  id: number;
  name: string;
  kind: string;
  enabled: boolean;
  route: string | null;
  article_id: string | null;
  resource: string | null;
  client: string | null;
  leas: string[];
  factor: number;
  min_events: number;
  quiet_minutes: number;
  channel_ids: number[];
  to_team: boolean;
  per_district: boolean;
  sent: number;
  failed: number;
  pending: number;
}
export interface ChannelRow {
  id: number;
  name: string;
  kind: string;
  target: string;
  /** The signing secret's last 4 characters (the secret itself is shown once, when the channel is created). */
  secret_hint: string | null;
  slack_text: boolean;
  team: string | null;
  leas: string[];
}
export interface AttemptRow {
  id: string;
  outbox_id: string;
  at: Date;
  ok: boolean;
  response_code: number | null;
  error: string | null;
  kind: string;
  problem_id: string | null;
  channel: string | null;
  status: string;
  attempts: number;
}

const q = <R>(db: Database, sql: string, params: unknown[] = []) => db.transaction((tx) => tx.query<R>(sql, params));

export function listRules(db: Database): Promise<RuleRow[]> {
  return q(
    db,
    `SELECT r.id, r.name, r.kind::text AS kind, r.enabled, r.route::text AS route, r.article_id, r.resource, r.client, coalesce(r.leas, '{}') AS leas,
                       r.factor, r.min_events, r.quiet_minutes, r.channel_ids, r.to_team, r.per_district,
                       count(o.id) FILTER (WHERE o.status = 'sent')::int AS sent, count(o.id) FILTER (WHERE o.status = 'failed')::int AS failed,
                       count(o.id) FILTER (WHERE o.status = 'pending')::int AS pending
                  FROM alert_rule r LEFT JOIN alert_outbox o ON o.rule_id = r.id GROUP BY r.id ORDER BY r.id`,
  );
}

export async function getRule(db: Database, id: number): Promise<RuleRow | null> {
  return (await listRules(db)).find((r) => r.id === id) ?? null;
}

export function listChannels(db: Database): Promise<ChannelRow[]> {
  return q(
    db,
    `SELECT id, name, kind::text AS kind, target, right(secret, 4) AS secret_hint, slack_text, team::text AS team, coalesce(leas, '{}') AS leas
                  FROM alert_channel ORDER BY id`,
  );
}

/** A rule's columns in the order both statements below list them. */
const ruleValues = (r: RuleInput) => [
  r.name,
  r.kind,
  r.route,
  r.articleId,
  r.resource,
  r.client,
  r.leas,
  r.factor,
  r.minEvents,
  r.quietMinutes,
  r.channelIds,
  r.toTeam,
  r.perDistrict,
];

export async function createRule(db: Database, r: RuleInput): Promise<number> {
  const [row] = await q<{ id: number }>(
    db,
    `INSERT INTO alert_rule (name, kind, route, article_id, resource, client, leas, factor, min_events, quiet_minutes, channel_ids, to_team, per_district)
     VALUES ($1, $2::"AlertKind", $3::"Team", $4, $5, $6, $7::text[], $8, $9, $10, $11::int[], $12, $13) RETURNING id`,
    ruleValues(r),
  );
  return row.id;
}

export async function updateRule(db: Database, id: number, r: RuleInput & { enabled: boolean }): Promise<boolean> {
  const rows = await q(
    db,
    `UPDATE alert_rule SET name = $2, kind = $3::"AlertKind", route = $4::"Team", article_id = $5, resource = $6, client = $7, leas = $8::text[], factor = $9,
            min_events = $10, quiet_minutes = $11, channel_ids = $12::int[], to_team = $13, per_district = $14, enabled = $15 WHERE id = $1 RETURNING id`,
    [id, ...ruleValues(r), r.enabled],
  );
  return rows.length === 1;
}

/** A rule's pending alerts go with it; its delivery log stays (attempts name the rule's id). */
export async function deleteRule(db: Database, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query("DELETE FROM alert_outbox WHERE rule_id = $1 AND status = 'pending'", [id]);
    await tx.query("DELETE FROM alert_state WHERE rule_id = $1", [id]);
    return (await tx.query("DELETE FROM alert_rule WHERE id = $1 RETURNING id", [id])).length === 1;
  });
}

/** A webhook gets a signing secret when it is created: returned here, shown once (then only its last 4 characters). */
export async function createChannel(db: Database, c: ChannelInput): Promise<{ id: number; secret: string | null }> {
  const secret = c.kind === "webhook" ? randomBytes(24).toString("base64url") : null;
  const [row] = await q<{ id: number }>(
    db,
    `INSERT INTO alert_channel (name, kind, target, secret, slack_text, team, leas)
     VALUES ($1, $2::"ChannelKind", $3, $4, $5, $6::"Team", $7::text[]) RETURNING id`,
    [c.name, c.kind, c.target, secret, c.slackText, c.team, c.leas],
  );
  return { id: row.id, secret };
}

export async function deleteChannel(db: Database, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(
      "UPDATE alert_rule SET channel_ids = array_remove(channel_ids, $1::int) WHERE $1::int = ANY(channel_ids)",
      [id],
    );
    await tx.query("DELETE FROM alert_outbox WHERE channel_id = $1 AND status = 'pending'", [id]);
    return (await tx.query("DELETE FROM alert_channel WHERE id = $1 RETURNING id", [id])).length === 1;
  });
}

/** Queues a test alert to each channel the rule sends to (its own, and with to_team every team's). Returns how many. */
export async function sendTest(db: Database, ruleId: number, now = new Date()): Promise<number> {
  const rows = await q(
    db,
    `INSERT INTO alert_outbox (rule_id, channel_id, kind, created_at, next_attempt_at)
     SELECT r.id, c.id, 'test', $2, $2 FROM alert_rule r JOIN alert_channel c ON c.id = ANY(r.channel_ids) OR (r.to_team AND c.team IS NOT NULL)
      WHERE r.id = $1 RETURNING id`,
    [ruleId, now.toISOString()],
  );
  return rows.length;
}

/** The rule's delivery log: every attempt, newest first, with its alert's state now. */
export function deliveryLog(db: Database, ruleId: number, limit = 200): Promise<AttemptRow[]> {
  return q(
    db,
    `SELECT a.id::text, a.outbox_id::text, a.at, a.ok, a.response_code, a.error, o.kind, o.problem_id::text, c.name AS channel, o.status, o.attempts
       FROM alert_attempt a JOIN alert_outbox o ON o.id = a.outbox_id LEFT JOIN alert_channel c ON c.id = a.channel_id
      WHERE a.rule_id = $1 ORDER BY a.id DESC LIMIT $2`,
    [ruleId, limit],
  );
}
