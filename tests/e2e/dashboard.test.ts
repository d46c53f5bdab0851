// The dashboard in a real browser (Debian's chromium via playwright-core) against the real
// production server (`next start`) on its own PGlite database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, signedInPage } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";

describe("dashboard in a browser", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_201, "triage-e2e");
    const events = [
      ...Array.from({ length: 7 }, (_, i) => ({
        status: 400, lea: "255901", correlationId: `e2e-desc-${i}`, url: "https://h/v7.3/api/data/v3/ed-fi/studentAcademicRecords",
        body: { type: "urn:ed-fi:api:bad-request:data-validation-failed", detail: "Data validation failed.", validationErrors: { "$.termDescriptor": [`TermDescriptor value 'uri://ed-fi.org/TermDescriptor#T${i}' does not exist.`] } },
      })),
      {
        status: 403, lea: "4801234", correlationId: "e2e-hostile", url: "https://h/data/v3/ed-fi/students/abc",
        body: { type: "urn:ed-fi:api:security:authorization", detail: "<img src=x onerror=\"window.__pwned=1\">", errors: ["<script>window.__pwned=2</script>"] },
      },
    ];
    const r = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" }, body: JSON.stringify(events) });
    expect(r.status).toBe(202);
    browser = await launchChromium();
  }, 600_000); // a clean clone builds first (one file builds, the others wait for it)

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists problem groups with counts, article, route and the latest correlationId, and opens one", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    const rows = page.locator('[data-testid="problems"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const descriptorRow = rows.filter({ hasText: "Descriptor value does not exist" });
    await expect.poll(() => descriptorRow.count()).toBe(1);
    const cells = await descriptorRow.locator("td").allInnerTexts();
    expect(cells[0]).toContain("studentAcademicRecords");
    expect(cells[0]).toContain("descriptor=TermDescriptor");
    expect(cells[1]).toContain("dev");
    expect(cells[1]).toContain("data");
    expect(cells[2]).toContain("open");
    expect(cells[3].trim()).toBe("7");
    expect(cells[6]).toMatch(/^e2e-desc-\d$/);

    await descriptorRow.locator("a").first().click();
    await page.waitForURL(/\/problems\/\d+$/);
    await expect.poll(() => page.locator('[data-testid="events"] tbody tr').count()).toBe(7);
    expect(await page.locator("body").innerText()).toContain("descriptor-not-found");
    const kb = await page.locator('a:has-text("knowledge base")').getAttribute("href");
    expect(kb).toBe("https://docs.ed-fi.org/reference/ods-api/client-developers-guide/error-response-knowledge-base#descriptor-does-not-exist");
    await page.locator('a:has-text("descriptor-not-found")').click();
    await page.waitForURL(/\/kb\/descriptor-not-found$/);
    const article = await page.locator('[data-testid="article"]').innerText();
    expect(article).toContain("Descriptor value does not exist");
    expect(article).toContain("How to resolve");
    expect(article).toContain("TermDescriptor value");
    await page.close();
  });

  it("renders attacker-controlled text as text", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    const row = page.locator('[data-testid="problems"] tbody tr', { hasText: "Not authorized for a school" });
    await row.locator("a").first().click();
    await page.waitForURL(/\/problems\/\d+$/);
    const text = await page.locator('[data-testid="events"]').innerText();
    expect(text).toContain("<script>window.__pwned=2</script>");
    expect(text).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.locator('[data-testid="events"] img, [data-testid="events"] script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });

  it("answers unknown API paths and methods with problem details (not Next's HTML)", async () => {
    for (const [method, path, status] of [["GET", "/api/v2/nothing", 404], ["POST", "/api/v1/eventz", 404], ["PUT", "/api/v1/events", 405]] as const) {
      const r = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${server.key}` } });
      expect(r.status).toBe(status);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(await r.json()).toMatchObject({ status, type: expect.stringMatching(/^urn:triage:/), correlationId: expect.any(String) });
    }
  });

  it("shows the not-found page for an unknown problem or article", async () => {
    const page = await signedInPage(browser, server.url, server.users.support);
    for (const path of ["/problems/999999", "/kb/no-such-article"]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").innerText()).toBe("Not found");
    }
    await page.close();
  });
});
