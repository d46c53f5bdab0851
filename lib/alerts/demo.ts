// The demo's alert channels: one e-mail address per team, so that the default rules (new and
// regressed → the routed team) have somewhere to go. Without TRIAGE_SMTP_URL the messages land
// as .eml files in TRIAGE_MAIL_DIR (.data/outbox/). Added once, after the demo data is loaded
// (its thousands of first events would otherwise each announce a new problem).
import type { Database } from "../db/database";

export async function ensureDemoChannels(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM alert_channel");
    if (n > 0) return;
    await tx.query(
      `INSERT INTO alert_channel (name, kind, target, team)
       SELECT t || ' team (e-mail)', 'email', t || '-team@triage.local', t::"Team" FROM unnest(ARRAY['dev', 'data', 'ops']) AS t`,
    );
  });
}
