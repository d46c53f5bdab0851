// The columns of the alert rules and channels lists on /admin/alerts, and of a rule's delivery log.
import Link from "next/link";
import type { ChannelRow, deliveryLog, RuleRow } from "@/lib/alerts/admin";
import { cn } from "@/lib/cn";
import { LocalTime } from "@/components/LocalTime";
import { deleteAlertRuleAction, deleteChannelAction } from "@/lib/actions/alerts";
import { RouteBadge } from "@/components/RouteBadge";
import { Button } from "@/components/ui/button";
import type { AdminColumn } from "./admin-table";
import { Any, RowForm } from "./fields";

const when = (r: RuleRow) =>
  `${r.kind === "new" && r.per_district ? "new in a district" : r.kind}${r.kind === "spiking" ? ` ≥ ${r.factor}× and ≥ ${r.min_events}` : r.kind === "volume" ? ` ≥ ${r.min_events}/h` : ""}`;

export function ruleColumns(channelName: ReadonlyMap<number, string>): AdminColumn<RuleRow>[] {
  const sendsTo = (r: RuleRow) =>
    [...(r.to_team ? ["routed team"] : []), ...r.channel_ids.map((id) => channelName.get(id) ?? `#${id}`)].join(", ");
  return [
    { label: "#", cell: (r) => r.id, className: "font-mono text-xs" },
    {
      label: "Name",
      cell: (r) => (
        <>
          <Link href={`/admin/alerts/${r.id}`} className="text-link underline">
            {r.name}
          </Link>
          {r.enabled ? "" : " (off)"}
        </>
      ),
    },
    { label: "When", cell: when },
    { label: "Team", cell: (r) => (r.route ? <RouteBadge team={r.route} /> : <Any />) },
    {
      label: "Filters",
      cell: (r) => [r.article_id, r.resource, r.client, r.leas.join(", ")].filter(Boolean).join(" · ") || <Any />,
      className: "text-xs",
    },
    {
      label: "Channels",
      cell: (r) => sendsTo(r) || <span className="text-destructive">none</span>,
      className: "text-xs",
    },
    { label: "Quiet", cell: (r) => `${r.quiet_minutes} min`, className: "whitespace-nowrap tabular-nums" },
    {
      label: "Sent / failed / pending",
      cell: (r) => `${r.sent} / ${r.failed} / ${r.pending}`,
      className: "whitespace-nowrap tabular-nums",
    },
    {
      label: "",
      cell: (r) => (
        <RowForm action={deleteAlertRuleAction} id={r.id}>
          <Button type="submit" variant="outline" size="xs">
            Delete
          </Button>
        </RowForm>
      ),
    },
  ];
}

export const CHANNEL_COLUMNS: AdminColumn<ChannelRow>[] = [
  { label: "#", cell: (c) => c.id, className: "font-mono text-xs" },
  { label: "Name", cell: (c) => c.name },
  { label: "Kind", cell: (c) => `${c.kind}${c.slack_text ? " (Slack text)" : ""}` },
  { label: "Target", cell: (c) => c.target, className: "font-mono text-xs break-all" },
  { label: "Team", cell: (c) => (c.team ? <RouteBadge team={c.team} /> : <Any />) },
  { label: "Districts", cell: (c) => c.leas.join(", ") || <Any /> },
  {
    label: "Signing secret",
    cell: (c) =>
      c.secret_hint ? (
        <span title="shown once, when the channel was created" data-testid="secret-hint">
          ••••{c.secret_hint}
        </span>
      ) : (
        ""
      ),
    className: "font-mono text-xs",
  },
  {
    label: "",
    cell: (c) => (
      <RowForm action={deleteChannelAction} id={c.id}>
        <Button type="submit" variant="outline" size="xs">
          Delete
        </Button>
      </RowForm>
    ),
  },
];

type Attempt = Awaited<ReturnType<typeof deliveryLog>>[number];

const problemLink = (id: string) => (
  <Link href={`/problems/${id}`} className="text-link underline">
    #{id}
  </Link>
);

export const DELIVERY_COLUMNS: AdminColumn<Attempt>[] = [
  { label: "When", cell: (a) => <LocalTime iso={new Date(a.at).toISOString()} /> },
  {
    label: "Alert",
    cell: (a) => (
      <>
        {a.kind}
        {a.problem_id ? <> · {problemLink(a.problem_id)}</> : ""}
      </>
    ),
  },
  { label: "Channel", cell: (a) => a.channel ?? "(deleted)", className: "whitespace-nowrap" },
  {
    label: "Result",
    cell: (a) => (
      <span className={cn("font-medium", a.ok ? "text-tone-success-fg" : "text-destructive")}>
        {a.ok ? "delivered" : "failed"}
      </span>
    ),
  },
  { label: "Response", cell: (a) => a.response_code ?? "—", className: "tabular-nums" },
  { label: "Error", cell: (a) => a.error ?? "", className: "text-xs" },
  { label: "Alert now", cell: (a) => `${a.status} after ${a.attempts} attempt${a.attempts === 1 ? "" : "s"}` },
];
