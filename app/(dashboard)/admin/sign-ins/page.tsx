// Admins see sign-ins, failures and lock-outs, newest first.
import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/current-viewer";
import { listSignInAttempts } from "@/lib/auth/audit";
import { getDatabase } from "@/lib/runtime/database";
import { RelativeTime } from "@/components/RelativeTime";
import { TableHead } from "@/components/TableHead";

export const metadata: Metadata = { title: "Sign-ins" };
export const dynamic = "force-dynamic";

const OUTCOME_STYLE: Record<string, string> = {
  ok: "bg-tone-success-bg text-tone-success-fg",
  failed: "bg-tone-warning-bg text-tone-warning-fg",
  delayed: "bg-tone-warning-bg text-tone-warning-fg",
  locked: "bg-tone-danger-bg text-destructive",
  disabled: "bg-tone-danger-bg text-destructive",
  checking: "bg-muted text-foreground",
};

export default async function SignInsPage() {
  await requireViewer("admin", "/admin/sign-ins");
  const attempts = await listSignInAttempts(await getDatabase(), 200);
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Sign-ins</h1>
      <p className="mb-4 text-muted-foreground">The last 200 attempts. After 3 failures from one address an account waits 1 s there, then twice as long after each further failure; after 10 in 15 minutes it is locked for that address for the rest of that time. An address without failures always has its password checked. The client address is the connection&apos;s (or, behind configured proxies, the one they forwarded).</p>
      <table className="w-full border-collapse text-left" data-testid="sign-ins">
        <TableHead columns={[{ label: "When" }, { label: "E-mail" }, { label: "Outcome" }, { label: "Client address" }]} />
        <tbody>
          {attempts.map((a) => (
            <tr key={a.id} className="border-b border-border">
              <td className="py-1.5 pr-3 text-muted-foreground"><RelativeTime iso={a.at.toISOString()} /></td>
              <td className="py-1.5 pr-3">{a.email}</td>
              <td className="py-1.5 pr-3"><span className={`rounded px-2 py-0.5 ${OUTCOME_STYLE[a.outcome] ?? ""}`}>{a.outcome === "ok" ? "signed in" : a.outcome}</span></td>
              <td className="py-1.5 pr-3 font-mono text-xs">{a.clientAddress ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
