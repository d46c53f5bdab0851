// Admins manage routing rules: article / resource / client / LEA → team, with a priority. Rules
// apply to events as they are stored and are re-applied to open problems whenever they change;
// every suggestion says which rule (or the article default) decided it.
import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { ARTICLES, TEAMS } from "@/lib/problems";
import { listRoutingRules } from "@/lib/triage/routing-rules";
import { ActionForm } from "@/components/admin/ActionForm";
import { ConfirmButton } from "@/components/admin/ConfirmButton";
import { RouteBadge } from "@/components/RouteBadge";
import { TableHead } from "@/components/TableHead";
import { createRuleAction, deleteRuleAction } from "@/lib/actions/rules";

export const metadata: Metadata = { title: "Routing rules" };
export const dynamic = "force-dynamic";

const input = "rounded-md border border-input px-2 py-1";

export default async function RulesPage() {
  await requireViewer("admin", "/admin/rules");
  const rules = await listRoutingRules(await getDatabase());
  const any = <span className="text-muted-foreground">any</span>;
  return (
    <>
      <h1 className="text-lg font-semibold">Routing rules</h1>
      <p className="mt-1 mb-4 max-w-3xl text-muted-foreground">
        A rule sends matching problems to a team instead of the article&apos;s default. The most specific matching rule wins (more conditions), then the lowest priority number. A triager&apos;s assignment overrides every rule.
      </p>
      {rules.length === 0 ? <p className="rounded-md border border-dashed border-input p-4 text-muted-foreground">No rules: every problem is routed by its article&apos;s default. Add one below.</p> : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left" data-testid="rules">
            <TableHead columns={[{ label: "#" }, { label: "Article" }, { label: "Resource" }, { label: "Client" }, { label: "LEA" }, { label: "Team" }, { label: "Priority" }, { label: "Note" }, { label: "" }]} />
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} className="border-b border-border">
                  <td className="py-2 pr-3 font-mono text-xs">{r.id}</td>
                  <td className="py-2 pr-3">{r.articleId ?? any}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{r.resource ?? any}</td>
                  <td className="py-2 pr-3">{r.client ?? any}</td>
                  <td className="py-2 pr-3">{r.lea ?? any}</td>
                  <td className="py-2 pr-3"><RouteBadge team={r.team} /></td>
                  <td className="py-2 pr-3 tabular-nums">{r.priority}</td>
                  <td className="py-2 pr-3 text-muted-foreground">{r.note ?? ""}</td>
                  <td className="py-2 pr-3">
                    <ActionForm action={deleteRuleAction}>
                      <input type="hidden" name="id" value={r.id} />
                      <ConfirmButton label="Delete" title={`Delete rule #${r.id}?`} confirm="Delete rule"
                        description="The problems it routes go back to their article's route (or another rule that matches), and their trends move with them. A triager's assignment stays." />
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="mt-8 mb-2 font-semibold">Add a rule</h2>
      <ActionForm action={createRuleAction} className="flex max-w-5xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">Article
          <select name="articleId" className={input} defaultValue="">
            <option value="">any</option>
            {[...ARTICLES].sort((a, b) => a.title.localeCompare(b.title)).map((a) => <option key={a.id} value={a.id}>{a.title} ({a.id})</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">Resource<input name="resource" placeholder="any, e.g. studentSchoolAssociations" className={input} /></label>
        <label className="flex flex-col gap-1">API client<input name="client" placeholder="any" className={input} aria-describedby="client-hint" /></label>
        <label className="flex items-center gap-1 self-center text-xs"><input type="checkbox" name="unseenClient" /> Not seen yet</label>
        <label className="flex flex-col gap-1">LEA<input name="lea" placeholder="any" className={`${input} w-28`} /></label>
        <label className="flex flex-col gap-1">Team
          <select name="team" required className={input}>{TEAMS.map((t) => <option key={t} value={t}>{t}</option>)}</select>
        </label>
        <label className="flex flex-col gap-1">Priority<input name="priority" type="number" min={0} max={10000} defaultValue={100} className={`${input} w-24`} /></label>
        <label className="flex flex-col gap-1">Note<input name="note" placeholder="why" className={input} /></label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Add rule</button>
        <p id="client-hint" className="basis-full text-xs text-muted-foreground">
          A problem is routed as a whole, by its latest event: a rule for one client routes the problems that client&apos;s events land in, with every other client&apos;s events of those problems.
        </p>
      </ActionForm>
    </>
  );
}
