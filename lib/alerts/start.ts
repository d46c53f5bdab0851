// Starts the alert worker in the server process (instrumentation.ts), on the process-wide database.
// Every process may run one: leases make each alert go out once (worker.ts).
import { getDatabase } from "../runtime/database";
import { env } from "../env";
import { mailerFromEnv } from "./mailer";
import { createAlertWorker } from "./worker";

export async function startAlertWorkerInServer(): Promise<void> {
  const e = env();
  if (!e.TRIAGE_ALERTS) return;
  const db = await getDatabase();
  const baseUrl = e.NEXTAUTH_URL ?? `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`;
  createAlertWorker(db, {
    baseUrl,
    mailer: mailerFromEnv(e.TRIAGE_SMTP_URL, e.TRIAGE_MAIL_DIR),
    from: e.TRIAGE_ALERT_FROM,
  }).start();
}
