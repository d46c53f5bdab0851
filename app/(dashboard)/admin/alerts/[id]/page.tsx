// One alert rule: its settings (editable), "send test", and its delivery log — every attempt with
// its status, response code and error.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { deliveryLog, getRule, listChannels } from "@/lib/alerts/admin";
import { ActionForm } from "@/components/admin/ActionForm";
import { LocalTime } from "@/components/LocalTime";
import { TableHead } from "@/components/TableHead";
import { sendTestAction, updateAlertRuleAction } from "@/lib/actions/alerts";
import { RuleFields } from "../RuleFields";

export const metadata: Metadata = { title: "Alert rule" };
export const dynamic = "force-dynamic";

export default async function AlertRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  await requireViewer("admin", `/admin/alerts/${raw}`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const db = await getDatabase();
  const [rule, channels, log] = await Promise.all([getRule(db, id), listChannels(db), deliveryLog(db, id)]);
  if (!rule) notFound();
  return (
    <>
      <p><Link href="/admin/alerts" className="text-primary underline">← Alerts</Link></p>
      <h1 className="mt-2 text-lg font-semibold">Rule #{rule.id}: {rule.name}</h1>
      <p className="mt-1 text-muted-foreground tabular-nums">{rule.sent} sent · {rule.failed} failed · {rule.pending} pending</p>
      <ActionForm action={sendTestAction} className="mt-3">
        <input type="hidden" name="id" value={rule.id} />
        <button className="rounded-md border border-primary px-3 py-1.5 font-medium text-primary hover:bg-tone-brand-bg">Send test</button>
      </ActionForm>
      <h2 className="mt-8 mb-2 font-semibold">Delivery log</h2>
      {log.length === 0 ? <p className="rounded-md border border-dashed border-input p-4 text-muted-foreground">No delivery attempts yet.</p> : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left" data-testid="delivery-log">
            <TableHead columns={[{ label: "When" }, { label: "Alert" }, { label: "Channel" }, { label: "Result" }, { label: "Response" }, { label: "Error" }, { label: "Alert now" }]} />
            <tbody>
              {log.map((a) => (
                <tr key={a.id} className="border-b border-border">
                  <td className="py-2 pr-3"><LocalTime iso={new Date(a.at).toISOString()} /></td>
                  <td className="py-2 pr-3">{a.kind}{a.problem_id ? <> · <Link href={`/problems/${a.problem_id}`} className="text-primary underline">#{a.problem_id}</Link></> : ""}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{a.channel ?? "(deleted)"}</td>
                  <td className={`py-2 pr-3 font-medium ${a.ok ? "text-tone-success-fg" : "text-destructive"}`}>{a.ok ? "delivered" : "failed"}</td>
                  <td className="py-2 pr-3 tabular-nums">{a.response_code ?? "—"}</td>
                  <td className="py-2 pr-3 text-xs text-foreground">{a.error ?? ""}</td>
                  <td className="py-2 pr-3">{a.status} after {a.attempts} attempt{a.attempts === 1 ? "" : "s"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="mt-8 mb-2 font-semibold">Settings</h2>
      <ActionForm action={updateAlertRuleAction} className="flex max-w-5xl flex-wrap items-end gap-3">
        <input type="hidden" name="id" value={rule.id} />
        <RuleFields channels={channels} rule={rule} />
        <label className="flex items-center gap-1"><input type="checkbox" name="enabled" defaultChecked={rule.enabled} /> enabled</label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Save</button>
      </ActionForm>
    </>
  );
}
