// Admins manage routing rules: article / resource / client / LEA → team, with a priority. Rules
// apply to events as they are stored and are re-applied to open problems whenever they change;
// every suggestion says which rule (or the article default) decided it.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { ARTICLES } from "@/lib/problems";
import { TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import { listRoutingRules } from "@/lib/triage/routing-rules";
import { ConfirmButton } from "@/components/admin/ConfirmButton";
import { RouteBadge } from "@/components/RouteBadge";
import { AdminTable } from "@/components/admin/admin-table";
import {
  AdminForm,
  Any,
  CheckboxField,
  Empty,
  PageHeader,
  RowForm,
  Section,
  SelectField,
  TextField,
} from "@/components/admin/fields";
import { createRuleAction, deleteRuleAction } from "@/lib/actions/rules";

export const metadata: Metadata = { title: "Routing rules" };
export const dynamic = "force-dynamic";

const ARTICLE_OPTIONS = [
  { value: "", label: "any" },
  ...[...ARTICLES]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((a) => ({ value: a.id, label: `${a.title} (${a.id})` })),
];
const TEAM_OPTIONS = TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] }));

export default async function RulesPage() {
  const { db } = await getPageContext("admin", "/admin/rules");
  const rules = await listRoutingRules(db);
  return (
    <>
      <PageHeader title="Routing rules">
        A rule sends matching problems to a team instead of the article&apos;s default. The most specific matching rule
        wins (more conditions), then the lowest priority number. A triager&apos;s assignment overrides every rule.
      </PageHeader>
      {rules.length === 0 ? (
        <Empty>No rules: every problem is routed by its article&apos;s default. Add one below.</Empty>
      ) : (
        <AdminTable
          testId="rules"
          rows={rules}
          rowKey={(r) => r.id}
          columns={[
            { label: "#", cell: (r) => r.id, className: "font-mono text-xs" },
            { label: "Article", cell: (r) => r.articleId ?? <Any /> },
            { label: "Resource", cell: (r) => r.resource ?? <Any />, className: "font-mono text-xs" },
            { label: "Client", cell: (r) => r.client ?? <Any /> },
            { label: "LEA", cell: (r) => r.lea ?? <Any /> },
            { label: "Team", cell: (r) => <RouteBadge team={r.team} /> },
            { label: "Priority", cell: (r) => r.priority, className: "tabular-nums" },
            { label: "Note", cell: (r) => r.note ?? "", className: "text-muted-foreground" },
            {
              label: "",
              cell: (r) => (
                <RowForm action={deleteRuleAction} id={r.id}>
                  <ConfirmButton
                    label="Delete"
                    title={`Delete rule #${r.id}?`}
                    confirm="Delete rule"
                    description="The problems it routes go back to their article's route (or another rule that matches), and their trends move with them. A triager's assignment stays."
                  />
                </RowForm>
              ),
            },
          ]}
        />
      )}
      <Section title="Add a rule" />
      <AdminForm action={createRuleAction} submit="Add rule">
        <SelectField label="Article" name="articleId" defaultValue="" options={ARTICLE_OPTIONS} />
        <TextField label="Resource" name="resource" placeholder="any, e.g. studentSchoolAssociations" />
        <TextField label="API client" name="client" placeholder="any" aria-describedby="client-hint" />
        <div className="self-center text-xs">
          <CheckboxField label="Not seen yet" name="unseenClient" />
        </div>
        <TextField label="LEA" name="lea" placeholder="any" className="w-28" />
        <SelectField label="Team" name="team" required options={TEAM_OPTIONS} />
        <TextField
          label="Priority"
          name="priority"
          type="number"
          min={0}
          max={10000}
          defaultValue={100}
          className="w-24"
        />
        <TextField label="Note" name="note" placeholder="why" />
        <p id="client-hint" className="order-last basis-full text-xs text-muted-foreground">
          A problem is routed as a whole, by its latest event: a rule for one client routes the problems that
          client&apos;s events land in, with every other client&apos;s events of those problems.
        </p>
      </AdminForm>
    </>
  );
}
