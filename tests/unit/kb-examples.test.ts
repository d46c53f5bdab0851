// Every example response of both knowledge-base copies (7.1 and 7.2+ type names) classifies to
// the article of the section it appears in. The fixture is extracted from
// ../shared/reference/sources by tests/tools/extract_kb_examples.py.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { ARTICLES, classifyEvent, getArticle } from "@/lib/problems";
import examples from "../fixtures/kb-examples.json";

interface Example {
  source: string;
  section: string;
  articleId: string;
  event: { method: string | null; url: string | null; status: number; body: string };
}

/**
 * Known defects of the source documents, where the body itself says something else than its
 * section. The KB's "Invalid Method Usage" example response is a verbatim copy of the
 * "Invalid Profile Usage" one (same correlationId 54e1e704…, type invalid-profile-usage,
 * "…readable cannot be used with PUT requests" under a POST): classifying the body honestly
 * gives invalid-profile-usage.
 */
const SOURCE_DEFECTS: Record<string, string> = {
  "002_71aca9daa9296984.txt|Invalid Method Usage": "invalid-profile-usage",
};

const all = examples as Example[];

describe("knowledge-base examples", () => {
  it("covers both copies and every documented section", () => {
    expect(all.filter((e) => e.source.startsWith("001")).length).toBeGreaterThanOrEqual(44);
    expect(all.filter((e) => e.source.startsWith("002")).length).toBeGreaterThanOrEqual(46);
    const documented = ARTICLES.filter((a) => a.group === "edfi").map((a) => a.id);
    const covered = new Set(all.map((e) => e.articleId));
    expect(documented.filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(all.map((e, i) => [`${e.source.slice(0, 3)} #${i} ${e.section}`, e] as const))("%s", (_name, example) => {
    const expected = SOURCE_DEFECTS[`${example.source}|${example.section}`] ?? example.articleId;
    const c = classifyEvent(example.event);
    expect(c.articleId).toBe(expected);
    const article = getArticle(expected)!;
    expect(c.route).toBe(article.route);
    expect(c.alt).toBe(article.alt);
    expect(c.format).toBe("edfi");
    expect(c.resource).toMatch(/^[a-z][A-Za-z]+$/);
    expect(c.receivedType).toMatch(/^urn:ed-fi:api:/);
    expect(c.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps the 7.1 type as received and classifies by the canonical one", () => {
    const old = all.find((e) => e.source.startsWith("001") && e.articleId === "dependent-item-exists")!;
    const c = classifyEvent(old.event);
    expect(c.receivedType).toBe("urn:ed-fi:api:conflict:dependent-item-exists");
    expect(c.canonicalType).toBe("urn:ed-fi:api:data-conflict:dependent-item-exists");
  });

  it("gives the same fingerprint to the 7.1 and 7.2 copies of one example", () => {
    for (const section of ["Descriptor Does Not Exist", "Missing a Required Property", "Unresolved Reference"]) {
      const [a, b] = [
        all.find((e) => e.source.startsWith("001") && e.section === section)!,
        all.find((e) => e.source.startsWith("002") && e.section === section)!,
      ];
      expect(classifyEvent(a.event).fingerprint).toBe(classifyEvent(b.event).fingerprint);
    }
  });

  const sources = new URL("../../../shared/reference/sources/", import.meta.url);
  it("the fixture holds every response of the sources (re-extract when they change)", () => {
    expect(
      existsSync(sources),
      `${sources.pathname} is missing: the fixture is checked against shared/reference/sources, which must sit beside the repository`,
    ).toBe(true);
    for (const file of ["001_01481f72e5088fdc.txt", "002_71aca9daa9296984.txt"]) {
      const text = readFileSync(new URL(file, sources), "utf8");
      const ids = new Set([...text.matchAll(/"correlationId":\s*"([^"]+)"/g)].map((m) => m[1]));
      const inFixture = new Set(
        all.filter((e) => e.source === file).map((e) => /"correlationId":\s*"([^"]+)"/.exec(e.event.body)?.[1]),
      );
      expect([...ids].filter((id) => !inFixture.has(id))).toEqual([]);
    }
  });
});
