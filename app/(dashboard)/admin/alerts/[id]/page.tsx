// One alert rule: its settings (editable), "send test", and its delivery log — every attempt with
// its status, response code and error.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPageContext } from "@/lib/auth/page-context";
import { deliveryLog, getRule, listChannels } from "@/lib/alerts/admin";
import { Button } from "@/components/ui/button";
import { AdminTable } from "@/components/admin/admin-table";
import { DELIVERY_COLUMNS } from "@/components/admin/alert-columns";
import { RuleFields } from "@/components/admin/alert-rule-fields";
import { AdminForm, CheckboxField, Empty, RowForm, Section } from "@/components/admin/fields";
import { sendTestAction, updateAlertRuleAction } from "@/lib/actions/alerts";

export const metadata: Metadata = { title: "Alert rule" };
export const dynamic = "force-dynamic";

export default async function AlertRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const { db } = await getPageContext("admin", `/admin/alerts/${raw}`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const [rule, channels, log] = await Promise.all([getRule(db, id), listChannels(db), deliveryLog(db, id)]);
  if (!rule) notFound();
  return (
    <>
      <p>
        <Link href="/admin/alerts" className="text-link underline">
          ← Alerts
        </Link>
      </p>
      <h1 className="mt-2 text-lg font-semibold">
        Rule #{rule.id}: {rule.name}
      </h1>
      <p className="mt-1 text-muted-foreground tabular-nums">
        {rule.sent} sent · {rule.failed} failed · {rule.pending} pending
      </p>
      <RowForm action={sendTestAction} id={rule.id} className="mt-3">
        <Button type="submit" variant="outline">
          Send test
        </Button>
      </RowForm>
      <Section title="Delivery log" />
      {log.length === 0 ? (
        <Empty>No delivery attempts yet.</Empty>
      ) : (
        <AdminTable testId="delivery-log" rows={log} rowKey={(a) => a.id} columns={DELIVERY_COLUMNS} />
      )}
      <Section title="Settings" />
      <AdminForm action={updateAlertRuleAction} submit="Save">
        <input type="hidden" name="id" value={rule.id} />
        <RuleFields channels={channels} rule={rule} />
        <div className="pb-1.5">
          <CheckboxField label="enabled" name="enabled" defaultChecked={rule.enabled} />
        </div>
      </AdminForm>
    </>
  );
}
