// Error texts as the field meets them (state agency and SIS vendor guides, Ed-Fi playbooks and
// documentation, ETL tools, review threads) land on their articles. On failure the message names
// the source, the quoted text, the article the classifier chose and its reason.
import { describe, expect, it } from "vitest";
import { ARTICLES, classifyEvent, getArticle } from "@/lib/problems";
import { FIELD_TEXTS, fieldEvent, type FieldText } from "../fixtures/field-texts";

const where = (t: FieldText) =>
  [t.source.url, [t.source.repo, t.source.path, t.source.commit].filter(Boolean).join(" "), t.source.where]
    .filter(Boolean)
    .join(" — ");

describe("error texts from the field", () => {
  it.each(FIELD_TEXTS.map((t, i) => [`#${i} ${t.expected}: ${t.quoted.slice(0, 80)}`, t] as const))("%s", (_n, t) => {
    const c = classifyEvent(fieldEvent(t));
    expect(c.articleId, `${where(t)}\nquoted: ${t.quoted}\ngot ${c.articleId}: ${c.reason}`).toBe(t.expected);
    expect(c.route).toBe(getArticle(t.expected)!.route);
    expect(c.alt).toBe(getArticle(t.expected)!.alt);
  });

  it("keeps every entry traceable: a source, the quoted text, how it became an event, a known article", () => {
    const ids = new Set(ARTICLES.map((a) => a.id));
    for (const t of FIELD_TEXTS) {
      expect(t.source.url ?? t.source.repo, t.quoted).toBeTruthy();
      if (t.source.repo && !t.source.url)
        expect(t.source.path && /^[0-9a-f]{40}$/.test(t.source.commit ?? ""), t.quoted).toBeTruthy();
      expect(t.quoted.length).toBeGreaterThan(20);
      expect(t.reconstruction.length).toBeGreaterThan(10);
      expect(ids.has(t.expected), t.expected).toBe(true);
      expect(ids.has(t.before), t.before).toBe(true);
    }
  });

  it("draws on at least 25 texts from at least 8 sources, half of which the classifier missed before", () => {
    const sources = new Set(FIELD_TEXTS.map((t) => t.source.url ?? `${t.source.repo}/${t.source.path}`));
    const fixed = FIELD_TEXTS.filter((t) => t.before !== t.expected);
    console.info(
      `field texts: ${FIELD_TEXTS.length} from ${sources.size} sources; ${fixed.length} landed elsewhere before:\n  ${fixed.map((t) => `${t.before} → ${t.expected}: ${t.quoted.slice(0, 90)}`).join("\n  ")}`,
    );
    expect(FIELD_TEXTS.length).toBeGreaterThanOrEqual(25);
    expect(sources.size).toBeGreaterThanOrEqual(8);
    expect(fixed.length).toBeGreaterThanOrEqual(15);
  });

  it("reads a one-line 5.x validation result sentence by sentence, with the item's path", () => {
    const c = classifyEvent({
      status: 400,
      url: "https://x/data/v3/ed-fi/sections",
      method: "POST",
      body: {
        message:
          "Validation of 'Section' failed. Validation of 'SectionSets (TX)' failed. SectionSet[0]: The field CTEHours must be between 1 and 3.",
      },
    });
    expect(c.articleId).toBe("value-out-of-range");
    expect(c.parsed.messages.map((m) => [m.source, m.path, m.text])).toEqual([
      ["validation", "SectionSet[0]", "The field CTEHours must be between 1 and 3."],
    ]);
    // A quoted value with ". " inside, and an apostrophe between letters, are not sentence ends.
    const d = classifyEvent({
      status: 400,
      url: null,
      method: "POST",
      body: {
        message:
          "Validation of 'Student' failed. Unable to resolve value 'uri://x.org/TitleDescriptor#Mr. Smith' to an existing 'TitleDescriptor' resource. The caller's Student reference could not be resolved.",
      },
    });
    expect(d.parsed.messages.map((m) => m.text)).toEqual([
      "Unable to resolve value 'uri://x.org/TitleDescriptor#Mr. Smith' to an existing 'TitleDescriptor' resource.",
      "The caller's Student reference could not be resolved.",
    ]);
    expect(d.articleId).toBe("descriptor-not-found");
  });

  it("reads a status-prefixed body (an ETL tool's record) by its body, the prefix giving the status", () => {
    const c = classifyEvent({
      status: 0,
      url: null,
      method: null,
      body: '409: { "message": "The value supplied for the related \'session\' resource does not exist." }',
    });
    expect(c.format).toBe("edfi");
    expect(c.parsed.status).toBe(409);
    expect(c.articleId).toBe("unresolved-reference");
    // Not JSON after the prefix: the whole text stays one text message.
    const t = classifyEvent({ status: 500, url: null, method: null, body: "500: {not json" });
    expect(t.format).toBe("text");
    expect(t.parsed.messages.map((m) => m.text)).toEqual(["500: {not json"]);
  });

  it("reads backticks as quotes only in a message that has no quote (lightbeam's linearised form)", () => {
    const a = classifyEvent({
      status: 400,
      url: null,
      method: null,
      body: {
        message:
          "Validation of `Student` failed. SexDescriptor value `uri://ed-fi.org/SexDescriptor#X` does not exist.",
      },
    });
    expect(a.articleId).toBe("descriptor-not-found");
    const b = classifyEvent({
      status: 400,
      url: null,
      method: null,
      body: { message: "SexDescriptor value `uri://ed-fi.org/SexDescriptor#X` isn't known." },
    });
    expect(b.articleId).toBe("bad-request");
  });
});
