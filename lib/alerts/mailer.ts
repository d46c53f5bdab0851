// The e-mail transport: SMTP through nodemailer when TRIAGE_SMTP_URL is set, else the local sink —
// each message written as an .eml file under TRIAGE_MAIL_DIR (the demo's; README "Alerts").
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Mailer } from "./channels";

export function mailerFromEnv(smtpUrl: string | undefined, mailDir: string): Mailer {
  if (smtpUrl) return nodemailer.createTransport(smtpUrl);
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async sendMail(message) {
      const info = await stream.sendMail(message);
      mkdirSync(mailDir, { recursive: true });
      const file = join(mailDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${info.messageId.replace(/[^A-Za-z0-9]/g, "").slice(0, 24)}.eml`);
      // Written whole, then renamed: a reader watching the directory never sees half a message.
      writeFileSync(`${file}.part`, info.message as Buffer);
      renameSync(`${file}.part`, file);
      return { response: `250 written to ${file}` };
    },
  };
}
