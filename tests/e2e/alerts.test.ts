// Alerts in a real browser on the production server (its own PGlite, its own worker): an admin adds
// a webhook channel and an e-mail channel limited to one district on /admin/alerts; the default
// rule "new → routed team" delivers a new problem to both (the e-mail to the .eml sink); the rule's
// page shows the delivery log and queues a test. Screenshots at 1280 and 800 px, the e-mail light
// and dark, under tests/e2e/screenshots/ (not committed).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium, signInThroughForm } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { startReceiver } from "../support/alert-sinks";
import { verifySignature } from "@/lib/alerts/signature";
import { renderDigestEmail } from "@/lib/alerts/digest-email";
import type { DigestFacts } from "@/lib/alerts/digest";

// Looked at, not committed (.gitignore).
const SHOTS = "tests/e2e/screenshots";

/** Resolves when the directory holds a file (fs.watch, no polling). */
function firstFile(dir: string): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
      if (files.length && !done) {
        done = true;
        watcher.close();
        resolve(join(dir, files[0]));
      }
    };
    let done = false;
    const watcher = watch(dir, check);
    check();
  });
}

describe("alerts in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const mailDir = mkdtempSync(join(tmpdir(), "triage-e2e-mail-"));

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startNextServerOnTempPglite(3_262, "triage-e2e-alerts", {
      TRIAGE_MAIL_DIR: mailDir,
      TRIAGE_ALERT_PRIVATE_WEBHOOKS: "1",
    });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  async function admin(width: number): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signInThroughForm(page, server.url, server.users.admin.email, server.users.admin.password);
    return page;
  }

  it("sets up channels, delivers a new problem to them, and shows the delivery log", { timeout: 180_000 }, async () => {
    const page = await admin(1280);
    await page.goto(`${server.url}/admin/alerts`);
    await expect(page.getByTestId("alert-rules").innerText()).resolves.toContain("New problem → routed team");

    const addChannel = async (name: string, kind: string, target: string, leas = "") => {
      const form = page.locator("form", { has: page.getByRole("button", { name: "Add channel" }) });
      await form.getByLabel("Name").fill(name);
      await form.getByLabel("Kind").selectOption(kind);
      await form.getByLabel("URL or addresses").fill(target);
      await form.getByLabel("Team").selectOption("");
      await form.getByLabel("Districts only").fill(leas);
      await form.getByRole("button", { name: "Add channel" }).click();
      await page.getByRole("status").filter({ hasText: "created" }).waitFor();
      // The status of an earlier channel may still be showing: the new channel's row says it was stored.
      await page.getByTestId("alert-channels").locator("tr", { hasText: name }).waitFor();
    };
    await addChannel("Data team hook", "webhook", `${receiver.url}/data`);
    // The signing secret is shown once, beside the form that created the channel, with a copy button…
    const secret = (await page.getByTestId("secret").locator("code").innerText()).trim();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByTestId("secret").getByRole("button", { name: "Copy secret" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/admin-alerts-secret-1280.png`, fullPage: true });
    await addChannel("District 255901 admin", "email", "district-admin@example.org", "255901");
    // …and masked afterwards: the page holds its last 4 characters only.
    await page.reload();
    expect(
      (
        await page
          .getByTestId("alert-channels")
          .locator("tr", { hasText: "Data team hook" })
          .getByTestId("secret-hint")
          .innerText()
      ).trim(),
    ).toBe(`••••${secret.slice(-4)}`);
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain(secret.slice(0, 12));

    // A rule of its own: new problems on sections → both channels (not the teams' channels).
    const ruleForm = page.locator("form", { has: page.getByRole("button", { name: "Add rule" }) });
    await ruleForm.getByLabel("Name").fill("New on sections");
    await ruleForm.getByLabel("Resource").fill("sections");
    await ruleForm.getByLabel("the routed team's channels").uncheck();
    await ruleForm.getByLabel("Data team hook").check();
    await ruleForm.getByLabel("District 255901 admin").check();
    await ruleForm.getByRole("button", { name: "Add rule" }).click();
    await page.getByRole("status").filter({ hasText: "created" }).waitFor();

    // A new problem (routed to data) in two districts.
    const conflict = (lea: string, i: number) => ({
      status: 409,
      lea,
      client: "SIS",
      occurredAt: new Date(Date.now() - i * 1000).toISOString(),
      url: "https://h/data/v3/ed-fi/sections",
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      },
    });
    const events = [...[0, 1, 2].map((i) => conflict("255901", i)), ...[3, 4, 5, 6].map((i) => conflict("477102", i))];
    const posted = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(posted.status).toBe(202);

    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const mailFile = await firstFile(mailDir);
    const hook = receiver.received[0];
    expect(
      verifySignature(secret, String(hook.headers["x-triage-signature"]), hook.body, Math.floor(Date.now() / 1000)),
    ).toBe(true);
    const doc = JSON.parse(hook.body) as { type: string; counts: { events: number }; districts: string[] };
    expect([doc.type, doc.counts.events, doc.districts]).toEqual(["triage.alert.new", 7, ["255901", "477102"]]);

    // The district-limited e-mail: nothing of 477102, its count inside 255901.
    const raw = readFileSync(mailFile, "utf8").replace(/=\r?\n/g, "");
    for (const line of raw.split("\n")) expect(line).not.toContain("477102");
    expect(raw).toContain("3 events in 255901");

    await page.reload();
    await page.screenshot({ path: `${SHOTS}/admin-alerts-1280.png`, fullPage: true });
    await page.getByRole("link", { name: "New on sections" }).click();
    await page.getByTestId("delivery-log").waitFor();
    const log = await page.getByTestId("delivery-log").innerText();
    expect(log).toContain("Data team hook");
    expect(log).toContain("District 255901 admin");
    expect(log).toMatch(/delivered\s+200/);
    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByRole("status").filter({ hasText: "Test alert queued" }).waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    expect((JSON.parse(receiver.received[1].body) as { type: string }).type).toBe("triage.alert.test");
    await page.reload();
    await page.screenshot({ path: `${SHOTS}/admin-alert-rule-1280.png`, fullPage: true });

    const narrow = await admin(800);
    await narrow.goto(`${server.url}/admin/alerts`);
    await narrow.screenshot({ path: `${SHOTS}/admin-alerts-800.png`, fullPage: true });
    await narrow.goto(page.url());
    await narrow.getByTestId("delivery-log").waitFor();
    await narrow.screenshot({ path: `${SHOTS}/admin-alert-rule-800.png`, fullPage: true });

    // The e-mail's HTML part as a mail client would show it, light and dark, at both widths.
    const html = decodeHtmlPart(readFileSync(mailFile, "utf8"));
    expect(html).toContain("Open in Triage");
    for (const scheme of ["light", "dark"] as const) {
      for (const width of [1280, 800]) {
        const view = await (
          await browser.newContext({ viewport: { width, height: 600 }, colorScheme: scheme, javaScriptEnabled: false })
        ).newPage();
        await view.setContent(html);
        await view.screenshot({ path: `${SHOTS}/alert-email-${scheme}-${width}.png`, fullPage: true });
        await view.context().close();
      }
    }
  });

  it(
    "lets a district admin choose a digest on the settings page; the digest renders light and dark",
    { timeout: 120_000 },
    async () => {
      for (const width of [1280, 800]) {
        const page = await (await browser.newContext({ viewport: { width, height: 700 } })).newPage();
        await signInThroughForm(
          page,
          server.url,
          server.users.district_admin.email,
          server.users.district_admin.password,
        );
        await page.getByRole("link", { name: "Settings" }).click();
        await page.getByRole("heading", { name: "Digest e-mail" }).waitFor();
        expect(await page.locator("main").innerText()).toContain("It holds your districts only");
        await page.getByLabel("weekly").check();
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByRole("status").filter({ hasText: "weekly digest" }).waitFor();
        await page.reload();
        expect(await page.getByLabel("weekly").isChecked()).toBe(true);
        await page.screenshot({ path: `${SHOTS}/settings-${width}.png`, fullPage: true });
        await page.context().close();
      }
      // A digest as sent (rendered by the same component), in a mail-client-sized window.
      const facts: DigestFacts = {
        frequency: "weekly",
        from: "2026-11-27",
        to: "2026-12-03",
        events: 412,
        previous: 298,
        districts: ["255901"],
        newProblems: [
          {
            id: "41",
            articleId: "unresolved-reference",
            resource: "sections",
            events: 120,
            link: "https://triage.example.org/problems/41?lea=255901",
          },
        ],
        risingProblems: [
          {
            id: "7",
            articleId: "descriptor-not-found",
            resource: "students",
            events: 210,
            previous: 95,
            link: "https://triage.example.org/problems/7?lea=255901",
          },
        ],
        resources: [
          { name: "students", events: 230 },
          { name: "sections", events: 140 },
        ],
        clients: [{ name: "Roster Sync", events: 380 }],
        link: "https://triage.example.org/trends?range=7d&lea=255901",
      };
      const { html } = await renderDigestEmail(facts);
      for (const scheme of ["light", "dark"] as const) {
        for (const width of [1280, 800]) {
          const view = await (
            await browser.newContext({
              viewport: { width, height: 600 },
              colorScheme: scheme,
              javaScriptEnabled: false,
            })
          ).newPage();
          await view.setContent(html);
          expect(await view.locator("body").innerText()).toContain(
            "412 errors (+38% against the period before: 298) in 255901",
          );
          await view.screenshot({ path: `${SHOTS}/digest-email-${scheme}-${width}.png`, fullPage: true });
          await view.context().close();
        }
      }
    },
  );

  it("refuses /admin/alerts to a triager", async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, server.url, server.users.triager.email, server.users.triager.password);
    const response = await page.goto(`${server.url}/admin/alerts`);
    expect(response?.status()).toBe(403);
  });
});

/** The text/html part of a nodemailer message (quoted-printable or base64), decoded. */
function decodeHtmlPart(message: string): string {
  const raw = message.replace(/\r\n/g, "\n");
  const start = raw.indexOf("Content-Type: text/html");
  const headerEnd = raw.indexOf("\n\n", start);
  const base64 = raw.slice(start, headerEnd).includes("base64");
  const body = raw.slice(headerEnd + 2);
  const part = body.slice(0, body.indexOf("\n--"));
  if (base64) return Buffer.from(part, "base64").toString("utf8");
  const text = part.replace(/=\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "=" && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]));
  }
  return Buffer.from(bytes).toString("utf8");
}
