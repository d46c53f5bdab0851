// Webhooks reach public addresses only (SSRF): the address check, the transport refusing a literal
// private address and a name that resolves to one (before any byte is sent), and the channel form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type AddressInfo } from "node:net";
import { startReceiver } from "../support/alert-sinks";
import { isPrivateAddress } from "@/lib/alerts/webhook-address";
import { webhookFetch } from "@/lib/alerts/webhook-post";
import { channelSchema } from "@/lib/alerts/admin";
import { resetEnv } from "@/lib/env";

describe("webhook addresses", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["255.255.255.255", true],
    ["::1", true],
    ["::", true],
    ["fe80::1", true],
    ["fd00::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:10.0.0.1", true],
    ["2002:a9fe:a9fe::1", true],
    ["fec0::1", true],
    ["not an address", true],
    ["8.8.8.8", false],
    ["172.32.0.1", false],
    ["93.184.215.14", false],
    ["2606:4700:4700::1111", false],
    ["::ffff:8.8.8.8", false],
  ])("%s is private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  describe("the transport", () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver();
    });
    afterAll(() => receiver.close());
    const post = (fetchFn: typeof fetch, url: string) =>
      fetchFn(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        signal: AbortSignal.timeout(5_000),
      });

    it("refuses a private address literal and a name that resolves to one; sends nothing", async () => {
      const publicOnly = webhookFetch({ allowPrivate: false });
      const port = new URL(receiver.url).port;
      await expect(post(publicOnly, `${receiver.url}/literal`)).rejects.toThrow(/^refused: 127\.0\.0\.1 is a private/);
      await expect(post(publicOnly, `http://localhost:${port}/by-name`)).rejects.toThrow(
        /refused: (127\.0\.0\.1|::1) is a private/,
      );
      await expect(post(publicOnly, `http://[::1]:${port}/v6`)).rejects.toThrow(/^refused: ::1 is a private/);
      expect(receiver.received).toHaveLength(0);
    });

    it("answers a response status outside 200–599 with a failure instead of hanging", async () => {
      const raw = createServer((socket) => {
        socket.on("data", () => socket.end("HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n"));
      });
      await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = raw.address() as AddressInfo;
        await expect(post(webhookFetch({ allowPrivate: true }), `http://127.0.0.1:${port}/odd`)).rejects.toThrow(
          "HTTP 600: not a valid response status",
        );
      } finally {
        await new Promise((resolve) => raw.close(resolve));
      }
    });

    it("sends when private addresses are allowed, and answers with the status", async () => {
      const response = await post(webhookFetch({ allowPrivate: true }), `${receiver.url}/allowed`);
      expect(response.status).toBe(200);
      expect(receiver.received.map((r) => r.path)).toEqual(["/allowed"]);
    });
  });

  it("the channel form refuses a private address literal unless allowed", () => {
    const channel = (target: string) =>
      channelSchema.safeParse({ name: "hook", kind: "webhook", target, slackText: false, team: "", leas: "" });
    const previous = process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS;
    try {
      delete process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS;
      resetEnv();
      for (const target of [
        "http://169.254.169.254/latest/meta-data",
        "http://127.0.0.1:8080/hook",
        "http://[::1]/hook",
        "https://10.0.0.5/x",
      ]) {
        const result = channel(target);
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((i) => i.message).join()).toMatch(/private or loopback address/);
      }
      expect(channel("https://hooks.example.org/services/T000").success).toBe(true);
      process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS = "1";
      resetEnv();
      expect(channel("http://127.0.0.1:8080/hook").success).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS;
      else process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS = previous;
      resetEnv();
    }
  });
});
