// Dev aid: axe-core's serious and critical violations on pages of a running server, signed in as a demo user.
//   TRIAGE_DEMO_PASSWORD=… BASE_URL=http://127.0.0.1:3000 npx tsx tests/tools/axe-scan.ts ROLE /path,/path
import { launchChromium, signInThroughForm } from "../support/browser";
import { seriousViolations } from "../support/axe";

async function main() {
  const [role = "triager", paths = "/problems"] = process.argv.slice(2);
  const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, base, `${role}@demo.triage.test`, process.env.TRIAGE_DEMO_PASSWORD ?? "");
    for (const path of paths.split(",")) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState("networkidle");
      const found = await seriousViolations(page);
      console.log(`${path}: ${found.length ? `\n  ${found.join("\n  ")}` : "none"}`);
    }
  } finally {
    await browser.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
