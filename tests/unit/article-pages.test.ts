// Every article has its own page (meaning, who acts, resolution, example), and its example
// classifies back to the article.
import { describe, expect, it } from "vitest";
import { ARTICLES, classifyEvent } from "@/lib/problems";
import { ARTICLE_PAGES, type ArticleExample } from "@/lib/problems/article-pages";

function exampleEvent(e: ArticleExample) {
  if (e.format === "access")
    return { status: e.status, body: { actionOk: false, error: [e.code], message: e.message } };
  if (e.format === "generic")
    return { status: e.status, body: e.code ? { error: { code: e.code, message: e.message } } : { error: e.message } };
  if (e.format === "text") return { status: e.status, body: e.message };
  if (e.format === "oauth")
    return { status: e.status, url: "https://h/oauth/token", body: { error: e.code, error_description: e.message } };
  const body = e.path
    ? {
        type: e.type,
        detail: "Data validation failed. See 'validationErrors' for details.",
        validationErrors: { [e.path]: [e.message] },
      }
    : { type: e.type, detail: "x", errors: [e.message] };
  return { status: e.status, url: "https://h/data/v3/ed-fi/students", body: { ...body, status: e.status } };
}

describe("article pages", () => {
  it("exist for every article and for nothing else", () => {
    expect(Object.keys(ARTICLE_PAGES).sort()).toEqual(ARTICLES.map((a) => a.id).sort());
  });

  it.each(ARTICLES.map((a) => [a.id] as const))("%s: complete, and its example classifies to it", (id) => {
    const page = ARTICLE_PAGES[id];
    expect(page.meaning.length).toBeGreaterThan(20);
    expect(page.whoActs.length).toBeGreaterThan(5);
    expect(page.resolution.length).toBeGreaterThan(0);
    expect(classifyEvent(exampleEvent(page.example)).articleId).toBe(id);
  });
});
