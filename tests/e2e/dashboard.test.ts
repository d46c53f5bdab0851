// The dashboard in a real browser (Debian's chromium via playwright-core) against the real
// production server (`next start`) on its own PGlite database: the problem stream (filters with
// counts, sort, columns, URL state, keyboard), search, the event page, bulk and single triage,
// saved views, district scoping of lists, facets and exports, and hostile text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium, signedInPage } from "../support/browser";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";

const rowsOf = (page: Page) => page.locator('[data-testid="problems"] tbody tr');
/** The page has hydrated: relative times are the browser's (with the exact time on hover). */
const hydrated = (page: Page) => page.waitForFunction(() => document.querySelector("main time[title]") !== null);

describe("dashboard in a browser", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_201, "triage-e2e");
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const events = [
      ...Array.from({ length: 7 }, (_, i) => ({
        status: 400,
        lea: "255901",
        client: "Roster Sync",
        correlationId: `e2e-desc-${i}`,
        occurredAt: at(10 + i),
        url: "https://h/v7.3/api/data/v3/ed-fi/studentAcademicRecords",
        body: {
          type: "urn:ed-fi:api:bad-request:data-validation-failed",
          detail: "Data validation failed.",
          validationErrors: {
            "$.termDescriptor": [`TermDescriptor value 'uri://ed-fi.org/TermDescriptor#T${i}' does not exist.`],
          },
        },
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        status: 409,
        lea: "4801234",
        client: "Gradebook",
        correlationId: `e2e-ref-${i}`,
        occurredAt: at(20 + i),
        url: "https://h/data/v3/ed-fi/grades",
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'GradingPeriod' item does not exist.",
        },
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        status: 409,
        lea: "6001000",
        client: "Other Vendor",
        correlationId: `e2e-elsewhere-${i}`,
        occurredAt: at(30 + i),
        url: "https://h/data/v3/ed-fi/sessions",
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'SchoolYearType' item does not exist.",
        },
      })),
      {
        status: 403,
        lea: "4801234",
        client: "Gradebook",
        correlationId: "e2e-hostile",
        occurredAt: at(5),
        url: "https://h/data/v3/ed-fi/students/abc",
        body: {
          type: "urn:ed-fi:api:security:authorization",
          detail: '<img src=x onerror="window.__pwned=1">',
          errors: ["<script>window.__pwned=2</script>"],
        },
      },
    ];
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(r.status).toBe(202);
    browser = await launchChromium();
  }, 600_000); // a clean clone builds first (one file builds, the others wait for it)

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("filters with server counts, sorts, hides columns, and keeps all of it in the URL", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await expect.poll(() => rowsOf(page).count()).toBe(4);
    // The district filter lists every district with the number of problems it would give.
    await page.getByRole("button", { name: "District", exact: true }).click();
    const option = page.getByRole("dialog", { name: "Filter by District" }).getByRole("option", { name: /4801234/ });
    expect(await option.innerText()).toMatch(/4801234\s+2$/);
    await option.click();
    await page.keyboard.press("Escape");
    await page.waitForURL(/lea=4801234/);
    await expect.poll(() => rowsOf(page).count()).toBe(2);
    // The list is busiest first; the Events header turns it around, and the URL says so.
    await page.getByRole("button", { name: "Events", exact: true }).click();
    await page.waitForURL(/sort=events\.asc/);
    await expect.poll(async () => (await rowsOf(page).first().innerText()).includes("Not authorized")).toBe(true);
    // Hiding a column.
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Trend" }).click();
    await page.keyboard.press("Escape");
    await page.waitForURL(/hide=trend/);
    expect(await page.locator('[data-testid="problems"] thead').innerText()).not.toContain("Trend");
    // Rows per page, through the table's pagination: the URL keeps it, the pager says so.
    await page.getByRole("navigation", { name: "Pages" }).getByLabel("Rows").selectOption("25");
    await page.waitForURL(/size=25/);
    await expect.poll(() => page.getByRole("navigation", { name: "Pages" }).innerText()).toContain("1–2 of 2 problems");
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes("size=25"));
    // A reload keeps the state; Back undoes one step.
    await page.reload();
    await expect.poll(() => rowsOf(page).count()).toBe(2);
    expect(await page.locator('[data-testid="problems"] thead').innerText()).not.toContain("Trend");
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes("hide=trend"));
    await page.context().close();
  });

  it("moves through rows with j/k, opens with Enter, and focuses the search with /", async () => {
    const page = await signedInPage(browser, server.url, server.users.support);
    await expect.poll(() => rowsOf(page).count()).toBe(4);
    await hydrated(page);
    await page.locator("h1").click();
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    const second = await rowsOf(page).nth(1).locator("a[data-row-link]").getAttribute("href");
    expect(
      await page.evaluate(() => document.activeElement?.querySelector("a[data-row-link]")?.getAttribute("href")),
    ).toBe(second);
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === second);
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("header-search");
    await page.context().close();
  });

  it("goes from a pasted correlationId straight to its event, shown as text", async () => {
    const page = await signedInPage(browser, server.url, server.users.support);
    // As support pastes it from an e-mail: upper case, after a label.
    await page.getByLabel("Search").fill("correlationId: E2E-DESC-3");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/events\/\d+$/);
    expect(await page.locator('[data-testid="correlation-id"]').innerText()).toBe("e2e-desc-3");
    // The event names its problem's triage: status and assignee.
    expect(await page.getByTestId("problem-triage").innerText()).toMatch(/open · nobody assigned/);
    expect(await page.locator('[data-testid="validation-errors"]').innerText()).toContain("$.termDescriptor");
    expect(await page.locator('[data-testid="response-body"]').innerText()).toContain(
      '"type": "urn:ed-fi:api:bad-request:data-validation-failed"',
    );
    // Why it landed in its article: the template and the place it matched.
    expect(await page.locator('[data-testid="classification-reason"]').innerText()).toMatch(
      /^Its message matched one of the article's known messages: validationErrors\["\$\.termDescriptor"\]\[0\]/,
    );
    await page.getByText("The pattern that matched").click();
    expect(await page.locator('[data-testid="classification-reason"] details code').innerText()).toMatch(
      /^\/.*Descriptor.*\/$/,
    );
    // Text of error messages: a results page grouped by problem.
    await page.getByLabel("Search").fill("GradingPeriod");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=GradingPeriod/);
    expect(await page.locator('[data-testid="text-matches"]').innerText()).toMatch(
      /Unresolved reference[\s\S]*3 events/,
    );
    await page.context().close();
  });

  it("assigns every problem of a filter at once after saying how many, and records it", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.goto(`${server.url}/problems?size=25&article=unresolved-reference`);
    await expect.poll(() => rowsOf(page).count()).toBe(2);
    await rowsOf(page).first().getByRole("checkbox").check();
    await page.getByLabel("Team").selectOption("ops");
    await page.getByRole("button", { name: "Apply…" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByRole("heading").innerText()).toBe("Change 1 problem?");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: /Select all 2 results/ }).click();
    await page.getByRole("button", { name: "Apply…" }).click();
    expect(await dialog.getByRole("heading").innerText()).toBe("Change 2 problems?");
    await dialog.getByRole("button", { name: "Change 2" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Changed 2 of 2 problems" }).count()).toBe(1);
    await expect
      .poll(async () =>
        (await rowsOf(page).allInnerTexts()).every((t) => /\bops\b/.test(t) && t.includes("assigned by a triager")),
      )
      .toBe(true);
    await page.context().close();
  });

  it("triages one problem in its panel and shows the history", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.goto(`${server.url}/problems?q=Descriptor`);
    await rowsOf(page).first().locator("a[data-row-link]").click();
    await page.waitForURL(/\/problems\/\d+$/);
    await page.getByLabel("Status").selectOption("in_progress");
    await page.getByLabel("Person").selectOption({ label: server.users.support.name });
    await page.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() =>
        page
          .locator('[data-testid="history"]')
          .innerText()
          .catch(() => ""),
      )
      .toContain("set the status: open → in progress");
    await page.getByLabel("Note").fill("Vendor asked to load <b>TermDescriptor</b> values first");
    await page.getByRole("button", { name: "Add note" }).click();
    await expect
      .poll(() => page.locator('[data-testid="history"]').innerText())
      .toContain("Vendor asked to load <b>TermDescriptor</b> values first");
    expect(await page.locator('[data-testid="history"]').innerText()).toContain(
      `assigned ${server.users.support.name}`,
    );
    // A note typed and then saved with Save (not Add note) is kept, not dropped.
    await page.getByLabel("Note").fill("Typed, then Save pressed");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator('[data-testid="history"]').innerText()).toContain("Typed, then Save pressed");
    expect(await page.locator('[data-testid="history"]').innerText()).not.toMatch(/\bin \d+ s\b/); // the clock is read when a time is shown
    // Its route in words, and "← Problems" back to the filtered list it was opened from.
    expect(await page.getByTestId("route-words").innerText()).toMatch(
      /^(Client application developers|Source-data team|Hosting \/ IT operations) /,
    );
    const problemUrl = page.url();
    await page.getByTestId("back-to-problems").click();
    await page.waitForURL(/\/problems\?/);
    expect(new URL(page.url()).searchParams.get("q")).toBe("Descriptor");
    // A district admin reads the problem's triage as text, with nothing that looks editable.
    const district = await signedInPage(browser, server.url, server.users.district_admin);
    await district.goto(problemUrl);
    const readOnly = await district.getByTestId("triage-read-only").innerText();
    expect(readOnly).toContain("in progress");
    expect(readOnly).toContain(server.users.support.name);
    expect(await district.getByLabel("Status").count()).toBe(0);
    expect(await district.getByRole("button", { name: "Save" }).count()).toBe(0);
    await district.context().close();
    await page.context().close();
  });

  it("saves a shared view that someone else opens with the same filters", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.goto(`${server.url}/problems?route=ops&range=7d`);
    await page.getByRole("button", { name: /Saved views/ }).click();
    await page.getByRole("menuitem", { name: "Save as…" }).click();
    await page.getByLabel("Name").fill("Ops this week");
    await page.getByLabel(/Share with everyone/).check();
    await page.getByRole("button", { name: "Save view" }).click();
    await page.waitForURL(/view=\d+/);
    const viewUrl = page.url();
    // Changing a filter marks the view unsaved.
    await page.goto(viewUrl.replace("range=7d", "range=30d"));
    await expect
      .poll(() => page.getByRole("button", { name: /Saved views: Ops this week \(unsaved changes\)/ }).count())
      .toBe(1);
    const other = await signedInPage(browser, server.url, server.users.support);
    await other.getByRole("button", { name: /Saved views/ }).click();
    await other.getByRole("menuitem", { name: /Ops this week/ }).click();
    await other.waitForURL(/view=\d+/);
    const params = new URL(other.url()).searchParams;
    expect([params.get("route"), params.get("range")]).toEqual(["ops", "7d"]);
    await other.context().close();
    // Deleting a shared view asks first, and says who else loses it.
    await page.getByRole("button", { name: /Saved views/ }).click();
    await page.getByRole("menuitem", { name: "Delete view…" }).click();
    const confirm = page.getByRole("dialog");
    expect(await confirm.getByRole("heading").innerText()).toBe("Delete the view “Ops this week”?");
    expect(await confirm.innerText()).toContain("everyone who opens it loses it too");
    await confirm.getByRole("button", { name: "Delete view" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Deleted “Ops this week”." }).count()).toBe(1);
    await page.context().close();
  });

  it("shows a district admin only their districts, in rows, filters and the CSV export", async () => {
    const page = await signedInPage(browser, server.url, server.users.district_admin);
    await expect.poll(() => rowsOf(page).count()).toBe(3);
    expect(await page.locator("main").innerText()).not.toContain("6001000");
    await page.getByRole("button", { name: "District", exact: true }).click();
    expect(
      (await page.getByRole("dialog", { name: "Filter by District" }).getByRole("option").allInnerTexts())
        .map((t) => t.split(/\s/)[0])
        .sort(),
    ).toEqual(["255901", "4801234"]);
    await page.keyboard.press("Escape");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("problems.csv");
    const csv = await (
      await fetch(`${server.url}/api/v1/problems/export`, {
        headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") },
      })
    ).text();
    expect(csv.trim().split("\r\n")).toHaveLength(4);
    expect(csv).not.toContain("sessions");
    await page.context().close();
  });

  it("stays usable at 800 px: no sideways scrolling, route and status on screen, triage before the events", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.setViewportSize({ width: 800, height: 900 });
    await expect.poll(() => rowsOf(page).count()).toBe(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    const headers = page.locator('[data-testid="problems"] thead th');
    for (const name of ["Route", "Status", "Events"])
      expect(await headers.filter({ hasText: name }).first().isVisible()).toBe(true);
    const table = await page.locator('[data-testid="problems"]').boundingBox();
    expect(table!.x + table!.width).toBeLessThanOrEqual(800);
    await rowsOf(page).first().locator("a[data-row-link]").click();
    await page.waitForURL(/\/problems\/\d+$/);
    const triage = await page.getByRole("heading", { name: "Triage" }).boundingBox();
    const events = await page.getByRole("heading", { name: /Recent events/ }).boundingBox();
    expect(triage!.y).toBeLessThan(events!.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.context().close();
  });

  it("renders attacker-controlled text as text", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    const row = rowsOf(page).filter({ hasText: "Not authorized" });
    await row.locator("a[data-row-link]").click();
    await page.waitForURL(/\/problems\/\d+$/);
    // "What happened" streams in after the page (a Suspense boundary): wait for it, then read it as text.
    await expect.poll(() => page.locator("main").innerText()).toContain('<img src=x onerror="window.__pwned=1">');
    await page.locator('[data-testid="events"] a').first().click();
    await page.waitForURL(/\/events\/\d+$/);
    expect(await page.locator('[data-testid="response-body"]').innerText()).toContain(
      "<script>window.__pwned=2</script>",
    );
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.context().close();
  });

  it("answers unknown API paths and methods with problem details (not Next's HTML)", async () => {
    for (const [method, path, status] of [
      ["GET", "/api/v2/nothing", 404],
      ["POST", "/api/v1/eventz", 404],
      ["PUT", "/api/v1/events", 405],
    ] as const) {
      const r = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${server.key}` } });
      expect(r.status).toBe(status);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(await r.json()).toMatchObject({
        status,
        type: expect.stringMatching(/^urn:triage:/),
        correlationId: expect.any(String),
      });
    }
  });

  it("shows a partial event from a log as partial, and lets an admin map its API client to a district", async () => {
    // What npm run import stores for a WebApiLog.log record: no body, the log's evidence. Dated 45
    // days ago, outside the lists' default 30 days, so that the other tests' row counts hold in any order.
    const partial = {
      status: 404,
      method: "GET",
      url: "/data/v3/ed-fi/students",
      client: "77",
      correlationId: "e2e-partial-1",
      occurredAt: new Date(Date.now() - 45 * 86_400_000).toISOString(),
      log: {
        format: "edfi-log4net",
        level: "ERROR",
        logger: "EdFi.Ods.Api.Services.Controllers.Students.EdFi.StudentsController",
        exceptionType: "EdFi.Ods.Common.Exceptions.NotFoundException",
        message: "Entity of type 'Student' with id of '6d1b' was not found.",
        statusFrom: "exception",
        typeHint: "urn:ed-fi:api:not-found",
      },
    };
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify([partial]),
    });
    expect(r.status).toBe(202);
    const [{ id, articleId }] = (await r.json()).events;
    expect(articleId).toBe("item-not-found");

    const support = await signedInPage(browser, server.url, server.users.support);
    await support.goto(`${server.url}/events/${id}`);
    const notice = await support.locator('[data-testid="partial-event"]').innerText();
    expect(notice).toContain("Partial event: no response body");
    expect(notice).toContain("the ODS/API log (WebApiLog.log)");
    expect(notice).toContain("EdFi.Ods.Common.Exceptions.NotFoundException");
    expect(notice).toContain("RequestResponseContentLog"); // how to complete it
    expect(await support.locator('[data-testid="classification-reason"]').innerText()).toContain(
      "known messages: the log's message",
    );
    await support.context().close();

    const admin = await signedInPage(browser, server.url, server.users.admin);
    await admin.goto(`${server.url}/admin/clients`);
    const row = admin.locator('[data-testid="clients"] tr', { hasText: "77" });
    expect(await row.innerText()).toMatch(/77\s+none\s+1\s+1/);
    await row.getByLabel("Districts of 77").fill("255901");
    await row.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => admin.getByRole("status").first().innerText()).toBe("77 → district 255901; 1 event moved.");
    await admin.reload();
    expect(await admin.locator('[data-testid="clients"] tr', { hasText: "77" }).innerText()).toMatch(
      /77\s+255901\s+1\s+0/,
    );
    await admin.context().close();
  });

  it("shows the not-found page for an unknown problem, event or article", async () => {
    const page = await signedInPage(browser, server.url, server.users.support);
    for (const path of ["/problems/999999", "/events/999999", "/kb/no-such-article"]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").innerText()).toBe("Not found");
    }
    // A page number past the end says so and links to the last page (not to set-up instructions).
    await page.goto(`${server.url}/problems?page=999&size=25`);
    expect(await page.getByText(/Page 999 is past the end of this list/).count()).toBe(1);
    await page.getByRole("link", { name: "Go to the last page" }).click();
    await expect.poll(() => rowsOf(page).count()).toBeGreaterThan(0);
    // The icon is served (no 404 on every page).
    expect((await page.request.get(`${server.url}/icon.svg`)).status()).toBe(200);
    await page.context().close();
  });

  // Last: it changes the team of three problems.
  it("walks a triager's week: New, three problems to a team with one confirmation, back to the same list", async () => {
    const page = await signedInPage(browser, server.url, server.users.triager);
    await page.goto(`${server.url}/problems`);
    await page.getByRole("navigation", { name: "Presets" }).getByRole("link", { name: "New", exact: true }).click();
    await page.waitForURL(/seen=new/);
    await expect.poll(() => rowsOf(page).count()).toBe(4); // every problem of the fixture is new this week
    for (let i = 0; i < 3; i++) await rowsOf(page).nth(i).getByRole("checkbox").check();
    await page.getByLabel("Team").selectOption("data");
    await page.getByRole("button", { name: "Apply…" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByRole("heading").innerText()).toBe("Change 3 problems?");
    await dialog.getByRole("button", { name: "Change 3" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Changed 3 of 3 problems" }).count()).toBe(1);
    await expect
      .poll(
        async () =>
          (await rowsOf(page).allInnerTexts()).filter((t) => /\bdata\b/.test(t) && t.includes("assigned by a triager"))
            .length,
      )
      .toBe(3);
    const listUrl = new URL(page.url());
    await rowsOf(page).first().getByRole("link").first().click();
    await page.waitForURL(/\/problems\/\d+/);
    await page.getByTestId("back-to-problems").click();
    await page.waitForURL((url) => url.pathname === "/problems" && url.searchParams.get("seen") === "new");
    expect(new URL(page.url()).searchParams.get("sort")).toBe(listUrl.searchParams.get("sort"));
    await page.context().close();
  });
});
