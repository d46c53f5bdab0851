import { describe, expect, it } from "vitest";
import { safeListReturn } from "@/lib/search-params/list-return";

describe("safeListReturn: only the list's own path is followed back", () => {
  it.each([
    ["/problems?route=data&range=7d", "/problems?route=data&range=7d"],
    ["/problems", "/problems"],
    [null, "/problems"],
    ["https://evil.example/problems", "/problems"],
    ["//evil.example", "/problems"],
    ["/problems?x=1//evil", "/problems"],
    ["/problemsevil", "/problems"],
    ["/problems?\\evil", "/problems"],
    ["/problems?a\nb", "/problems"],
    ["/admin/users", "/problems"],
  ])("%s → %s", (stored, expected) => expect(safeListReturn(stored)).toBe(expected));
});
