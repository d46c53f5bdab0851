// The demo's alert channels: one e-mail address per team, so that the default rules (new and
// regressed → the routed team) have somewhere to go. Without TRIAGE_SMTP_URL the messages land
// as .eml files in TRIAGE_MAIL_DIR (.data/outbox/). Added once, after the demo data is loaded
// (its thousands of first events would otherwise each announce a new problem). On its first start
// the demo queues a test alert, which the server's worker delivers to that sink (end to end).
import { mkdirSync, readdirSync, watch } from "node:fs";
import { join } from "node:path";
import type { Database } from "../db/database";
import { sendTest } from "./admin";

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

/** When nothing was ever queued: a test alert of the default "new → routed team" rule (one per team channel). Returns how many. */
export async function queueFirstDemoAlert(db: Database): Promise<number> {
  const [rule] = await db.transaction((tx) =>
    tx.query<{ id: number; queued: boolean }>(
      "SELECT r.id, EXISTS (SELECT 1 FROM alert_outbox) AS queued FROM alert_rule r WHERE r.kind = 'new' AND r.to_team AND r.enabled ORDER BY r.id LIMIT 1",
    ),
  );
  if (!rule || rule.queued) return 0;
  return sendTest(db, rule.id);
}

/** Resolves with the path of the first .eml file to appear in dir after the call (fs.watch), or null after timeoutMs. */
export function nextMailFile(dir: string, timeoutMs: number): Promise<string | null> {
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  return new Promise((resolve) => {
    const finish = (file: string | null) => {
      watcher.close();
      clearTimeout(timer);
      resolve(file);
    };
    const watcher = watch(dir, () => {
      const file = readdirSync(dir).find((f) => f.endsWith(".eml") && !before.has(f));
      if (file) finish(join(dir, file));
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
    timer.unref();
  });
}
