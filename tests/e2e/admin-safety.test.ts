// Admin actions have a safety net, in Chromium against `next start`: revoking a key, disabling a
// user, resetting a password, deleting a rule or a saved view asks first (Cancel changes nothing);
// a new key or password is shown once in a box with a copy button; a routing rule for an API
// client no event came from is refused, with the names it may have meant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium, signedInPage } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";

describe("admin safety net in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_281, "triage-admin-safety");
    const answer = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify([
        {
          status: 409,
          lea: "255901",
          client: "Roster Sync",
          url: "https://h/data/v3/ed-fi/sections",
          body: {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            detail: "The referenced 'Session' item does not exist.",
          },
        },
      ]),
    });
    expect(answer.status).toBe(202);
    browser = await launchChromium();
    admin = await signedInPage(browser, server.url, server.users.admin);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows a new key once with a copy button, and revokes it only after a confirmation", async () => {
    await admin.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await admin.goto(`${server.url}/admin/keys`);
    await admin.getByLabel("Name").fill("Safety net key");
    await admin.getByRole("button", { name: "Create key" }).click();
    const secret = admin.getByTestId("secret");
    const key = await secret.locator("code").innerText();
    expect(key).toMatch(/^trk_[\w-]{20,}$/);
    await secret.getByRole("button", { name: "Copy the key" }).click();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(key);

    await admin.reload();
    const row = admin.getByRole("row").filter({ hasText: "Safety net key" });
    await row.getByRole("button", { name: "Revoke" }).click();
    const dialog = admin.getByRole("dialog");
    expect(await dialog.getByRole("heading").innerText()).toBe("Revoke the key “Safety net key”?");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await dialog.count()).toBe(0);
    const stillWorks = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: "[]",
    });
    expect(stillWorks.status).not.toBe(401);
    await row.getByRole("button", { name: "Revoke" }).click();
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect.poll(() => row.innerText()).toContain("Revoked");
    // Every process re-reads a key within 5 s (README): refused from then on.
    const post = () =>
      fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: "[]",
      });
    await expect.poll(async () => (await post()).status, { timeout: 15_000 }).toBe(401);
  });

  it("gives a key its own ingest rate when created, changes it in its row, and refuses a rate that is not one", async () => {
    await admin.goto(`${server.url}/admin/keys`);
    await admin.getByLabel("Name").fill("Trickle key");
    await admin.getByLabel("Events per second").last().fill("1");
    await admin.getByRole("button", { name: "Create key" }).click();
    const key = await admin.getByTestId("secret").locator("code").innerText();
    const post = async (events: number) => {
      const r = await fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(Array.from({ length: events }, () => ({ status: 400, body: { message: "x" } }))),
      });
      return { status: r.status, body: await r.text() };
    };
    // One event per second: the burst is one full request, then 429 naming the key's own rate.
    expect((await post(10_000)).status).toBe(202);
    const refused = await post(100); // 100 s away at 1 event/s
    expect(refused.status).toBe(429);
    expect(refused.body).toContain("over its ingest rate of 1 events/s");

    await admin.reload();
    const row = admin.getByRole("row").filter({ hasText: "Trickle key" });
    const rate = row.getByLabel("Events per second");
    expect(await rate.inputValue()).toBe("1");
    await row.getByText("bursts to 10,000").waitFor(); // one full request, more than 10 s of 1/s
    await rate.fill("fast");
    await row.getByRole("button", { name: "Set rate" }).click();
    await row.getByText("a key's rate is a whole number of events per second, 1 to 1000000").waitFor();
    expect((await post(100)).status).toBe(429); // unchanged
    await rate.fill("100000");
    await row.getByRole("button", { name: "Set rate" }).click();
    await row.getByText("Rate set to 100,000 events/s in bursts of up to 1,000,000.").waitFor();
    expect((await post(100)).status).toBe(202);
  });

  it("asks before disabling a user or resetting a password, and shows the new password once", async () => {
    await admin.goto(`${server.url}/admin/users`);
    const row = admin.getByRole("row").filter({ hasText: server.users.support.email });
    await row.getByRole("button", { name: "Reset password" }).click();
    const dialog = admin.getByRole("dialog");
    expect(await dialog.getByRole("heading").innerText()).toMatch(/^Reset .+'s password\?$/);
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect
      .poll(() =>
        row
          .getByTestId("secret")
          .locator("code")
          .innerText()
          .catch(() => ""),
      )
      .toMatch(/\S{12,}/);
    await row.getByRole("button", { name: "Disable" }).click();
    expect(await dialog.getByRole("heading").innerText()).toMatch(/^Disable .+\?$/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await row.innerText()).toContain("Active");
  });

  it("refuses a rule for a client no event came from, names the one it may mean, and says a problem moves whole", async () => {
    await admin.goto(`${server.url}/admin/rules`);
    await admin.locator('input[name="client"]').fill("roster");
    await admin.locator('select[name="team"]').selectOption("ops");
    await admin.getByRole("button", { name: "Add rule" }).click();
    await expect
      .poll(() =>
        admin
          .locator('form p[role="alert"]')
          .innerText()
          .catch(() => ""),
      )
      .toContain("No event has come from the API client “roster”");
    expect(await admin.locator('form p[role="alert"]').innerText()).toContain("Did you mean “Roster Sync”?");
    await admin.locator('input[name="client"]').fill("Roster Sync");
    await admin.getByRole("button", { name: "Add rule" }).click();
    await expect
      .poll(() =>
        admin
          .locator('form p[role="status"]')
          .innerText()
          .catch(() => ""),
      )
      .toContain("A problem is routed as a whole");
    const rule = admin.getByRole("row").filter({ hasText: "Roster Sync" });
    await rule.getByRole("button", { name: "Delete" }).click();
    expect(await admin.getByRole("dialog").getByRole("heading").innerText()).toMatch(/^Delete rule #\d+\?$/);
    await admin.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
    await expect.poll(() => admin.getByRole("row").filter({ hasText: "Roster Sync" }).count()).toBe(0);
  });
});
