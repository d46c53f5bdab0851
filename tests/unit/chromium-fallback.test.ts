// A machine without a system Chromium (and without root to install one) still runs the browser
// tests: the Chromium that @sparticuz/chromium ships is found, launches and renders a page.
import { describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "../support/browser";

describe("Chromium for the browser tests", () => {
  it("falls back to the packaged build when CHROMIUM_PATH is unset and no usual place exists", async () => {
    const choice = await findChromium({ envPath: undefined, places: ["/nonexistent/chromium"] });
    expect(choice.source).toBe("@sparticuz/chromium");
    expect(choice.args).not.toContain("--disable-web-security");
    const browser = await launchChromium(choice);
    try {
      const page = await browser.newPage();
      await page.setContent("<main><h1 id=t>rendered</h1></main>");
      expect(await page.textContent("#t")).toBe("rendered");
      // Two contexts, as the access tests open one per user.
      const other = await (await browser.newContext()).newPage();
      await other.setContent("<p>second</p>");
      expect(await other.textContent("p")).toBe("second");
    } finally {
      await browser.close();
    }
  });

  it("names a CHROMIUM_PATH that does not exist instead of falling back", async () => {
    await expect(findChromium({ envPath: "/nonexistent/chrome" })).rejects.toThrow(
      /CHROMIUM_PATH=\/nonexistent\/chrome does not exist/,
    );
  });
});
