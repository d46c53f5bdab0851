// Dev aid: screenshots of URLs of a running server, signed in as a demo user.
//   npx tsx tests/tools/look.ts ROLE PATH[,PATH...] [WIDTH...]   (server: BASE_URL, default http://127.0.0.1:3000;
//   the browser's time zone: VIEWER_TZ, e.g. America/Chicago; THEME=light|dark|both, default light:
//   the triage-theme cookie, file names end in -dark when dark)
import { launchChromium, signInThroughForm } from "../support/browser";

async function main() {
  const [role = "triager", paths = "/problems", ...widths] = process.argv.slice(2);
  const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
  const browser = await launchChromium();
  try {
    const context = await browser.newContext(process.env.VIEWER_TZ ? { timezoneId: process.env.VIEWER_TZ } : {});
    const page = await context.newPage();
    const themes = process.env.THEME === "both" ? ["light", "dark"] : [process.env.THEME ?? "light"];
    page.on(
      "console",
      (m) => m.type() === "error" && console.error("console:", m.text().slice(0, 400), m.location().url),
    );
    page.on("pageerror", (e) => console.error("pageerror:", e.message));
    await signInThroughForm(page, base, `${role}@demo.triage.test`, process.env.TRIAGE_DEMO_PASSWORD ?? "");
    for (const theme of themes) {
      await context.addCookies([{ name: "triage-theme", value: theme, url: base }]);
      for (const path of paths.split(",")) {
        for (const width of (widths.length ? widths : ["1280"]).map(Number)) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${base}${path}`);
          await page.waitForLoadState("networkidle");
          const file = `/tmp/shots/${path.replace(/[^a-z0-9]+/gi, "_")}-${role}-${width}${theme === "dark" ? "-dark" : ""}.png`;
          await page.screenshot({ path: file, fullPage: process.env.FULL === "1" });
          console.log(file);
        }
      }
    }
  } finally {
    await browser.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
