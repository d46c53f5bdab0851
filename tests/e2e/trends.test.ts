// The trends page in a real browser (chromium, production server, its own PGlite): a district
// admin in Chicago sees only their districts' numbers — on the page and in its CSV downloads —
// and a click on a series or a bar lands on the matching filtered problems list.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium, signInThroughForm } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";

const ZONE = "America/Chicago";

describe("trends in a browser", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_202, "triage-e2e-trends");
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const validation = (i: number) => ({
      status: 400,
      lea: "255901",
      client: "Roster Sync",
      occurredAt: at(30 + i * 7),
      url: "https://h/data/v3/ed-fi/students",
      body: {
        type: "urn:ed-fi:api:bad-request:data-validation-failed",
        detail: "Data validation failed.",
        validationErrors: { "$.birthDate": ["birthDate is required."] },
      },
    });
    const events = [
      ...Array.from({ length: 7 }, (_, i) => validation(i)),
      ...Array.from({ length: 3 }, (_, i) => ({
        status: 409,
        lea: "4801234",
        client: "Gradebook",
        occurredAt: at(40 + i * 11),
        url: "https://h/data/v3/ed-fi/grades",
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'GradingPeriod' item does not exist.",
        },
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        status: 500,
        lea: "4801234",
        client: "Gradebook",
        occurredAt: at(50 + i),
        url: "https://h/data/v3/ed-fi/grades",
        body: {
          type: "urn:ed-fi:api:system:database-connection",
          detail: "The API was unable to connect to the database.",
        },
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        status: 409,
        lea: "6001000",
        client: "Elsewhere Vendor",
        occurredAt: at(35 + i),
        url: "https://h/data/v3/ed-fi/sessions",
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'SchoolYearType' item does not exist.",
        },
      })),
    ];
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(r.status).toBe(202);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function districtAdmin(width = 1280): Promise<Page> {
    const context = await browser.newContext({
      timezoneId: ZONE,
      viewport: { width, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signInThroughForm(page, server.url, server.users.district_admin.email, server.users.district_admin.password);
    await page.goto(`${server.url}/trends`);
    // The browser's zone reaches the server (cookie) and the page is drawn in it.
    await page.getByText(`days and hours in ${ZONE}`).waitFor();
    return page;
  }

  async function csvOf(page: Page, section: string): Promise<string[][]> {
    const frame = page
      .locator(`section[aria-label="${section}"], figure:has(figcaption:has-text("${section}"))`)
      .first();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      frame.getByRole("button", { name: "CSV" }).click(),
    ]);
    return readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n")
      .map((line) => line.split(","));
  }

  it("shows a district admin only their districts' numbers, on the page and in its CSV", async () => {
    const page = await districtAdmin();
    expect(await page.getByTestId("trend-total").innerText()).toMatch(/^12\s+errors/);
    const main = await page.locator("main").innerText();
    expect(main).not.toContain("6001000");
    expect(main).not.toContain("Elsewhere Vendor");
    expect(main).not.toContain("sessions");
    const districts = await csvOf(page, "Districts");
    expect(
      districts
        .slice(1)
        .map((r) => [r[0], r[1]])
        .sort(),
    ).toEqual([
      ["255901", "7"],
      ["4801234", "5"],
    ]);
    const clients = await csvOf(page, "API clients");
    expect(
      clients
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(["Gradebook", "Roster Sync"]);
    // The chart's CSV: every day of the range, the series adding up to the events of each day.
    const series = await csvOf(page, "Errors per day, by route");
    expect(series[0]).toEqual([
      "Start",
      "dev (client developers)",
      "data (source-data team)",
      "ops (hosting / IT)",
      "Events",
      "Previous period",
    ]);
    expect(series).toHaveLength(8);
    for (const row of series.slice(1)) expect(Number(row[1]) + Number(row[2]) + Number(row[3])).toBe(Number(row[4]));
    expect(series.slice(1).reduce((n, r) => n + Number(r[4]), 0)).toBe(12);
    // The API answers the same numbers for the same session.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const api = (await (await fetch(`${server.url}/api/v1/trends?tz=${ZONE}`, { headers: { cookie } })).json()) as {
      totals: { events: number };
      districts: { lea: string }[];
    };
    expect(api.totals.events).toBe(12);
    expect(api.districts.map((d) => d.lea).sort()).toEqual(["255901", "4801234"]);
    const widened = await fetch(`${server.url}/api/v1/trends?lea=6001000`, { headers: { cookie } });
    expect(((await widened.json()) as { totals: { events: number } }).totals.events).toBe(0);
    await page.context().close();
  });

  it("opens the problems list filtered to a clicked series or bar", async () => {
    const page = await districtAdmin();
    await page.getByRole("link", { name: "ops (hosting / IT)" }).click();
    await page.waitForURL(/\/problems\?.*route=ops/);
    const rows = page.locator('[data-testid="problems"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("grades");
    await page.goBack();
    await page.waitForURL(/\/trends/);
    // Stack by status; click today's 409 bar.
    await page.getByRole("button", { name: "status", exact: true }).click();
    await page.waitForURL(/stack=status/);
    await page.getByRole("link", { name: "HTTP 409" }).waitFor();
    await page.waitForLoadState("networkidle"); // the redrawn chart has its handlers
    const bars = page.locator('[data-testid="trend-chart"] [data-bar] rect');
    await expect.poll(() => bars.count()).toBeGreaterThan(0);
    const before = page.url();
    // The 409 series: its bars are drawn in a group of their own.
    const keys = await page.getByRole("list", { name: "Series" }).getByRole("link").allInnerTexts();
    expect(keys).toContain("HTTP 409");
    const layer = page.locator('[data-testid="trend-chart"] [data-series="HTTP 409"]');
    // On loaded cores the redrawn chart can take its click handler after the bar is drawn: click
    // again until the list opens (a click that lands after the navigation finds no bar, and stops).
    const bar = layer.locator("[data-bar] rect").last();
    // Wait for the navigation a click starts before clicking again (a second click cancels it).
    for (let attempt = 0; attempt < 4 && new URL(page.url()).pathname !== "/problems"; attempt++) {
      await bar.click({ timeout: 5_000 }).catch(() => {});
      await page.waitForURL((u) => u.pathname === "/problems", { timeout: 20_000 }).catch(() => {});
    }
    expect(new URL(page.url()).pathname).toBe("/problems");
    await page.waitForURL((url) => url.href !== before && url.pathname === "/problems");
    expect(new URL(page.url()).searchParams.get("http")).toBe("409");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("grades");
    await page.context().close();
  });

  it("narrows the range to the buckets dragged across, and stays usable at 800 px", async () => {
    const page = await districtAdmin(800);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.getByRole("button", { name: "24 h" }).click();
    await page.waitForURL(/range=24h/);
    await page.getByText("Errors per hour, by route").waitFor();
    await page.getByTestId("trend-chart").locator("[data-bar] rect").first().waitFor();
    const chart = await page.getByTestId("trend-chart").boundingBox();
    const y = chart!.y + chart!.height / 2;
    await page.mouse.move(chart!.x + chart!.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(chart!.x + chart!.width * 0.6, y, { steps: 8 });
    await page.mouse.move(chart!.x + chart!.width * 0.9, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL(/range=custom/);
    const url = new URL(page.url());
    expect(url.searchParams.get("from")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
    expect(url.searchParams.get("to")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
    expect(url.searchParams.get("bucket")).toBe("hour");
    await page.context().close();
  });
});
