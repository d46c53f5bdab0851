// The user's settings: which digest e-mail they receive (off, daily, weekly) and, for triagers, of
// which team. A district admin's digest always holds their districts only.
import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { getDigest } from "@/lib/alerts/digests";
import { ActionForm } from "@/components/admin/ActionForm";
import { TEAMS } from "@/lib/problems";
import { saveDigestAction } from "@/lib/actions/settings";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

const input = "rounded-md border border-input px-2 py-1";

export default async function SettingsPage() {
  const viewer = await requireViewer("read", "/settings");
  const digest = await getDigest(await getDatabase(), viewer.user.userId);
  const districts = viewer.role === "district_admin";
  return (
    <>
      <h1 className="text-lg font-semibold">Settings</h1>
      <h2 className="mt-6 mb-1 font-semibold">Digest e-mail</h2>
      <p className="mb-3 max-w-3xl text-muted-foreground">
        A summary sent to {viewer.user.email} after each UTC day or week: errors against the period before, new and rising problems, the top resources and API clients, with links into the dashboard.
        {districts ? ` It holds your districts only (${viewer.user.leaCodes.join(", ")}).` : ""}
      </p>
      <ActionForm action={saveDigestAction} className="flex max-w-3xl flex-wrap items-end gap-3">
        <fieldset className="flex items-center gap-3">
          <legend className="mb-1">How often</legend>
          {(["off", "daily", "weekly"] as const).map((f) => (
            <label key={f} className="flex items-center gap-1"><input type="radio" name="frequency" value={f} defaultChecked={digest.frequency === f} /> {f}</label>
          ))}
        </fieldset>
        {districts ? <input type="hidden" name="team" value="" /> : (
          <label className="flex flex-col gap-1">Team
            <select name="team" defaultValue={digest.team ?? ""} className={input}>
              <option value="">every team</option>
              {TEAMS.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </label>
        )}
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Save</button>
      </ActionForm>
    </>
  );
}
