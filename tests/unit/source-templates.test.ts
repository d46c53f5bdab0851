// Every message template read in the real ODS/API and DMS sources classifies to its article.
import { describe, expect, it } from "vitest";
import { classifyEvent, getArticle } from "@/lib/problems";
import { SOURCE_TEMPLATES, templateEvent } from "../fixtures/source-templates";

describe("templates from the Ed-Fi sources", () => {
  it.each(SOURCE_TEMPLATES.map((t, i) => [`#${i} ${t.expected}: ${t.template.slice(0, 70)}`, t] as const))(
    "%s",
    (_n, t) => {
      const c = classifyEvent(templateEvent(t));
      expect(c.articleId, t.source).toBe(t.expected);
      expect(c.route).toBe(getArticle(t.expected)!.route);
      expect(c.format).toBe(t.text !== undefined ? "text" : "edfi");
    },
  );

  it("places every specific template in a specific article (no per-status fallback)", () => {
    const generic = SOURCE_TEMPLATES.filter((t) => !t.generic).filter(
      (t) => getArticle(t.expected)!.group === "status",
    );
    expect(generic.map((t) => t.template)).toEqual([]);
  });

  it("lists the templates that only a per-status article fits", () => {
    const fallbacks = SOURCE_TEMPLATES.filter((t) => t.generic).map(
      (t) => `${t.expected} ← ${t.template} (${t.source})`,
    );
    // Reported in the resolve note; the count guards against silently growing the list.
    console.info(`templates with a per-status article:\n  ${fallbacks.join("\n  ")}`);
    expect(fallbacks).toHaveLength(4);
  });

  it("covers at least 70 templates from at least 25 source files", () => {
    expect(SOURCE_TEMPLATES.length).toBeGreaterThanOrEqual(70);
    expect(new Set(SOURCE_TEMPLATES.map((t) => t.source.replace(/ .*$/, "") + t.source)).size).toBeGreaterThanOrEqual(
      25,
    );
  });
});
