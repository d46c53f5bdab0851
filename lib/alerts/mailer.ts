// The e-mail transport: SMTP through nodemailer when TRIAGE_SMTP_URL is set, else the local sink —
// each message written as an .eml file under TRIAGE_MAIL_DIR (the demo sets it; README "Alerts") —
// else none: a server configured for neither sends no e-mail and its delivery log says why,
// instead of keeping district admins' digests on disk as if they had been sent.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Mailer } from "./channels";

/**
 * Every SMTP wait bounded well inside the outbox lease (worker.ts LEASE_MS, renewed before each
 * send): a stuck server fails the attempt instead of outliving the lease and sending twice.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** smtp://user:pass@host:587 or smtps://… as nodemailer's options (its own URL form takes no other option beside it). */
export function smtpOptionsOf(smtpUrl: string): {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
} {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
  };
}

export function mailerFromEnv(smtpUrl: string | undefined, mailDir: string | undefined): Mailer | null {
  if (smtpUrl) return nodemailer.createTransport({ ...smtpOptionsOf(smtpUrl), ...SMTP_TIMEOUTS });
  if (!mailDir) return null;
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async sendMail(message) {
      const info = await stream.sendMail(message);
      mkdirSync(mailDir, { recursive: true });
      const file = join(
        mailDir,
        `${new Date().toISOString().replace(/[:.]/g, "-")}-${info.messageId.replace(/[^A-Za-z0-9]/g, "").slice(0, 24)}.eml`,
      );
      // Written whole, then renamed: a reader watching the directory never sees half a message.
      writeFileSync(`${file}.part`, info.message as Buffer);
      renameSync(`${file}.part`, file);
      return { response: `250 written to ${file}` };
    },
  };
}
