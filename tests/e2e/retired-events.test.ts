// A problem older than what retention keeps, in a real browser: its counts include the dropped
// events, its event list does not, and the page says so where the list ends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, signedInPage } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { ingestEvents } from "@/lib/ingest/ingest";
import { retireOldEvents } from "@/lib/retention/retention";
import type { IngestEvent } from "@/lib/ingest/events.schema";

const DAY_MS = 86_400_000;
const event = (occurredAt: number, i: number): IngestEvent => ({
  occurredAt: new Date(occurredAt).toISOString(),
  status: 409,
  lea: "255901",
  correlationId: `retired-${i}`,
  url: "https://h/data/v3/ed-fi/cohorts",
  body: {
    type: "urn:ed-fi:api:data-conflict:unresolved-reference",
    detail: "The referenced 'Cohort' item does not exist.",
  },
});

describe("a problem some of whose events retention dropped", () => {
  let server: RunningServer;
  let browser: Browser;
  let problemId = "";
  let droppedMonth = "";

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_311, "triage-e2e-retired", {}, async (db) => {
      // Three events of a month wholly older than 400 days (the default), then one of today.
      const old = Date.now() - 460 * DAY_MS;
      const stored = await ingestEvents(
        db,
        [0, 1, 2].map((i) => event(old + i * 60_000, i)),
        { apiKeyId: null },
      );
      problemId = stored.events[0].problemId;
      await ingestEvents(db, [event(Date.now() - 3_600_000, 3)], { apiKeyId: null });
      const { retired } = await retireOldEvents(db);
      expect(retired.map((r) => r.events)).toEqual([3]);
      droppedMonth = retired[0].month;
    });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("counts the dropped events, lists the kept one, and says where the list ends", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.goto(`${server.url}/problems/${problemId}`);
    const kept = new Date(Date.parse(`${droppedMonth}T00:00:00Z`) + 32 * DAY_MS).toLocaleDateString("en-US", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    const notice = page.getByTestId("retired-events");
    await notice.waitFor();
    expect(await notice.innerText()).toContain(`Events before ${kept} are no longer kept`);
    expect(await page.locator("main").innerText()).toMatch(/\b4 in all\b/);
    expect(await page.locator('[data-testid="events"] tbody tr').count()).toBe(1);
  });
});
