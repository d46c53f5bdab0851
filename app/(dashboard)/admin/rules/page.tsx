// Admins manage routing rules: article / resource / client / LEA → team, with a priority. Rules
// apply to events as they are stored and are re-applied to open problems whenever they change;
// every suggestion says which rule (or the article default) decided it.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { listRoutingRules } from "@/lib/triage/routing-rules";
import { AdminTable } from "@/components/admin/admin-table";
import { AdminForm, Empty, PageHeader, Section } from "@/components/admin/fields";
import { RoutingRuleFields, RULE_COLUMNS } from "@/components/admin/routing-rule-parts";
import { createRuleAction } from "@/lib/actions/rules";

export const metadata: Metadata = { title: "Routing rules" };
export const dynamic = "force-dynamic";

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
        <AdminTable testId="rules" rows={rules} rowKey={(r) => r.id} columns={RULE_COLUMNS} />
      )}
      <Section title="Add a rule" />
      <AdminForm action={createRuleAction} submit="Add rule">
        <RoutingRuleFields />
      </AdminForm>
    </>
  );
}
