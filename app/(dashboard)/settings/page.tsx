// The user's settings: which digest e-mail they receive (off, daily, weekly) and, for triagers, of
// which team. A district admin's digest always holds their districts only.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { DIGEST_FREQUENCIES, getDigest } from "@/lib/alerts/digests";
import { TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { AdminForm, SelectField } from "@/components/admin/fields";
import { saveDigestAction } from "@/lib/actions/settings";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

const TEAM_OPTIONS = [{ value: "", label: "every team" }, ...TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] }))];

export default async function SettingsPage() {
  const { viewer, db } = await getPageContext("read", "/settings");
  const digest = await getDigest(db, viewer.user.userId);
  const districts = viewer.role === "district_admin";
  return (
    <>
      <h1 className="text-lg font-semibold">Settings</h1>
      <h2 className="mt-6 mb-1 font-semibold">Digest e-mail</h2>
      <p className="mb-3 max-w-3xl text-muted-foreground">
        A summary sent to {viewer.user.email} after each UTC day or week: errors against the period before, new and
        rising problems, the top resources and API clients, with links into the dashboard.
        {districts ? ` It holds your districts only (${viewer.user.leaCodes.join(", ")}).` : ""}
      </p>
      <AdminForm action={saveDigestAction} submit="Save" className="max-w-3xl">
        <fieldset>
          <legend className="mb-1">How often</legend>
          <RadioGroup name="frequency" defaultValue={digest.frequency} className="flex h-8 items-center gap-3">
            {DIGEST_FREQUENCIES.map((f) => (
              <label key={f} className="flex items-center gap-1.5">
                <RadioGroupItem value={f} />
                {f}
              </label>
            ))}
          </RadioGroup>
        </fieldset>
        {districts ? (
          <input type="hidden" name="team" value="" />
        ) : (
          <SelectField label="Team" name="team" defaultValue={digest.team ?? ""} options={TEAM_OPTIONS} />
        )}
      </AdminForm>
    </>
  );
}
