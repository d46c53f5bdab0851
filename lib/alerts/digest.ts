// Digests: a daily or weekly summary per user, inside the user's districts (a district admin's)
// and, for a triager who chose one, the team's problems: errors against the previous period of the
// same length, new problems (first seen in the period), rising problems, top resources and
// clients, each with a link into the dashboard. Counts from the ledger's live daily view.
import type { SqlSession } from "../db/sql-session";
import { DAY_MS, utcDayOf } from "../trends/quarter-hours";

export type Frequency = "daily" | "weekly";

export interface DigestScope {
  /** Empty: every district. */
  leas: string[];
  team: string | null;
}

export interface DigestFacts {
  frequency: Frequency;
  /** UTC days, inclusive. */
  from: string;
  to: string;
  events: number;
  previous: number;
  newProblems: { id: string; articleId: string; resource: string | null; events: number; link: string }[];
  risingProblems: {
    id: string;
    articleId: string;
    resource: string | null;
    events: number;
    previous: number;
    link: string;
  }[];
  resources: { name: string; events: number }[];
  clients: { name: string; events: number }[];
  districts: string[];
  link: string;
}

/** The period a digest sent at `now` covers: the last whole UTC day, or the 7 whole days before today. */
export function digestPeriod(
  frequency: Frequency,
  now: Date,
): { start: Date; from: string; to: string; previousFrom: string } {
  const today = Date.parse(`${utcDayOf(now.getTime())}T00:00:00Z`);
  const days = frequency === "daily" ? 1 : 7;
  const start = today - days * DAY_MS;
  return {
    start: new Date(start),
    from: utcDayOf(start),
    to: utcDayOf(today - DAY_MS),
    previousFrom: utcDayOf(start - days * DAY_MS),
  };
}

export async function digestFacts(
  tx: SqlSession,
  frequency: Frequency,
  scope: DigestScope,
  now: Date,
  baseUrl: string,
): Promise<DigestFacts> {
  const p = digestPeriod(frequency, now);
  const base = baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl;
  // One CTE of the counts in scope (district filter, team filter), both periods.
  const counts = `WITH c AS (
      SELECT d.problem_id, d.lea, d.client, d.count, d.day >= $2::date AS current, p.article_id, p.resource, p.first_seen
        FROM problem_daily_live d
        JOIN (SELECT pr.id, pr.article_id, pr.resource, coalesce(pr.assigned_team, pr.route)::text AS route,
                     (SELECT min(x.first_seen_at) FROM problem_daily_live x WHERE x.problem_id = pr.id
                        AND (cardinality($1::text[]) = 0 OR x.lea = ANY($1::text[]))) AS first_seen
                FROM problem pr) p ON p.id = d.problem_id
       WHERE d.day >= $4::date AND d.day <= $3::date AND (cardinality($1::text[]) = 0 OR d.lea = ANY($1::text[]))
         AND ($5::text IS NULL OR p.route = $5))`;
  const params = [scope.leas, p.from, p.to, p.previousFrom, scope.team];
  const [totals] = await tx.query<{ events: number; previous: number }>(
    `${counts} SELECT coalesce(sum(count) FILTER (WHERE current), 0)::int AS events,
                      coalesce(sum(count) FILTER (WHERE NOT current), 0)::int AS previous FROM c`,
    params,
  );
  const problems = await tx.query<{
    id: string;
    article_id: string;
    resource: string | null;
    events: number;
    previous: number;
    is_new: boolean;
  }>(
    `${counts} SELECT problem_id::text AS id, article_id, resource, coalesce(sum(count) FILTER (WHERE current), 0)::int AS events,
            coalesce(sum(count) FILTER (WHERE NOT current), 0)::int AS previous, bool_or(first_seen >= $2::date) AS is_new
       FROM c GROUP BY 1, 2, 3 HAVING sum(count) FILTER (WHERE current) > 0 ORDER BY 4 DESC, 1 LIMIT 200`,
    params,
  );
  const top = (column: "resource" | "client") =>
    tx.query<{ name: string; events: number }>(
      `${counts} SELECT ${column} AS name, sum(count)::int AS events FROM c
        WHERE current AND coalesce(${column}, '') <> '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
      params,
    );
  const districts = await tx.query<{ lea: string }>(
    `${counts} SELECT DISTINCT lea FROM c WHERE current AND lea <> '' ORDER BY 1`,
    params,
  );
  const narrow = scope.leas.length === 1 ? `&lea=${encodeURIComponent(scope.leas[0])}` : "";
  const link = (id: string) => `${base}/problems/${id}${narrow ? `?${narrow.slice(1)}` : ""}`;
  return {
    frequency,
    from: p.from,
    to: p.to,
    events: totals.events,
    previous: totals.previous,
    newProblems: problems
      .filter((r) => r.is_new)
      .slice(0, 10)
      .map((r) => ({ id: r.id, articleId: r.article_id, resource: r.resource, events: r.events, link: link(r.id) })),
    risingProblems: problems
      .filter((r) => !r.is_new && r.events > r.previous)
      .sort((a, b) => b.events - b.previous - (a.events - a.previous))
      .slice(0, 10)
      .map((r) => ({
        id: r.id,
        articleId: r.article_id,
        resource: r.resource,
        events: r.events,
        previous: r.previous,
        link: link(r.id),
      })),
    resources: await top("resource"),
    clients: await top("client"),
    districts: districts.map((d) => d.lea),
    link: `${base}/trends?range=${frequency === "daily" ? "24h" : "7d"}${narrow}`,
  };
}

export function digestLines(f: DigestFacts): string[] {
  const percent = f.previous === 0 ? 0 : Math.abs(Math.round(((f.events - f.previous) / f.previous) * 100));
  const change =
    f.previous === 0
      ? ""
      : ` (${f.events >= f.previous ? "+" : "−"}${percent}% against the period before: ${f.previous})`;
  return [
    `Triage ${f.frequency} digest, ${f.from === f.to ? f.from : `${f.from} to ${f.to}`} (UTC)`,
    `${f.events} errors${change}${f.districts.length ? ` in ${f.districts.join(", ")}` : ""}`,
    ...(f.newProblems.length
      ? [
          "New problems:",
          ...f.newProblems.map(
            (p) => `  #${p.id} ${p.articleId}${p.resource ? ` (${p.resource})` : ""}: ${p.events} events ${p.link}`,
          ),
        ]
      : []),
    ...(f.risingProblems.length
      ? [
          "Rising problems:",
          ...f.risingProblems.map(
            (p) =>
              `  #${p.id} ${p.articleId}${p.resource ? ` (${p.resource})` : ""}: ${p.previous} → ${p.events} events ${p.link}`,
          ),
        ]
      : []),
    ...(f.resources.length ? [`Top resources: ${f.resources.map((r) => `${r.name} ${r.events}`).join(", ")}`] : []),
    ...(f.clients.length ? [`Top clients: ${f.clients.map((r) => `${r.name} ${r.events}`).join(", ")}`] : []),
    f.link,
  ];
}
