// What an alert says, built from facts the worker read inside the receiving channel's district
// scope (content.ts): the webhook's JSON document, Slack's `text` form, and the e-mail's subject
// and text part. Pure: no I/O.

export type AlertKindName = "new" | "new_in_district" | "regressed" | "spiking" | "volume" | "test";

export interface AlertFacts {
  kind: AlertKindName;
  rule: { id: number; name: string } | null;
  problem: {
    id: string;
    articleId: string;
    resource: string | null;
    route: string;
    status: string;
    httpStatus: number;
  } | null;
  /** Counts inside the channel's scope. */
  counts: {
    events: number;
    lastHour: number | null;
    baseline: number | null;
    firstSeenAt: string | null;
    lastSeenAt: string | null;
  };
  /** The districts concerned, inside the channel's scope. */
  districts: string[];
  link: string;
  at: string;
}

const HEADLINES: Record<AlertKindName, string> = {
  new: "New problem",
  new_in_district: "New in a district",
  regressed: "Regressed problem",
  spiking: "Spiking problem",
  volume: "District error volume",
  test: "Test alert",
};

export function headline(f: AlertFacts): string {
  const what = f.problem
    ? `#${f.problem.id} ${f.problem.articleId}${f.problem.resource ? ` (${f.problem.resource})` : ""} → ${f.problem.route}`
    : f.districts.length
      ? `district ${f.districts.join(", ")}`
      : "from Triage";
  // New in a district names it: the alert's districts are that one (inside the channel's scope).
  if (f.kind === "new_in_district") return `New in district ${f.districts.join(", ")}: ${what}`;
  return `${HEADLINES[f.kind]}: ${what}`;
}

export function summaryLines(f: AlertFacts): string[] {
  const lines = [headline(f)];
  if (f.kind === "spiking" || f.kind === "volume") {
    lines.push(
      `${f.counts.lastHour ?? 0} events in the last hour${f.counts.baseline !== null ? ` (7-day mean for this hour: ${f.counts.baseline.toFixed(1)})` : ""}`,
    );
  }
  if (f.problem)
    lines.push(
      `${f.counts.events} events${f.districts.length ? ` in ${f.districts.join(", ")}` : ""}; HTTP ${f.problem.httpStatus}; status ${f.problem.status}`,
    );
  if (f.counts.firstSeenAt) lines.push(`First seen ${f.counts.firstSeenAt}, last seen ${f.counts.lastSeenAt}`);
  if (f.rule) lines.push(`Rule: ${f.rule.name}`);
  lines.push(f.link);
  return lines;
}

/** The webhook's JSON document (README "Alerts"). */
export function webhookDocument(f: AlertFacts): Record<string, unknown> {
  return {
    type: `triage.alert.${f.kind}`,
    at: f.at,
    rule: f.rule,
    problem: f.problem,
    counts: f.counts,
    districts: f.districts,
    link: f.link,
    text: headline(f),
  };
}

/** Slack's incoming-webhook form: one `text` with a link in Slack's <url|label> syntax. */
export function slackDocument(f: AlertFacts): { text: string } {
  const [first, ...rest] = summaryLines(f).slice(0, -1);
  return { text: [`*<${f.link}|${first}>*`, ...rest].join("\n") };
}
