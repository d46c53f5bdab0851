// /admin/rules: the rules list's columns and the fields of a new rule.
import type { listRoutingRules } from "@/lib/triage/routing-rules";
import { ARTICLES } from "@/lib/problems";
import { TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import { deleteRuleAction } from "@/lib/actions/rules";
import { RouteBadge } from "@/components/RouteBadge";
import type { AdminColumn } from "./admin-table";
import { ConfirmButton } from "./ConfirmButton";
import { Any, CheckboxField, RowForm, SelectField, TextField } from "./fields";

type Rule = Awaited<ReturnType<typeof listRoutingRules>>[number];

const ARTICLE_OPTIONS = [
  { value: "", label: "any" },
  ...[...ARTICLES]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((a) => ({ value: a.id, label: `${a.title} (${a.id})` })),
];
const TEAM_OPTIONS = TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] }));

const deleteRule = (r: Rule) => (
  <RowForm action={deleteRuleAction} id={r.id}>
    <ConfirmButton
      label="Delete"
      title={`Delete rule #${r.id}?`}
      confirm="Delete rule"
      description={
        "The problems it routes go back to their article's route (or another rule that matches), " +
        "and their trends move with them. A triager's assignment stays."
      }
    />
  </RowForm>
);

export const RULE_COLUMNS: AdminColumn<Rule>[] = [
  { label: "#", cell: (r) => r.id, className: "font-mono text-xs" },
  { label: "Article", cell: (r) => r.articleId ?? <Any /> },
  { label: "Resource", cell: (r) => r.resource ?? <Any />, className: "font-mono text-xs" },
  { label: "Client", cell: (r) => r.client ?? <Any /> },
  { label: "LEA", cell: (r) => r.lea ?? <Any /> },
  { label: "Team", cell: (r) => <RouteBadge team={r.team} /> },
  { label: "Priority", cell: (r) => r.priority, className: "tabular-nums" },
  { label: "Note", cell: (r) => r.note ?? "", className: "text-muted-foreground" },
  { label: "", cell: deleteRule },
];

export function RoutingRuleFields() {
  return (
    <>
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
    </>
  );
}
