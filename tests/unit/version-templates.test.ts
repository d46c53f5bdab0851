// Error bodies of ODS/API 5.3 and 6.2, early and current DMS, Meadowlark, the token endpoints,
// OneRoster and NestJS gateways classify to their articles, in their own format, with a reason.
import { describe, expect, it } from "vitest";
import { classifyEvent, getArticle } from "@/lib/problems";
import { VERSION_TEMPLATES, versionEvent } from "../fixtures/version-templates";

describe("bodies of older Ed-Fi versions and the endpoints around the data API", () => {
  it.each(
    VERSION_TEMPLATES.map((t, i) => [`#${i} ${t.expected} (${t.format}): ${t.template.slice(0, 70)}`, t] as const),
  )("%s", (_n, t) => {
    const e = versionEvent(t);
    const c = classifyEvent({ ...e, requestHeaders: e.request?.headers });
    expect(c.articleId, `${t.source.repo} ${t.source.path} @ ${t.source.tag}\nreason: ${c.reason}`).toBe(t.expected);
    expect(c.route).toBe(getArticle(t.expected)!.route);
    expect(c.format).toBe(t.format);
    expect(c.reason.length).toBeGreaterThan(20);
  });

  it("places every specific template in a specific article (no per-status fallback)", () => {
    const specific = VERSION_TEMPLATES.filter((t) => !t.generic && getArticle(t.expected)!.group === "status");
    expect(specific.map((t) => t.template)).toEqual([]);
  });

  it("lists the bodies that only a per-status article fits", () => {
    const generic = VERSION_TEMPLATES.filter((t) => t.generic).map(
      (t) => `${t.expected} ← ${t.template} (${t.source.repo} ${t.source.path} @ ${t.source.tag})`,
    );
    console.info(`version bodies with a per-status article:\n  ${generic.join("\n  ")}`);
    // Reported in the resolve note; the count guards against silently growing the list.
    expect(generic).toHaveLength(8);
    expect(VERSION_TEMPLATES.filter((t) => t.generic).every((t) => getArticle(t.expected)!.group === "status")).toBe(
      true,
    );
  });

  it("reports the fixtures by source and format", () => {
    const bySource = new Map<string, number>();
    for (const t of VERSION_TEMPLATES)
      bySource.set(`${t.source.repo} @ ${t.source.tag}`, (bySource.get(`${t.source.repo} @ ${t.source.tag}`) ?? 0) + 1);
    const formats = new Set(VERSION_TEMPLATES.map((t) => t.format));
    console.info(
      `version templates: ${VERSION_TEMPLATES.length} from ${new Set(VERSION_TEMPLATES.map((t) => `${t.source.repo}/${t.source.path}`)).size} files\n  ${[...bySource].map(([k, n]) => `${n}\t${k}`).join("\n  ")}`,
    );
    expect(formats).toEqual(new Set(["edfi", "oauth", "oneroster", "gateway", "meadowlark", "generic", "text"]));
    expect(VERSION_TEMPLATES.length).toBeGreaterThanOrEqual(120);
  });
});
