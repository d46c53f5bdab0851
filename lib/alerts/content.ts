// The facts of one outbox row, read inside the receiving channel's districts: a channel scoped to
// districts (a district admin's) sees counts, districts and links of those districts only.
import type { SqlSession } from "../db/sql-session";
import type { AlertFacts, AlertKindName } from "./message";

export interface OutboxRow {
  id: string;
  rule_id: number | null;
  channel_id: number;
  kind: string;
  problem_id: string | null;
  leas: string[] | null;
  detail: { lastHour?: number; baseline?: number } | null;
  attempts: number;
}

export interface ChannelRow {
  id: number;
  name: string;
  kind: "webhook" | "email";
  target: string;
  secret: string | null;
  slack_text: boolean;
  leas: string[] | null;
}

/** Districts of `leas` the channel may hear of (all, when it is not scoped); never the empty "no district" code. */
export function withinScope(leas: readonly string[], scope: readonly string[]): string[] {
  return leas.filter((l) => l !== "" && (scope.length === 0 || scope.includes(l)));
}

export async function factsFor(
  tx: SqlSession,
  row: OutboxRow,
  channel: ChannelRow,
  baseUrl: string,
  now: Date,
): Promise<AlertFacts> {
  const scope = channel.leas ?? [];
  const rule =
    row.rule_id === null
      ? null
      : ((
          await tx.query<{ id: number; name: string }>("SELECT id, name FROM alert_rule WHERE id = $1", [row.rule_id])
        )[0] ?? null);
  const districts = withinScope(row.leas ?? [], scope);
  const base = baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl;
  const lastHour = row.detail?.lastHour ?? null;
  const baseline = row.detail?.baseline ?? null;
  if (row.problem_id === null) {
    const link = districts.length === 1 ? `${base}/trends?lea=${encodeURIComponent(districts[0])}` : `${base}/trends`;
    return {
      kind: row.kind as AlertKindName,
      rule,
      problem: null,
      counts: { events: lastHour ?? 0, lastHour, baseline, firstSeenAt: null, lastSeenAt: null },
      districts,
      link,
      at: now.toISOString(),
    };
  }
  const [p] = await tx.query<{
    id: string;
    article_id: string;
    resource: string | null;
    route: string;
    status: string;
    http_status: number;
  }>(
    `SELECT id::text, article_id, resource, coalesce(assigned_team, route)::text AS route, triage_status::text AS status,
            http_status FROM problem WHERE id = $1`,
    [row.problem_id],
  );
  // New in a district counts that district's events (inside the channel's scope: the outbox row was written only if it is).
  const counted = row.kind === "new_in_district" ? districts : scope;
  const [c] = await tx.query<{ events: number; first: Date | string | null; last: Date | string | null }>(
    `SELECT coalesce(sum(count), 0)::int AS events, min(first_seen_at) AS first, max(last_seen_at) AS last
       FROM problem_daily_live WHERE problem_id = $1 AND (cardinality($2::text[]) = 0 OR lea = ANY($2::text[]))`,
    [row.problem_id, counted],
  );
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  // A scoped channel's link narrows the problem page to its district (the page applies the viewer's scope as well).
  const link = `${base}/problems/${p.id}${counted.length === 1 ? `?lea=${encodeURIComponent(counted[0])}` : ""}`;
  return {
    kind: row.kind as AlertKindName,
    rule,
    problem: {
      id: p.id,
      articleId: p.article_id,
      resource: p.resource,
      route: p.route,
      status: p.status,
      httpStatus: p.http_status,
    },
    counts: { events: c.events, lastHour, baseline, firstSeenAt: iso(c.first), lastSeenAt: iso(c.last) },
    districts,
    link,
    at: now.toISOString(),
  };
}
