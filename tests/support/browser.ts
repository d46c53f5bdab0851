// Chromium for the browser tests: CHROMIUM_PATH, else the usual places; when none is found the
// test fails with one line saying how to install it. And signing in through the real form.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

const USUAL_PLACES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

export function chromiumPath(): string {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : USUAL_PLACES;
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Chromium not found (${candidates.join(", ")}): install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
}

/** Signs in through the sign-in form and waits for the dashboard. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/problems");
  await page.locator('[data-testid="viewer"]').waitFor();
}

/** A new page (own cookies) signed in as this user. */
export async function signedInPage(browser: Browser, baseUrl: string, user: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughForm(page, baseUrl, user.email, user.password);
  return page;
}
