// Sign-in, roles and browser hardening against the real production server (`next start`):
// every role signs in through the form in Chromium; every page × every role (and nobody) answers
// as the rules say; a district admin's pages hold only their districts; the CSP carries a fresh
// nonce and no script runs without it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ROLES, type Role } from "@/lib/auth/roles";
import { launchChromium, signedInPage } from "../support/browser";
import { startNextServer, startNextServerOnTempPglite, ensureBuild, type RunningServer } from "../support/next-server";
import { createPostgresDatabase, testPostgresUrl } from "../support/db";
import { signInHttp } from "../support/http-sign-in";

describe("sign-in and roles in a browser", () => {
  let server: RunningServer;
  let browser: Browser;
  const problemIn: Record<string, string> = {};

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_202, "triage-signin");
    Object.assign(problemIn, await seedTwoDistricts(server)); // the district admin sees 255901, not 6001000
    browser = await launchChromium();
  }, 600_000); // a clean clone builds first (one file builds, the others wait for it)

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs every demo role in through the form, shows who is signed in, and signs out", async () => {
    for (const role of ROLES) {
      const user = server.users[role];
      const page = await signedInPage(browser, server.url, user);
      const viewer = await page.locator('[data-testid="viewer"]').innerText();
      expect(viewer).toContain(
        { admin: "Admin", triager: "Triager", support: "Support", district_admin: "District admin" }[role],
      );
      expect(await page.locator('nav[aria-label="Main"] >> text=Users').count(), role).toBe(role === "admin" ? 1 : 0);
      const problems = await page.locator('[data-testid="problems"] tbody').innerText();
      expect(problems.includes("grades"), `${role} sees the other district's problem`).toBe(role !== "district_admin");
      expect(problems).toContain("sections");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(/\/signin/);
      await page.goto(server.url);
      await page.waitForURL(/\/signin/); // the session is gone
      await page.context().close();
    }
  }, 120_000);

  it("says only that sign-in failed, whatever was wrong", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/signin`);
    for (const [email, password] of [
      [server.users.support.email, "not the password"],
      ["nobody@demo.triage.test", "whatever-password"],
    ]) {
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect
        .poll(() => page.locator('form [role="alert"]').innerText())
        .toBe("Sign-in failed. Check your e-mail address and password.");
    }
    await page.context().close();
  });

  it("sends a CSP with a fresh nonce and the other security headers; no script runs without the nonce", async () => {
    const cookie = await signInHttp(server.url, server.users.triager.email, server.users.triager.password);
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const r = await fetch(server.url, { headers: { cookie } });
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).not.toContain("'unsafe-inline' ");
      expect(csp).toContain("frame-ancestors 'none'");
      nonces.add(/'nonce-([^']+)'/.exec(csp)![1]);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("same-origin");
    }
    expect(nonces.size).toBe(2);

    // Every script tag the server sends carries this response's nonce.
    const r = await fetch(server.url, { headers: { cookie } });
    const nonce = /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy")!)![1];
    const tags = (await r.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);

    const page = await signedInPage(browser, server.url, server.users.triager);
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(server.url);
    await page.locator('[data-testid="problems"]').waitFor(); // the page hydrated and works under the policy
    // Markup injected into the page (the XSS that rendering as text prevents in the first place)
    // cannot run an inline handler: the policy blocks it, and the browser says so.
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img id="probe" src="/no-such-image.png" onerror="window.__injected = 1">',
      ),
    );
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    await page.context().close();
  });

  it("refuses changes made with a session from another origin, and sessions on the ingest API", async () => {
    const cookie = await signInHttp(server.url, server.users.admin.email, server.users.admin.password);
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ status: 500 }),
    });
    expect(r.status).toBe(401);
    // The "Add a user" form, as the page renders it (its action reference included), posted with
    // the admin's cookie: from another origin it is refused before it runs; from ours it works.
    const page = await signedInPage(browser, server.url, server.users.admin);
    await page.goto(`${server.url}/admin/users`);
    const fields = await page.evaluate(() => {
      const form = [...document.forms].find((f) => f.textContent?.includes("Add user"))!;
      (form.elements.namedItem("email") as HTMLInputElement).value = "csrf-probe@x.test";
      (form.elements.namedItem("name") as HTMLInputElement).value = "CSRF probe";
      return [...new FormData(form).entries()].map(([k, v]) => [k, String(v)]);
    });
    await page.context().close();
    const submit = (origin: string, as = cookie) => {
      const body = new FormData();
      for (const [k, v] of fields) body.append(k, v);
      return fetch(`${server.url}/admin/users`, {
        method: "POST",
        headers: { cookie: as, origin },
        body,
        redirect: "manual",
      });
    };
    const listed = async () =>
      (await (await fetch(`${server.url}/admin/users`, { headers: { cookie } })).text()).includes("csrf-probe@x.test");
    const foreign = await submit("https://evil.example");
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(await listed()).toBe(false);
    // The action checks the role itself: a triager posting the same action from our origin is refused.
    const triager = await signInHttp(server.url, server.users.triager.email, server.users.triager.password);
    expect((await submit(server.url, triager)).status).toBeGreaterThanOrEqual(400); // forbidden() inside the action
    expect(await listed()).toBe(false);
    await submit(server.url);
    expect(await listed()).toBe(true);
  });

  it("lets the signed-in browser read the API with its session, inside its districts", async () => {
    const page = await signedInPage(browser, server.url, server.users.district_admin);
    const result = await page.evaluate(async () => (await fetch("/api/v1/problems")).json());
    expect((result as { problems: { resource: string }[] }).problems.map((p) => p.resource).sort()).toEqual([
      "sections",
    ]);
    await page.context().close();
  });

  it("redirects a signed-in user away from the sign-in page, and back to where they were going after sign-in", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/kb/descriptor-not-found`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Fkb%2Fdescriptor-not-found/);
    await page.getByLabel("E-mail").fill(server.users.support.email);
    await page.getByLabel("Password").fill(server.users.support.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/kb\/descriptor-not-found$/);
    await page.goto(`${server.url}/signin`);
    await page.waitForURL((url) => url.pathname === "/problems");
    await page.context().close();
  });
});

/** Seeds an event in a district the district admin sees and one in a district they do not. */
async function seedTwoDistricts(server: RunningServer): Promise<{ mine: string; other: string }> {
  const event = (lea: string, resource: string) => ({
    status: 409,
    lea,
    correlationId: `pm-${lea}`,
    url: `https://h/data/v3/ed-fi/${resource}`,
    body: {
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      detail: `The referenced 'Session' item does not exist (${lea}).`,
    },
  });
  const r = await fetch(`${server.url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
    body: JSON.stringify([event("255901", "sections"), event("6001000", "grades")]),
  });
  const written = (await r.json()) as { events: { problemId: string }[] };
  return { mine: written.events[0].problemId, other: written.events[1].problemId };
}

// The page × role matrix on each database; the second server runs as if behind TLS
// (NEXTAUTH_URL https://…): HSTS on, secure cookie names.
describe.each([
  { name: "PGlite", https: false },
  { name: process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite", https: true },
])("pages × roles on $name (https: $https)", ({ name, https }) => {
  let server: RunningServer;
  let drop: () => Promise<void> = async () => {};
  const problemIn: Record<string, string> = {};
  const port = https ? 3_204 : 3_203;
  const env: Record<string, string> = https ? { NEXTAUTH_URL: "https://triage.example.org" } : {};

  beforeAll(async () => {
    if (name === "PostgreSQL") {
      ensureBuild();
      const target = await createPostgresDatabase(testPostgresUrl(), "triage_e2e");
      server = await startNextServer({ kind: "postgres", url: target.url }, port, env);
      drop = target.drop;
    } else server = await startNextServerOnTempPglite(port, "triage-pages", env);
    Object.assign(problemIn, await seedTwoDistricts(server));
  }, 600_000); // a clean clone builds first (one file builds, the others wait for it)
  afterAll(async () => {
    await server?.stop();
    await drop();
  });

  it("answers every page for every role as the rules say", async () => {
    const pages = [
      "/",
      "/problems",
      `/problems/${problemIn.mine}`,
      `/problems/${problemIn.other}`,
      "/kb",
      "/kb/descriptor-not-found",
      "/admin/rules",
      "/admin/clients",
      "/admin/districts",
      "/admin/users",
      "/admin/keys",
      "/admin/sign-ins",
    ];
    const expected = (role: Role | null, path: string): number => {
      if (role === null) return 307; // to the sign-in page
      if (path === "/") return 307; // home is the problem list
      if (path.startsWith("/admin/")) return role === "admin" ? 200 : 403;
      if (path === `/problems/${problemIn.other}`) return role === "district_admin" ? 404 : 200;
      return 200;
    };
    const cookies = new Map<Role | null, string>([[null, ""]]);
    for (const role of ROLES)
      cookies.set(role, await signInHttp(server.url, server.users[role].email, server.users[role].password));
    const cells: string[] = [];
    for (const [role, cookie] of cookies) {
      for (const path of pages) {
        const r = await fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
        cells.push(`${role ?? "nobody"} ${path} ${r.status}`);
        expect(`${role ?? "nobody"} ${path} ${r.status}`).toBe(`${role ?? "nobody"} ${path} ${expected(role, path)}`);
        if (role === null) expect(r.headers.get("location")).toMatch(/\/signin/);
        else if (path === "/") expect(r.headers.get("location")).toBe("/problems");
        expect(r.headers.get("strict-transport-security") !== null, `HSTS ${path}`).toBe(https);
        const html = await r.text();
        if (role === "district_admin") expect(html, path).not.toContain("6001000");
      }
    }
    expect(cells).toHaveLength((ROLES.length + 1) * pages.length);
    for (const path of ["/api/health", "/api/v1/problems"])
      expect(
        (await fetch(`${server.url}${path}`)).headers.get("strict-transport-security") !== null,
        `HSTS ${path}`,
      ).toBe(https);
  }, 120_000);
});
