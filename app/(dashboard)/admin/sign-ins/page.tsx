// Admins see sign-ins, failures and lock-outs, newest first.
import type { Metadata } from "next";
import { listSignInAttempts } from "@/lib/auth/audit";
import { getPageContext } from "@/lib/auth/page-context";
import type { Tone } from "@/lib/vocabulary";
import { RelativeTime } from "@/components/RelativeTime";
import { Badge } from "@/components/ui/badge";
import { AdminTable } from "@/components/admin/admin-table";
import { PageHeader } from "@/components/admin/fields";

export const metadata: Metadata = { title: "Sign-ins" };
export const dynamic = "force-dynamic";

const OUTCOME_TONES: Record<string, Tone> = {
  ok: "success",
  failed: "warning",
  delayed: "warning",
  locked: "danger",
  disabled: "danger",
  checking: "neutral",
};

export default async function SignInsPage() {
  const { db } = await getPageContext("admin", "/admin/sign-ins");
  const attempts = await listSignInAttempts(db, 200);
  return (
    <>
      <PageHeader title="Sign-ins">
        The last 200 attempts. After 3 failures from one address an account waits 1 s there, then twice as long after
        each further failure; after 10 in 15 minutes it is locked for that address for the rest of that time. An address
        without failures always has its password checked. The client address is the connection&apos;s (or, behind
        configured proxies, the one they forwarded).
      </PageHeader>
      <AdminTable
        testId="sign-ins"
        rows={attempts}
        rowKey={(a) => String(a.id)}
        columns={[
          { label: "When", cell: (a) => <RelativeTime iso={a.at.toISOString()} />, className: "text-muted-foreground" },
          { label: "E-mail", cell: (a) => a.email },
          {
            label: "Outcome",
            cell: (a) => (
              <Badge tone={OUTCOME_TONES[a.outcome] ?? "neutral"}>{a.outcome === "ok" ? "signed in" : a.outcome}</Badge>
            ),
          },
          { label: "Client address", cell: (a) => a.clientAddress ?? "—", className: "font-mono text-xs" },
        ]}
      />
    </>
  );
}
