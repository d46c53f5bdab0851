import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS, parseSearchQuery } from "@/lib/search/query";

describe("parseSearchQuery: what support pastes", () => {
  const id = "3f1c2a9e-55b1-4c7d-9a0e-1b2c3d4e5f60";
  it.each([
    [id, id],
    [`"${id}"`, id],
    [`\u201c${id}\u201d`, id],
    [`'${id}',`, id],
    [`correlationId: ${id}`, id],
    [`CorrelationId=${id}`, id],
    [`X-Correlation-ID: "${id}"`, id],
    [`correlation id ${id}`, id],
    [`"correlationId": "${id}"`, id],
    [`event #12`, "12"],
    [`#12`, "12"],
    [`problem 45`, "45"],
  ])("%s → %s", (input, text) => {
    const q = parseSearchQuery(input);
    expect(q.text).toBe(text);
    expect(q.idLike).toBe(true);
  });

  it("keeps a label-like first word that starts a message", () => {
    const q = parseSearchQuery("problem with the SexDescriptor");
    expect(q.label).toBeNull();
    expect(q.words).toEqual(["problem", "with", "the", "sexdescriptor"]);
    expect(q.idLike).toBe(false);
  });

  it("splits words (distinct, lower-cased, ≥ 3 characters, quotes stripped)", () => {
    expect(parseSearchQuery(`must be between "TotalInstructionalDays" 0 366 must`).words).toEqual([
      "must",
      "between",
      "totalinstructionaldays",
      "366",
    ]);
  });

  it("searches no word without a letter or digit (no trigram: it would read every text)", () => {
    expect(parseSearchQuery("--- %%% Descriptor ___").words).toEqual(["descriptor"]);
  });

  it("marks digits as an id and bounds the text", () => {
    expect(parseSearchQuery(" 123 ").numeric).toBe(true);
    expect(parseSearchQuery("12a").numeric).toBe(false);
    expect(parseSearchQuery("x".repeat(1_000)).typed).toHaveLength(MAX_QUERY_CHARS);
  });

  it("answers in linear time for hostile input", () => {
    const hostile = ['"'.repeat(100_000) + "a", "correlation".repeat(20_000), "a ".repeat(50_000), ":".repeat(100_000)];
    for (const h of hostile) expect(() => parseSearchQuery(h)).not.toThrow();
    expect(parseSearchQuery('"'.repeat(199) + "a").text).toBe("a");
  });
});
