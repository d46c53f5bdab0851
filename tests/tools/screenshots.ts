// Screenshots of every page at 1280 and 800 px, signed in as each role that opens it, for a person
// to look at (tests/e2e/screenshots/, not committed).   npx tsx tests/tools/screenshots.ts
import { mkdirSync } from "node:fs";
import { launchChromium, signedInPage } from "../support/browser";
import { startNextServerOnTempPglite } from "../support/next-server";
import { demoEvents } from "../../prisma/demo/generate";

const OUT = "tests/e2e/screenshots";

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startNextServerOnTempPglite(3_299, "triage-shots");
  // Every sixth of the demo set: background errors of every district, not only the incidents.
  const events = [...demoEvents({ count: 18_000, days: 30, seed: 3 })].filter((_, i) => i % 6 === 0).slice(0, 3_000);
  await fetch(`${server.url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
    body: JSON.stringify(events),
  });
  const browser = await launchChromium();
  try {
    const anonymous = await (await browser.newContext()).newPage();
    for (const width of [1280, 800]) {
      await anonymous.setViewportSize({ width, height: 900 });
      await anonymous.goto(`${server.url}/signin`);
      await anonymous.screenshot({ path: `${OUT}/signin-${width}.png`, fullPage: true });
    }
    const shots: [string, string, keyof typeof server.users][] = [
      ["problems", "/problems", "triager"],
      ["problems-filtered", "/problems?route=data&range=7d&sort=lastSeen.desc", "triager"],
      ["problems-grouped", "/problems?group=resource", "support"],
      ["problems-district", "/problems", "district_admin"],
      ["search", "/search?q=does%20not%20exist", "support"],
      ["kb", "/kb", "support"],
      ["kb-article", "/kb/descriptor-not-found", "support"],
      ["admin-rules", "/admin/rules", "admin"],
      ["admin-users", "/admin/users", "admin"],
      ["admin-keys", "/admin/keys", "admin"],
      ["admin-sign-ins", "/admin/sign-ins", "admin"],
      ["forbidden", "/admin/users", "support"],
      ["problems-hostile-range", "/problems?range=custom&from=0100-01-01&to=9998-12-30", "district_admin"],
      ["trends-impossible-date", "/trends?range=custom&from=2026-02-30&to=2026-03-05", "district_admin"],
      ["admin-clients", "/admin/clients", "admin"],
    ];
    for (const [name, path, role] of shots) {
      const page = await signedInPage(browser, server.url, server.users[role]);
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}${path}`);
        await page.waitForFunction(() => !document.body.innerText.includes("Loading")); // streamed parts in
        await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
      }
      const first = page.locator('[data-testid="problems"] tbody a[data-row-link]').first();
      if (name === "problems" && (await first.count())) {
        await first.click();
        await page.waitForURL(/\/problems\/\d+$/);
        await page.waitForFunction(() => !document.body.innerText.includes("Loading"));
        for (const width of [1280, 800]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: `${OUT}/problem-${width}.png`, fullPage: true });
        }
        await page.locator('[data-testid="events"] tbody a').first().click();
        await page.waitForURL(/\/events\/\d+$/);
        for (const width of [1280, 800]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: `${OUT}/event-${width}.png`, fullPage: true });
        }
      }
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`screenshots in ${OUT}/`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
