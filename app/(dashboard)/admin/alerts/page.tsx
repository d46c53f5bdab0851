// Admins manage alerts: channels (webhook, e-mail; a team's, a district scope) and rules (new,
// regressed, spiking, district volume; filters; quiet period), each rule with its delivery log.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { listChannels, listRules } from "@/lib/alerts/admin";
import { TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import { AdminTable } from "@/components/admin/admin-table";
import { CHANNEL_COLUMNS, ruleColumns } from "@/components/admin/alert-columns";
import { RuleFields } from "@/components/admin/alert-rule-fields";
import {
  AdminForm,
  CheckboxField,
  Empty,
  PageHeader,
  Section,
  SelectField,
  TextField,
} from "@/components/admin/fields";
import { createAlertRuleAction, createChannelAction } from "@/lib/actions/alerts";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

const KINDS = [
  { value: "webhook", label: "webhook" },
  { value: "email", label: "e-mail" },
];
const TEAM_OPTIONS = [{ value: "", label: "none" }, ...TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] }))];

export default async function AlertsPage() {
  const { db } = await getPageContext("admin", "/admin/alerts");
  const [rules, channels] = await Promise.all([listRules(db), listChannels(db)]);
  return (
    <>
      <PageHeader title="Alerts">
        A rule fires at most once per problem (or district) per quiet period and sends to its channels. New and
        regressed problems are decided as events are stored; spiking problems and district volume every few seconds from
        the counts.
      </PageHeader>
      <Section title="Rules" />
      <AdminTable
        testId="alert-rules"
        rows={rules}
        rowKey={(r) => r.id}
        columns={ruleColumns(new Map(channels.map((c) => [c.id, c.name])))}
        rowClassName={(r) => (r.enabled ? "" : "text-muted-foreground")}
      />
      <Section title="Add a rule" level={3} />
      <AdminForm action={createAlertRuleAction} submit="Add rule">
        <RuleFields channels={channels} />
      </AdminForm>

      <Section title="Channels" />
      {channels.length === 0 ? (
        <Empty>No channels yet: alerts have nowhere to go. Add a webhook or an e-mail address below.</Empty>
      ) : (
        <AdminTable testId="alert-channels" rows={channels} rowKey={(c) => c.id} columns={CHANNEL_COLUMNS} />
      )}
      <Section title="Add a channel" level={3} />
      <AdminForm action={createChannelAction} submit="Add channel">
        <TextField label="Name" name="name" required />
        <SelectField label="Kind" name="kind" options={KINDS} />
        <TextField
          label="URL or addresses"
          name="target"
          required
          placeholder="https://… or a@x.org, b@x.org"
          className="w-72"
        />
        <SelectField label="Team" name="team" defaultValue="" options={TEAM_OPTIONS} />
        <TextField label="Districts only" name="leas" placeholder="all, e.g. 255901" />
        <div className="pb-1.5">
          <CheckboxField label="Slack text form" name="slackText" />
        </div>
      </AdminForm>
    </>
  );
}
