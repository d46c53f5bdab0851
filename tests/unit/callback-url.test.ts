// lib/auth/callback-url.ts: after sign-in the browser goes only to a path of this site, whatever
// the callbackUrl says, read the way a browser reads it.
import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK, safeCallbackPath } from "@/lib/auth/callback-url";

const ORIGIN = "http://127.0.0.1:3000";

/** Where a browser on ORIGIN would end up for this path (what the router does with it). */
const browserOrigin = (path: string) => new URL(path, ORIGIN).origin;

const HOSTILE = [
  "/\t/evil.example", // the report: %2F%09%2Fevil.example
  "/\r/evil.example",
  "/\n/evil.example",
  "/\t\t/evil.example",
  "\t//evil.example",
  "//evil.example",
  "///evil.example",
  "//evil.example/problems",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "%2F%2Fevil.example",
  "/%2F/evil.example",
  "/%2F%2Fevil.example",
  "/%09/evil.example",
  "/%5Cevil.example",
  "/%0d%0a/evil.example",
  "/%252F%252Fevil.example/%09",
  "https://evil.example",
  "https://evil.example/problems",
  "http:evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  " javascript:alert(1)",
  "JaVaScRiPt:alert(document.domain)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "%",
  "",
];

describe("safeCallbackPath", () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))("refuses %s", (_, value) => {
    const path = safeCallbackPath(value);
    expect(path).toBe(DEFAULT_CALLBACK);
    expect(browserOrigin(path)).toBe(ORIGIN);
    expect(safeCallbackPath(value, ORIGIN)).toBe(DEFAULT_CALLBACK);
  });

  it.each([
    ["/kb/descriptor-not-found", "/kb/descriptor-not-found"],
    ["/problems?range=7d&lea=255901", "/problems?range=7d&lea=255901"],
    ["/problems?q=a%20b#top", "/problems?q=a%20b#top"],
    ["/events/42", "/events/42"],
    ["/problems/../admin/keys", "/admin/keys"], // resolved as the browser would, still ours
  ])("keeps the path of this site %s", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
    expect(browserOrigin(safeCallbackPath(value))).toBe(ORIGIN);
  });

  it("reduces an absolute URL of this origin to its path and refuses another origin's", () => {
    expect(safeCallbackPath(`${ORIGIN}/problems?range=7d`, ORIGIN)).toBe("/problems?range=7d");
    expect(safeCallbackPath("http://127.0.0.1:3001/problems", ORIGIN)).toBe(DEFAULT_CALLBACK);
    expect(safeCallbackPath(`${ORIGIN}//evil.example`, ORIGIN)).toBe(DEFAULT_CALLBACK);
    expect(safeCallbackPath(`${ORIGIN}/\t/evil.example`, ORIGIN)).toBe(DEFAULT_CALLBACK);
    expect(safeCallbackPath(`${ORIGIN}/kb`)).toBe(DEFAULT_CALLBACK); // without an origin only paths pass
  });

  it("takes the first of repeated parameters, and nothing else than text", () => {
    expect(safeCallbackPath(["/kb", "//evil.example"])).toBe("/kb");
    expect(safeCallbackPath(["//evil.example", "/kb"])).toBe(DEFAULT_CALLBACK);
    expect(safeCallbackPath(undefined)).toBe(DEFAULT_CALLBACK);
    expect(safeCallbackPath(42)).toBe(DEFAULT_CALLBACK);
  });
});
