// The sign-in page: the only page open without a session.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/current-viewer";
import { SignInForm } from "@/components/auth/SignInForm";
import { safeCallbackPath } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only a path of this site (an open redirect would send a signed-in user anywhere).
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getViewer()) redirect(callbackUrl);
  return (
    <div className="mx-auto mt-16 max-w-sm">
      <h1 className="text-xl font-semibold text-foreground">Sign in to Triage</h1>
      <p className="mt-1 text-muted-foreground">Error-log triage for education-data APIs.</p>
      <div className="mt-6 rounded-lg border border-border bg-background p-6 shadow-sm">
        <SignInForm callbackUrl={callbackUrl} />
      </div>
      <p className="mt-4 text-xs text-muted-foreground">
        Accounts are created by an administrator. Repeated failed sign-ins are slowed down and recorded.
      </p>
    </div>
  );
}
