// Sends the digests that are due: each subscription's period is claimed first (UPDATE … WHERE
// last_period < this period: one process wins, so each period is sent once), then built inside
// the user's scope and mailed; a failed send releases the claim for the next round.
import type { Database } from "../db/database";
import type { Mailer } from "./channels";
import { digestFacts, digestPeriod, type Frequency } from "./digest";
import { renderDigestEmail } from "./digest-email";

export async function sendDueDigests(db: Database, mailer: Mailer | null, from: string, baseUrl: string, now: Date): Promise<number> {
  if (!mailer) return 0;
  let sent = 0;
  for (const frequency of ["daily", "weekly"] as Frequency[]) {
    const period = digestPeriod(frequency, now);
    const claimed = await db.transaction((tx) => tx.query<{ user_id: number; email: string; role: string; lea_codes: string[]; team: string | null; before: Date | null }>(
      `UPDATE digest_subscription s SET last_period = $2::timestamptz
         FROM app_user u, (SELECT user_id, last_period AS before FROM digest_subscription) b
        WHERE u.id = s.user_id AND b.user_id = s.user_id AND u.disabled_at IS NULL AND s.frequency = $1
          AND (s.last_period IS NULL OR s.last_period < $2::timestamptz)
       RETURNING s.user_id, u.email, u.role::text AS role, u.lea_codes, s.team::text AS team, b.before`,
      [frequency, period.start.toISOString()]));
    for (const c of claimed) {
      // A district admin's digest is their districts only; nobody else's is narrowed by district.
      const leas = c.role === "district_admin" ? c.lea_codes : [];
      if (c.role === "district_admin" && leas.length === 0) continue;
      try {
        const facts = await db.transaction((tx) => digestFacts(tx, frequency, { leas, team: c.team }, now, baseUrl));
        const mail = await renderDigestEmail(facts);
        await mailer.sendMail({ from, to: c.email, subject: mail.subject, text: mail.text, html: mail.html });
        sent++;
      } catch (error) {
        await db.transaction((tx) => tx.query("UPDATE digest_subscription SET last_period = $2 WHERE user_id = $1", [c.user_id, c.before]));
        console.error(JSON.stringify({ level: "warn", msg: "digest not sent; tried again on the next round", user: c.user_id, error: String((error as Error)?.message ?? error) }));
      }
    }
  }
  return sent;
}

export const DIGEST_FREQUENCIES = ["off", "daily", "weekly"] as const;

export async function setDigest(db: Database, userId: number, frequency: (typeof DIGEST_FREQUENCIES)[number], team: string | null): Promise<void> {
  await db.transaction((tx) => tx.query(
    `INSERT INTO digest_subscription (user_id, frequency, team) VALUES ($1, $2, $3::"Team")
     ON CONFLICT (user_id) DO UPDATE SET frequency = EXCLUDED.frequency, team = EXCLUDED.team`, [userId, frequency, team]));
}

export async function getDigest(db: Database, userId: number): Promise<{ frequency: string; team: string | null }> {
  const [row] = await db.transaction((tx) => tx.query<{ frequency: string; team: string | null }>("SELECT frequency, team::text AS team FROM digest_subscription WHERE user_id = $1", [userId]));
  return row ?? { frequency: "off", team: null };
}
