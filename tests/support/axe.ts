// axe-core in a page of the browser tests: the violations a user would hit hardest (impact serious
// or critical), one readable line per rule and element, so `expect(…).toEqual([])` says what and where.
import axe from "axe-core";
import type { Page } from "playwright-core";

interface Found {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Runs every axe rule on the page as it is now (open popovers and dialogs included) and returns the
 * serious and critical violations as lines: `color-contrast (serious) at .foo > span: Fix any of…`.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Through the debugging protocol, so the page's Content-Security-Policy does not refuse it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const found = (await page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(" "),
        summary: (n.failureSummary ?? "").replace(/\s+/g, " ").trim(),
      })),
    }));
  })) as Found[];
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${new URL(page.url()).pathname}: ${v.id} (${v.impact}, ${v.help}) at ${n.target}: ${n.summary}`,
      ),
    );
}
