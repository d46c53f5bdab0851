// Bidi overrides, isolates, zero-width and control characters in stored text are shown as visible
// markers (issue 21, item 9), and ordinary text — including tabs, newlines and non-Latin scripts — is untouched.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { showControls } from "@/lib/problems";

describe("showControls", () => {
  it("marks every bidi override, isolate, zero-width and separator character", () => {
    const hidden = [
      "\u202A",
      "\u202B",
      "\u202C",
      "\u202D",
      "\u202E",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
      "\u200B",
      "\u200C",
      "\u200D",
      "\u200E",
      "\u200F",
      "\uFEFF",
      "\u2028",
      "\u2029",
      "\u061C",
      "\u2060",
      "\u0007",
      "\u001B",
      "\u0085",
    ];
    for (const c of hidden) {
      const code = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      expect(showControls(`a${c}b`)).toBe(`a⟨U+${code}⟩b`);
    }
  });

  it("turns a disguised file name into what it really is", () => {
    expect(showControls("invoice\u202Efdp.exe")).toBe("invoice⟨U+202E⟩fdp.exe");
    expect(showControls("Student\u200B\u200BId")).toBe("Student⟨U+200B⟩⟨U+200B⟩Id");
  });

  it("leaves ordinary text as it is, the same string when nothing is hidden", () => {
    const text = 'Line one\n\tLine two\r\nשלום 日本語 Ünïcödé 😀 {"a": 1}';
    expect(showControls(text)).toBe(text);
  });

  it("leaves no hidden character behind and changes nothing else", () => {
    const hiddenChar =
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const shown = showControls(text);
        expect(hiddenChar.test(shown)).toBe(false);
        // Removing the markers of hidden characters gives back the visible characters in order.
        expect(shown.replace(/⟨U\+[0-9A-F]{4}⟩/g, "")).toBe(
          [...text].filter((c) => c.length > 1 || !hiddenChar.test(c)).join(""),
        );
      }),
    );
  });
});
