// Delivery to a channel: a webhook (POST, signed; JSON or Slack's text form) or an e-mail
// (nodemailer over TRIAGE_SMTP_URL). Returns what the rule's delivery log shows.
import type { SendMailOptions } from "nodemailer";
import { renderAlertEmail } from "./email";
import { slackDocument, webhookDocument, type AlertFacts } from "./message";
import { SIGNATURE_HEADER, signBody } from "./signature";
import type { ChannelRow } from "./content";

export interface DeliveryResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
}

/** nodemailer's Transporter, or the .eml sink (mailer.ts). */
export interface Mailer {
  sendMail(message: SendMailOptions): Promise<{ response?: string }>;
}

export interface Transports {
  fetch: typeof fetch;
  /** null: no SMTP configured (TRIAGE_SMTP_URL). */
  mailer: Mailer | null;
  from: string;
  now: () => Date;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

export async function deliver(channel: ChannelRow, facts: AlertFacts, t: Transports): Promise<DeliveryResult> {
  try {
    if (channel.kind === "webhook") {
      const body = JSON.stringify(channel.slack_text ? slackDocument(facts) : webhookDocument(facts));
      const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Triage-Alerts/1" };
      if (channel.secret)
        headers[SIGNATURE_HEADER] = signBody(channel.secret, Math.floor(t.now().getTime() / 1000), body);
      const response = await t.fetch(channel.target, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        redirect: "error",
      });
      await response.body?.cancel();
      return response.ok
        ? { ok: true, responseCode: response.status, error: null }
        : { ok: false, responseCode: response.status, error: `HTTP ${response.status}` };
    }
    if (!t.mailer) return { ok: false, responseCode: null, error: "no SMTP server configured (TRIAGE_SMTP_URL)" };
    const mail = await renderAlertEmail(facts);
    const info = await t.mailer.sendMail({
      from: t.from,
      to: channel.target,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    const code = Number(String(info.response ?? "").slice(0, 3));
    return { ok: true, responseCode: Number.isInteger(code) && code > 0 ? code : null, error: null };
  } catch (error) {
    const e = error as Error & { responseCode?: number };
    return { ok: false, responseCode: e.responseCode ?? null, error: String(e.message ?? error).slice(0, 500) };
  }
}
