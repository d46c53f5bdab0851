// Attacker-controlled bodies: nothing throws, nothing grows without bound, nothing pollutes.
import { describe, expect, it } from "vitest";
import { articlePage, canonicalType, classifyEvent, getArticle, redactBody, toStorableJson } from "@/lib/problems";

describe("hostile input", () => {
  it("huge strings are cut", () => {
    const huge = "A".repeat(5_000_000);
    const c = classifyEvent({ status: 400, body: { type: "urn:ed-fi:api:bad-request", detail: huge, errors: [huge] } });
    expect(c.parsed.detail!.length).toBeLessThan(5_000);
    expect(c.articleId).toBe("bad-request");
    const stored = toStorableJson({ detail: huge }) as { detail: string };
    expect(stored.detail.length).toBeLessThan(20_000);
  });

  it("deep nesting is bounded", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 50_000; i++) deep = [deep];
    let deepObject: unknown = { x: 1 };
    for (let i = 0; i < 5_000; i++) deepObject = { a: deepObject };
    for (const body of [
      deep,
      { type: "urn:ed-fi:api:bad-request", detail: "d", errors: deep, validationErrors: deepObject },
    ]) {
      const c = classifyEvent({ status: 400, body });
      expect(c.articleId).toBe("bad-request");
    }
    expect(JSON.stringify(toStorableJson(deepObject))).toContain("nested too deeply");
    expect(JSON.stringify(redactBody(deepObject))).toContain("nested too deeply");
    const text = "[".repeat(100_000) + "]".repeat(100_000);
    expect(classifyEvent({ status: 400, body: text }).articleId).toBe("bad-request");
  });

  it("__proto__ and constructor keys stay plain data", () => {
    const body = JSON.parse(
      '{"type":"urn:ed-fi:api:bad-request:data-validation-failed","detail":"d","__proto__":{"polluted":true},"validationErrors":{"__proto__":["X is required."],"constructor":["Y is required."]}}',
    );
    const c = classifyEvent({ status: 400, body });
    expect(c.articleId).toBe("missing-required-property");
    const stored = toStorableJson(body) as Record<string, unknown>;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.keys(stored)).toContain("__proto__");
    const redacted = redactBody(JSON.parse('{"__proto__":{"firstName":"Ann"},"firstName":"Bo"}')) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(redacted)).not.toContain("Ann");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("invalid UTF-8, NUL bytes and lone surrogates become U+FFFD", () => {
    const decoded = new TextDecoder().decode(
      new Uint8Array([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ); // {"d":"\xff\xfe"}
    const c1 = classifyEvent({ status: 400, body: decoded });
    expect(c1.articleId).toBe("bad-request");
    const c2 = classifyEvent({ status: 400, body: { type: "urn:ed-fi:api:bad-request", detail: "a\u0000b\ud800c" } });
    expect(c2.parsed.detail).toBe("a\uFFFDb\uFFFDc");
    expect(JSON.stringify(toStorableJson({ "k\u0000": "v\udc00" }))).not.toMatch(/\\u0000|\\udc00/);
  });

  it("wrong types in every field do not throw", () => {
    const bodies = [
      42,
      true,
      [],
      [1, null, {}],
      { type: 7, detail: [], errors: "x", validationErrors: 5 },
      { error: 12 },
      { actionOk: 1, error: [null, 3] },
      { message: {} },
    ];
    for (const body of bodies) expect(() => classifyEvent({ status: 400, url: "::::", body })).not.toThrow();
  });

  it("text is never interpreted as markup by the classifier (kept verbatim, minus tags in HTML bodies)", () => {
    const c = classifyEvent({
      status: 400,
      body: { type: "urn:ed-fi:api:bad-request", detail: "<img src=x onerror=alert(1)>" },
    });
    expect(c.parsed.detail).toBe("<img src=x onerror=alert(1)>");
  });

  it.each([["constructor"], ["__proto__"], ["toString"], ["hasOwnProperty"]])(
    "looks %s up as text in every table keyed by outside text",
    (name) => {
      expect(articlePage(name)).toBeUndefined();
      expect(getArticle(name)).toBeUndefined();
      expect(canonicalType(`urn:${name}`)).toBe(`urn:${name.toLowerCase()}`);
      const html = classifyEvent({
        status: 502,
        body: `<html><title>&${name};</title><body>&${name}; x</body></html>`,
      });
      expect(html.parsed.title).toBe(`&${name};`);
      expect(html.parsed.messages[0].text).toBe(`&${name}; &${name}; x`);
    },
  );

  it("recovers broken problem details and reads HTML of any size, bounded (the cost is proven linear by redos.test.ts and measured by the bench)", () => {
    const broken = `"type": "urn:ed-fi:api:bad-request:data-validation-failed", "detail": "x" ${'"$.a": ["m", '.repeat(50_000)}`;
    const c = classifyEvent({ status: 400, body: broken });
    const html = classifyEvent({ status: 502, body: `<html>${"<title".repeat(200_000)}` });
    expect(c.parsed.receivedType).toBe("urn:ed-fi:api:bad-request:data-validation-failed");
    expect(c.parsed.messages.length).toBeLessThanOrEqual(200);
    expect(html.articleId).toBe("service-unavailable");
  });
});
