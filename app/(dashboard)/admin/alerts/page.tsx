// Admins manage alerts: channels (webhook, e-mail; a team's, a district scope) and rules (new,
// regressed, spiking, district volume; filters; quiet period), each rule with its delivery log.
import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { listChannels, listRules } from "@/lib/alerts/admin";
import { ActionForm } from "@/components/admin/ActionForm";
import { RouteBadge } from "@/components/RouteBadge";
import { TableHead } from "@/components/TableHead";
import { TEAMS, type Team } from "@/lib/problems";
import { createAlertRuleAction, createChannelAction, deleteAlertRuleAction, deleteChannelAction } from "@/lib/actions/alerts";
import { RuleFields } from "./RuleFields";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

const input = "rounded-md border border-input px-2 py-1";
const button = "rounded border border-input px-2 py-0.5 hover:bg-accent";

export default async function AlertsPage() {
  await requireViewer("admin", "/admin/alerts");
  const db = await getDatabase();
  const [rules, channels] = await Promise.all([listRules(db), listChannels(db)]);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  const any = <span className="text-muted-foreground">any</span>;
  return (
    <>
      <h1 className="text-lg font-semibold">Alerts</h1>
      <p className="mt-1 mb-4 max-w-3xl text-muted-foreground">
        A rule fires at most once per problem (or district) per quiet period and sends to its channels. New and regressed problems are decided as events are stored; spiking problems and district volume every few seconds from the counts.
      </p>
      <h2 className="mt-6 mb-2 font-semibold">Rules</h2>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left" data-testid="alert-rules">
          <TableHead columns={[{ label: "#" }, { label: "Name" }, { label: "When" }, { label: "Team" }, { label: "Filters" }, { label: "Channels" }, { label: "Quiet" }, { label: "Sent / failed / pending" }, { label: "" }]} />
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} className={`border-b border-border ${r.enabled ? "" : "text-muted-foreground"}`}>
                <td className="py-2 pr-3 font-mono text-xs">{r.id}</td>
                <td className="py-2 pr-3"><Link href={`/admin/alerts/${r.id}`} className="text-primary underline">{r.name}</Link>{r.enabled ? "" : " (off)"}</td>
                <td className="py-2 pr-3">{r.kind === "new" && r.per_district ? "new in a district" : r.kind}{r.kind === "spiking" ? ` ≥ ${r.factor}× and ≥ ${r.min_events}` : r.kind === "volume" ? ` ≥ ${r.min_events}/h` : ""}</td>
                <td className="py-2 pr-3">{r.route ? <RouteBadge team={r.route as Team} /> : any}</td>
                <td className="py-2 pr-3 text-xs">{[r.article_id, r.resource, r.client, r.leas.join(", ")].filter(Boolean).join(" · ") || any}</td>
                <td className="py-2 pr-3 text-xs">{[...(r.to_team ? ["routed team"] : []), ...r.channel_ids.map((id) => channelName.get(id) ?? `#${id}`)].join(", ") || <span className="text-destructive">none</span>}</td>
                <td className="py-2 pr-3 whitespace-nowrap tabular-nums">{r.quiet_minutes} min</td>
                <td className="py-2 pr-3 whitespace-nowrap tabular-nums">{r.sent} / {r.failed} / {r.pending}</td>
                <td className="py-2 pr-3">
                  <ActionForm action={deleteAlertRuleAction}><input type="hidden" name="id" value={r.id} /><button className={button}>Delete</button></ActionForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="mt-6 mb-2 font-semibold">Add a rule</h3>
      <ActionForm action={createAlertRuleAction} className="flex max-w-5xl flex-wrap items-end gap-3">
        <RuleFields channels={channels} />
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Add rule</button>
      </ActionForm>

      <h2 className="mt-10 mb-2 font-semibold">Channels</h2>
      {channels.length === 0 ? <p className="rounded-md border border-dashed border-input p-4 text-muted-foreground">No channels yet: alerts have nowhere to go. Add a webhook or an e-mail address below.</p> : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left" data-testid="alert-channels">
            <TableHead columns={[{ label: "#" }, { label: "Name" }, { label: "Kind" }, { label: "Target" }, { label: "Team" }, { label: "Districts" }, { label: "Signing secret" }, { label: "" }]} />
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-b border-border">
                  <td className="py-2 pr-3 font-mono text-xs">{c.id}</td>
                  <td className="py-2 pr-3">{c.name}</td>
                  <td className="py-2 pr-3">{c.kind}{c.slack_text ? " (Slack text)" : ""}</td>
                  <td className="py-2 pr-3 font-mono text-xs break-all">{c.target}</td>
                  <td className="py-2 pr-3">{c.team ? <RouteBadge team={c.team as Team} /> : any}</td>
                  <td className="py-2 pr-3">{c.leas.join(", ") || any}</td>
                  <td className="py-2 pr-3 font-mono text-xs" data-testid="secret-hint">{c.secret_hint ? <span title="shown once, when the channel was created">••••{c.secret_hint}</span> : ""}</td>
                  <td className="py-2 pr-3">
                    <ActionForm action={deleteChannelAction}><input type="hidden" name="id" value={c.id} /><button className={button}>Delete</button></ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="mt-6 mb-2 font-semibold">Add a channel</h3>
      <ActionForm action={createChannelAction} className="flex max-w-5xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">Name<input name="name" required className={input} /></label>
        <label className="flex flex-col gap-1">Kind
          <select name="kind" className={input}><option value="webhook">webhook</option><option value="email">e-mail</option></select>
        </label>
        <label className="flex flex-col gap-1">URL or addresses<input name="target" required placeholder="https://… or a@x.org, b@x.org" className={`${input} w-72`} /></label>
        <label className="flex flex-col gap-1">Team
          <select name="team" className={input} defaultValue=""><option value="">none</option>{TEAMS.map((t) => <option key={t} value={t}>{t}</option>)}</select>
        </label>
        <label className="flex flex-col gap-1">Districts only<input name="leas" placeholder="all, e.g. 255901" className={input} /></label>
        <label className="flex items-center gap-1"><input type="checkbox" name="slackText" /> Slack text form</label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Add channel</button>
      </ActionForm>
    </>
  );
}
