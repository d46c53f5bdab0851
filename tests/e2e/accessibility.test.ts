// Accessibility in a real browser (chromium, production server, its own PGlite): axe-core finds no
// serious or critical violation on any page type, for every role that sees it, with the list's
// popovers, menus and dialogs open; the keyboard gets a skip link first, focus comes back to what
// opened a dialog, a menu or a popover, and a focused control shows a ring.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { launchChromium, signedInPage, signInThroughForm } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { seriousViolations } from "../support/axe";

describe("accessibility in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let problemId: string;
  let eventId: string;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_291, "triage-e2e-a11y");
    const at = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const events = [
      // Over the last days, so the trends chart and the problem's daily chart have bars.
      ...Array.from({ length: 12 }, (_, i) => ({
        status: 400,
        lea: "255901",
        client: "Roster Sync",
        correlationId: `a11y-validation-${i}`,
        occurredAt: at(1 + i * 9),
        url: "https://h/data/v3/ed-fi/studentSchoolAssociations",
        body: {
          type: "urn:ed-fi:api:bad-request:data-validation-failed",
          detail: "Data validation failed.",
          validationErrors: { "$.entryDate": ["EntryDate must be on or before ExitWithdrawDate."] },
        },
      })),
      ...Array.from({ length: 4 }, (_, i) => ({
        status: 409,
        lea: "4801234",
        client: "Gradebook",
        correlationId: `a11y-reference-${i}`,
        occurredAt: at(2 + i * 20),
        url: "https://h/data/v3/ed-fi/grades",
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'GradingPeriod' item does not exist.",
        },
      })),
      {
        status: 500,
        lea: "6001000",
        client: "Other Vendor",
        correlationId: "a11y-ops",
        occurredAt: at(3),
        url: "https://h/data/v3/ed-fi/sessions",
        body: {
          type: "urn:ed-fi:api:system:database-connection",
          detail: "The API was unable to connect to the database.",
        },
      },
    ];
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(r.status).toBe(202);
    const stored = ((await r.json()) as { events: { id: string; problemId: string }[] }).events;
    [{ id: eventId, problemId }] = stored;
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a page, waits until it is drawn and idle, and returns what axe finds. */
  async function check(page: Page, path: string, ready?: (page: Page) => Promise<unknown>): Promise<string[]> {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState("networkidle");
    await ready?.(page);
    return seriousViolations(page);
  }

  /** Opens something (a popover, menu or dialog), runs axe with it open, closes it with Escape. */
  async function whileOpen(page: Page, what: string, open: () => Promise<unknown>, opened: Locator): Promise<string[]> {
    await open();
    await opened.waitFor();
    const found = await seriousViolations(page);
    await page.keyboard.press("Escape");
    await opened.waitFor({ state: "detached" });
    return found.map((f) => `${f} (${what} open)`);
  }

  // Every page type in both colour schemes (the triage-theme cookie the header's menu writes).
  describe.each(["light", "dark"] as const)("in the %s scheme", (theme) => {
    const themed = async (page: Page) => {
      await page.context().addCookies([{ name: "triage-theme", value: theme, url: server.url }]);
      return page;
    };

    it("finds nothing serious on the sign-in page", async () => {
      const page = await themed(await (await browser.newContext()).newPage());
      expect(await check(page, "/signin")).toEqual([]);
      await page.context().close();
    });

    it(
      "finds nothing serious on a triager's pages, with the list's popovers, menus and dialogs open",
      { timeout: 180_000 },
      async () => {
        const page = await themed(await signedInPage(browser, server.url, server.users.triager));
        const found: string[] = [];
        found.push(
          ...(await check(page, "/problems", (p) => p.locator('[data-testid="problems"] tbody tr').first().waitFor())),
        );
        found.push(
          ...(await whileOpen(
            page,
            "district filter",
            () => page.getByRole("button", { name: "District", exact: true }).click(),
            page.getByRole("dialog", { name: "Filter by District" }),
          )),
        );
        found.push(
          ...(await whileOpen(
            page,
            "Columns menu",
            () => page.getByRole("button", { name: "Columns" }).click(),
            page.getByRole("menu"),
          )),
        );
        found.push(
          ...(await whileOpen(
            page,
            "Views menu",
            () => page.getByRole("button", { name: /^Saved views/ }).click(),
            page.getByRole("menu"),
          )),
        );
        found.push(
          ...(await whileOpen(
            page,
            "Save as dialog",
            async () => {
              await page.getByRole("button", { name: /^Saved views/ }).click();
              await page.getByRole("menuitem", { name: "Save as…" }).click();
            },
            page.getByRole("dialog", { name: "Save the current filters as a view" }),
          )),
        );
        // The bulk bar, and its confirmation.
        await page.locator('[data-testid="problems"] tbody tr').first().getByRole("checkbox").check();
        await page.getByRole("region", { name: "Bulk actions" }).getByLabel("Status").selectOption("in_progress");
        found.push(...(await seriousViolations(page)));
        found.push(
          ...(await whileOpen(
            page,
            "bulk confirmation",
            () => page.getByRole("button", { name: "Apply…" }).click(),
            page.getByRole("dialog", { name: /^Change 1 problem/ }),
          )),
        );
        found.push(...(await check(page, "/problems?group=article", (p) => p.getByTestId("problem-groups").waitFor())));
        found.push(...(await check(page, `/problems/${problemId}`, (p) => p.getByTestId("events").waitFor())));
        found.push(...(await check(page, `/events/${eventId}`)));
        found.push(...(await check(page, "/search?q=GradingPeriod", (p) => p.getByTestId("text-matches").waitFor())));
        found.push(...(await check(page, "/search?q=Roster", (p) => p.getByTestId("search-results").waitFor())));
        found.push(
          ...(await check(page, "/search?q=nothing-like-this-anywhere", (p) =>
            p.getByTestId("nothing-matches").waitFor(),
          )),
        );
        found.push(
          ...(await check(page, "/trends", (p) =>
            p.locator('[data-testid="trend-chart"] [data-bar] rect').first().waitFor(),
          )),
        );
        found.push(...(await check(page, "/kb")));
        found.push(...(await check(page, "/kb/descriptor-not-found")));
        found.push(...(await check(page, "/settings")));
        found.push(...(await check(page, "/problems/999999999", (p) => p.getByRole("heading").first().waitFor())));
        expect(found).toEqual([]);
        await page.context().close();
      },
    );

    it("finds nothing serious on the admin pages, with their confirmations open", { timeout: 180_000 }, async () => {
      const page = await themed(await signedInPage(browser, server.url, server.users.admin));
      const found: string[] = [];
      // District names, imported as an admin would (the tables then show them).
      await page.goto(`${server.url}/admin/districts`);
      await page.getByLabel("JSON or CSV file").setInputFiles({
        name: "leas.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("localEducationAgencyId,nameOfInstitution\n255901,Grand Bend ISD\n4801234,Lakeside USD\n"),
      });
      await page.getByRole("button", { name: "Import" }).click();
      await page.getByRole("status").waitFor();
      for (const path of [
        "/admin/rules",
        "/admin/alerts",
        "/admin/clients",
        "/admin/districts",
        "/admin/users",
        "/admin/keys",
        "/admin/sign-ins",
      ])
        found.push(...(await check(page, path)));
      await page.goto(`${server.url}/admin/alerts`);
      await page.getByTestId("alert-rules").getByRole("link").first().click();
      await page.waitForURL(/\/admin\/alerts\/\d+$/);
      found.push(...(await seriousViolations(page)));
      await page.goto(`${server.url}/admin/users`);
      const row = page.getByRole("row").filter({ hasText: server.users.support.email });
      found.push(
        ...(await whileOpen(
          page,
          "Disable confirmation",
          () => row.getByRole("button", { name: "Disable" }).click(),
          page.getByRole("dialog"),
        )),
      );
      expect(found).toEqual([]);
      // The problem page's recent events name the district, not only its code.
      await page.goto(`${server.url}/problems/${problemId}`);
      expect(await page.getByTestId("events").locator("tbody tr").first().innerText()).toContain(
        "Grand Bend ISD (255901)",
      );
      await page.context().close();
    });

    it("finds nothing serious on a district admin's pages", { timeout: 120_000 }, async () => {
      const page = await themed(await signedInPage(browser, server.url, server.users.district_admin));
      const found: string[] = [];
      found.push(
        ...(await check(page, "/problems", (p) => p.locator('[data-testid="problems"] tbody tr').first().waitFor())),
      );
      found.push(...(await check(page, `/problems/${problemId}`, (p) => p.getByTestId("events").waitFor())));
      found.push(
        ...(await check(page, "/trends", (p) =>
          p.locator('[data-testid="trend-chart"] [data-bar] rect').first().waitFor(),
        )),
      );
      found.push(...(await check(page, "/admin/users"))); // forbidden
      expect(found).toEqual([]);
      await page.context().close();
    });
  });

  it("switches the colour scheme from the header's menu, keeps it in a cookie, and follows the system when asked to", async () => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await signInThroughForm(page, server.url, server.users.triager.email, server.users.triager.password);
    await page.goto(`${server.url}/problems`);
    const scheme = () =>
      page.evaluate(() => [
        document.documentElement.dataset.theme,
        getComputedStyle(document.body).colorScheme,
        getComputedStyle(document.body).backgroundColor,
      ]);
    const [, , systemDark] = await scheme();
    expect((await scheme()).slice(0, 1)).toEqual(["system"]); // no cookie yet: the system's, dark here
    await page.getByRole("button", { name: /^Colour scheme/ }).click();
    await page.getByRole("menuitemradio", { name: "Light" }).click();
    await expect.poll(async () => (await scheme())[0]).toBe("light");
    const [, , light] = await scheme();
    expect(light).not.toBe(systemDark);
    await page.reload();
    expect((await scheme())[0]).toBe("light"); // the cookie brought it back from the server
    expect((await context.cookies()).find((c) => c.name === "triage-theme")?.value).toBe("light");
    await page.getByRole("button", { name: /^Colour scheme/ }).click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect.poll(async () => (await scheme())[0]).toBe("dark");
    expect((await scheme())[2]).toBe(systemDark); // dark by choice looks as dark by the system
    await page.getByRole("button", { name: /^Colour scheme/ }).click();
    await page.getByRole("menuitemradio", { name: "System" }).click();
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(async () => (await scheme())[2]).toBe(light); // following the system, now light
    await context.close();
  });

  /** The focused element, described well enough to compare. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el
        ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} ${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}`
        : "none";
    });

  it("puts a skip link first, visible when focused, that moves focus to the page's content", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    for (const path of ["/problems", `/problems/${problemId}`, "/trends"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("networkidle");
      await page.keyboard.press("Tab");
      expect(await focused(page)).toBe("a Skip to content");
      const box = await page.getByRole("link", { name: "Skip to content" }).boundingBox();
      expect(box && box.width > 20 && box.height > 10).toBe(true);
      await page.keyboard.press("Enter");
      await expect.poll(() => focused(page)).toMatch(/^main#main /);
      // The next Tab goes into the page, past the header.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
    }
    await page.context().close();
  });

  it("gives focus back to what opened a dialog, a menu or a popover when Escape closes it", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.locator('[data-testid="problems"] tbody tr').first().waitFor();
    const backOn = async (trigger: Locator, open: () => Promise<unknown>, opened: Locator) => {
      await open();
      await opened.waitFor();
      expect(
        await page.evaluate(() => document.activeElement?.closest('[role="dialog"], [role="menu"]') !== null),
      ).toBe(true);
      await page.keyboard.press("Escape");
      await opened.waitFor({ state: "detached" });
      await expect.poll(() => trigger.evaluate((el) => el === document.activeElement)).toBe(true);
    };
    const district = page.getByRole("button", { name: "District", exact: true });
    await backOn(district, () => district.click(), page.getByRole("dialog", { name: "Filter by District" }));
    const columns = page.getByRole("button", { name: "Columns" });
    await backOn(columns, () => columns.click(), page.getByRole("menu"));
    // A dialog opened from a menu item: focus returns to the menu's button, not to the page's start.
    const views = page.getByRole("button", { name: /^Saved views/ });
    await backOn(
      views,
      async () => {
        await views.click();
        await page.getByRole("menuitem", { name: "Save as…" }).click();
      },
      page.getByRole("dialog", { name: "Save the current filters as a view" }),
    );
    await page.locator('[data-testid="problems"] tbody tr').first().getByRole("checkbox").check();
    await page.getByRole("region", { name: "Bulk actions" }).getByLabel("Status").selectOption("ignored");
    const apply = page.getByRole("button", { name: "Apply…" });
    await backOn(apply, () => apply.press("Enter"), page.getByRole("dialog", { name: /^Change 1 problem/ }));
    await page.context().close();
  });

  it("draws a clear focus ring on keyboard focus, even on controls that drop the browser's outline", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughForm(page, server.url, server.users.triager.email, server.users.triager.password);
    await page.goto(`${server.url}/problems`);
    await page.locator('[data-testid="problems"] tbody tr').first().waitFor();
    const ring = (target: Locator) =>
      target.evaluate((el) => {
        const style = getComputedStyle(el);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      });
    await page.keyboard.press("Tab");
    expect(await ring(page.getByRole("link", { name: "Skip to content" }))).toBe("solid 2px");
    // The list's filter box is styled `outline-none`; keyboard focus still shows.
    const filterBox = page.getByPlaceholder("Filter problems…");
    await filterBox.focus();
    expect(await ring(filterBox)).toBe("solid 2px");
    const columns = page.getByRole("button", { name: "Columns" });
    await columns.focus();
    expect(await ring(columns)).toBe("solid 2px");
    await context.close();
  });
});
