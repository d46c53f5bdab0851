// Real receivers for alert tests: an HTTP server (node:http) that records each request and can
// answer with failures first, and an in-process SMTP server (smtp-server) that keeps each message.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import nodemailer, { type Transporter } from "nodemailer";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** statusFor answers the n-th request; beforeAnswer (if given) is awaited before each answer (to hold requests). */
export async function startReceiver(
  statusFor: (n: number) => number = () => 200,
  beforeAnswer?: () => Promise<void>,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", async () => {
      await beforeAnswer?.();
      const status = statusFor(++n);
      if (status < 300) received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "failing on purpose");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Quoted-printable soft line breaks joined and =XX decoded, so that a message's lines can be read. */
export function decodeMessage(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export async function startSmtp(): Promise<{ transport: Transporter; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => (raw += c));
      stream.on("end", () => {
        messages.push(decodeMessage(raw));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  return { transport, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
