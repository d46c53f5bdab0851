// Sends the digests that are due. Each user's digest is claimed for CLAIM_MS (one process wins the
// UPDATE … WHERE claimed_until has run out), built inside the user's scope, mailed, and only then
// its period marked sent: a failed send releases the claim for the next round, and a process that
// dies mid-send leaves the claim to run out, so another process sends that period (at least once,
// never lost).
import type { Database } from "../db/database";
import type { Mailer } from "./channels";
import { digestFacts, digestPeriod, type Frequency } from "./digest";
import { renderDigestEmail } from "./digest-email";

export const CLAIM_MS = 5 * 60_000;

interface DueDigest {
  user_id: number;
  email: string;
  role: string;
  lea_codes: string[];
  team: string | null;
}

export async function sendDueDigests(
  db: Database,
  mailer: Mailer | null,
  from: string,
  baseUrl: string,
  now: Date,
): Promise<number> {
  if (!mailer) return 0;
  let sent = 0;
  for (const frequency of ["daily", "weekly"] as Frequency[]) {
    const period = digestPeriod(frequency, now).start.toISOString();
    const due = await db.transaction((tx) =>
      tx.query<DueDigest>(
        `SELECT s.user_id, u.email, u.role::text AS role, u.lea_codes, s.team::text AS team
         FROM digest_subscription s JOIN app_user u ON u.id = s.user_id
        WHERE u.disabled_at IS NULL AND s.frequency = $1 AND (s.last_period IS NULL OR s.last_period < $2::timestamptz)
          AND (s.claimed_until IS NULL OR s.claimed_until <= $3::timestamptz)
        ORDER BY s.user_id`,
        [frequency, period, now.toISOString()],
      ),
    );
    for (const c of due) {
      const claimed = await db.transaction((tx) =>
        tx.query<{ user_id: number }>(
          `UPDATE digest_subscription SET claimed_until = $4::timestamptz
          WHERE user_id = $1 AND frequency = $2 AND (last_period IS NULL OR last_period < $3::timestamptz)
            AND (claimed_until IS NULL OR claimed_until <= $5::timestamptz)
        RETURNING user_id`,
          [c.user_id, frequency, period, new Date(now.getTime() + CLAIM_MS).toISOString(), now.toISOString()],
        ),
      );
      if (!claimed.length) continue; // another process has it
      const done = (sentThisPeriod: boolean) =>
        db.transaction((tx) =>
          tx.query(
            "UPDATE digest_subscription SET claimed_until = NULL, last_period = CASE WHEN $2 THEN $3::timestamptz ELSE last_period END WHERE user_id = $1",
            [c.user_id, sentThisPeriod, period],
          ),
        );
      // A district admin's digest is their districts only; nobody else's is narrowed by district.
      const leas = c.role === "district_admin" ? c.lea_codes : [];
      if (c.role === "district_admin" && leas.length === 0) {
        await done(true); // nothing they may see: nothing to send this period
        continue;
      }
      try {
        const facts = await db.transaction((tx) => digestFacts(tx, frequency, { leas, team: c.team }, now, baseUrl));
        const mail = await renderDigestEmail(facts);
        await mailer.sendMail({ from, to: c.email, subject: mail.subject, text: mail.text, html: mail.html });
        await done(true);
        sent++;
      } catch (error) {
        await done(false);
        console.error(
          JSON.stringify({
            level: "warn",
            msg: "digest not sent; tried again on the next round",
            user: c.user_id,
            error: String((error as Error)?.message ?? error),
          }),
        );
      }
    }
  }
  return sent;
}

export const DIGEST_FREQUENCIES = ["off", "daily", "weekly"] as const;

export async function setDigest(
  db: Database,
  userId: number,
  frequency: (typeof DIGEST_FREQUENCIES)[number],
  team: string | null,
): Promise<void> {
  await db.transaction((tx) =>
    tx.query(
      `INSERT INTO digest_subscription (user_id, frequency, team) VALUES ($1, $2, $3::"Team")
     ON CONFLICT (user_id) DO UPDATE SET frequency = EXCLUDED.frequency, team = EXCLUDED.team`,
      [userId, frequency, team],
    ),
  );
}

export async function getDigest(db: Database, userId: number): Promise<{ frequency: string; team: string | null }> {
  const [row] = await db.transaction((tx) =>
    tx.query<{ frequency: string; team: string | null }>(
      "SELECT frequency, team::text AS team FROM digest_subscription WHERE user_id = $1",
      [userId],
    ),
  );
  return row ?? { frequency: "off", team: null };
}
