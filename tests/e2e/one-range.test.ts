// "Last 7 days" means one thing (issue 20, item 4), in a real browser on `next start` with demo
// data: a district admin in Asia/Kolkata (+5:30, so local days start inside UTC days) reads one
// number on /problems, /trends and the read API, one number for a problem on its page, the list
// and the API, and a click on a trends bar opens a list whose total equals the bar.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { demoEvents } from "../../prisma/demo/generate";
import { launchChromium, signInThroughForm } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";

const ZONE = "Asia/Kolkata";
/** The zone's name as the browser gives it (Chromium's ICU says Asia/Calcutta), which the server then uses. */
let shownZone = ZONE;
const tz = () => encodeURIComponent(shownZone);
const number = (text: string) => Number(text.replace(/[^\d]/g, ""));

interface TrendsAnswer {
  totals: { events: number };
  buckets: { start: string; end: string; events: number; byRoute: Record<string, number> }[];
}

describe("one meaning of a range in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let cookie: string;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_231, "triage-e2e-one-range");
    // Every fourth of the demo set (its first events are incidents of a few days): every district, every day.
    const events = [...demoEvents({ count: 18_000, days: 30, seed: 20 })].filter((_, i) => i % 4 === 0);
    for (let i = 0; i < events.length; i += 1_000) {
      const headers = { authorization: `Bearer ${server.key}`, "content-type": "application/json" };
      const r = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers, body: JSON.stringify(events.slice(i, i + 1_000)) });
      expect(r.status).toBe(202);
    }
    browser = await launchChromium();
    const context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signInThroughForm(page, server.url, server.users.district_admin.email, server.users.district_admin.password);
    await page.goto(`${server.url}/trends?range=7d`);
    const shown = page.getByText(/days and hours in Asia\/(Kolkata|Calcutta)\./);
    await shown.waitFor(); // the browser's zone has reached the server
    shownZone = /in (Asia\/\w+)\./.exec(await shown.innerText())![1];
    cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const json = async <T,>(path: string): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  };

  /** Every problem of the API's list, page after page. */
  async function apiProblems(): Promise<{ id: string; events: number }[]> {
    const all: { id: string; events: number }[] = [];
    for (let cursor: string | null = ""; cursor !== null; ) {
      const path = `/api/v1/problems?days=7&tz=${tz()}&limit=200${cursor ? `&cursor=${cursor}` : ""}`;
      const answer: { problems: { id: string; events: number }[]; nextCursor: string | null } = await json(path);
      all.push(...answer.problems);
      cursor = answer.nextCursor;
    }
    return all;
  }

  it("reads one number for the last 7 days on /problems, /trends, a problem page and the API", async () => {
    // Read twice when Kolkata's date turned meanwhile ("last 7 days" moved under the reads).
    for (let attempt = 0; attempt < 2; attempt++) {
      const day = new Date().toLocaleDateString("en-CA", { timeZone: shownZone });
      await page.goto(`${server.url}/trends?range=7d`);
      const trends = number((await page.getByTestId("trend-total").innerText()).split("errors")[0]);
      await page.goto(`${server.url}/problems?range=7d`);
      const list = number(await page.getByTestId("list-events").innerText());
      const api = await apiProblems();
      const apiTrends = await json<TrendsAnswer>(`/api/v1/trends?range=7d&tz=${tz()}`);
      const top = api[0];
      await page.goto(`${server.url}/problems/${top.id}`);
      const problemPage = number(await page.getByTestId("problem-events-7d").innerText());
      const apiProblem = await json<{ events: number }>(`/api/v1/problems/${top.id}?days=7&tz=${tz()}`);
      if (attempt === 0 && new Date().toLocaleDateString("en-CA", { timeZone: shownZone }) !== day) continue;
      expect(trends).toBeGreaterThan(100);
      expect(list).toBe(trends);
      expect(api.reduce((n, p) => n + p.events, 0)).toBe(trends);
      expect(apiTrends.totals.events).toBe(trends);
      expect(problemPage).toBe(top.events);
      expect(apiProblem.events).toBe(top.events);
      return;
    }
  });

  it("opens, from a clicked trends bar, a list whose total equals the bar", async () => {
    await page.goto(`${server.url}/trends?range=7d`);
    await page.waitForLoadState("networkidle"); // the chart has its handlers
    const bars = page.locator('[data-testid="trend-chart"] [data-bar] rect');
    await expect.poll(() => bars.count()).toBeGreaterThan(0);
    // The tallest bar (a bar of no height cannot be clicked): its series and day come back in the URL.
    // Found again before every try: a redrawn chart (a late refresh on a loaded machine) reorders its bars.
    const tallestBar = async () => {
      let bar = bars.first();
      let tallest = -1;
      for (const candidate of await bars.all()) {
        const box = await candidate.boundingBox().catch(() => null);
        if (box && box.height > tallest) [bar, tallest] = [candidate, box.height];
      }
      return { bar, tallest };
    };
    expect((await tallestBar()).tallest).toBeGreaterThan(5);
    // A click starts a navigation that a loaded server may answer slowly: wait for it before
    // clicking again (a second click would cancel it); click again only if none started.
    for (let attempt = 0; attempt < 4 && new URL(page.url()).pathname !== "/problems"; attempt++) {
      await (await tallestBar()).bar.click({ timeout: 5_000 }).catch(() => {});
      await page.waitForURL((u) => u.pathname === "/problems", { timeout: 20_000 }).catch(() => {});
    }
    expect(new URL(page.url()).pathname).toBe("/problems");
    const url = new URL(page.url());
    const route = url.searchParams.get("route");
    expect(["dev", "data", "ops"]).toContain(route);
    const from = url.searchParams.get("from");
    const trends = await json<TrendsAnswer>(`/api/v1/trends?range=7d&tz=${tz()}`);
    const clicked = trends.buckets.find((b) => new Date(b.start).toLocaleDateString("en-CA", { timeZone: shownZone }) === from);
    expect(clicked, `a bucket starting on ${from}`).toBeDefined();
    const listed = number(await page.getByTestId("list-events").innerText());
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBe(clicked!.byRoute[route!]);
  });
});
