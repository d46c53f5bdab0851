// Chromium for the browser tests: CHROMIUM_PATH, else the usual places, else the Chromium that the
// @sparticuz/chromium package ships (a machine with no system browser and no root still runs the
// suite). And signing in through the real form.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const USUAL_PLACES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
];

/** The flags every launch gets: no sandbox (root in CI), and nothing that reaches out to the network. */
const QUIET_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/**
 * The bundled build's own flags are made for a one-shot serverless browser: `--single-process` and
 * `--no-zygote` crash it when a test closes one of several contexts, and `--disable-web-security`
 * would make it laxer than a user's browser. It runs with our flags alone.
 */

export interface ChromiumChoice {
  executablePath: string;
  args: string[];
  /** Where it came from, for the failure message and the test. */
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
}

/**
 * CHROMIUM_PATH when set (it must exist; `@sparticuz/chromium` picks the package's build), else the
 * first usual place that exists, else the package's build, unpacked into the temporary directory on
 * first use.
 */
export async function findChromium(
  options: { envPath?: string; places?: readonly string[] } = {},
): Promise<ChromiumChoice> {
  const envPath = "envPath" in options ? options.envPath : process.env.CHROMIUM_PATH;
  if (envPath && envPath !== "@sparticuz/chromium") {
    if (!existsSync(envPath)) throw new Error(`CHROMIUM_PATH=${envPath} does not exist`);
    return { executablePath: envPath, args: QUIET_FLAGS, source: "CHROMIUM_PATH" };
  }
  const found = envPath ? undefined : (options.places ?? USUAL_PLACES).find((p) => existsSync(p));
  if (found) return { executablePath: found, args: QUIET_FLAGS, source: "system" };
  try {
    const bundled = (await import("@sparticuz/chromium")).default;
    const executablePath = await bundled.executablePath();
    return { executablePath, args: QUIET_FLAGS, source: "@sparticuz/chromium" };
  } catch (error) {
    throw new Error(
      `Chromium not found (${USUAL_PLACES.join(", ")}) and @sparticuz/chromium could not be unpacked (${String(error)}): install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`,
    );
  }
}

export async function launchChromium(choice?: ChromiumChoice): Promise<Browser> {
  const { executablePath, args } = choice ?? (await findChromium());
  return chromium.launch({ executablePath, headless: true, args });
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
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughForm(page, baseUrl, user.email, user.password);
  return page;
}
