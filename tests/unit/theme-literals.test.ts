// Every colour the UI shows comes from the theme (app/globals.css): no Tailwind palette colour
// (`text-gray-500`, `bg-indigo-600`, `text-white`…) and no hex, rgb or hsl literal in app/ or
// components/, so light and dark mode stay one change in one file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const PALETTE =
  "slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose";
const UTILITIES =
  "bg|text|border|border-[trblxy]|ring|ring-offset|fill|stroke|outline|divide|decoration|accent|caret|placeholder|from|via|to|shadow";
const PALETTE_CLASS = new RegExp(`(?<![\\w-])(?:${UTILITIES})-(?:(?:${PALETTE})-\\d{2,3}|white|black)(?![\\w-])`, "g");
const COLOUR_LITERAL = /#[0-9a-fA-F]{3,8}\b(?=["'`;\s),])|\b(?:rgba?|hsla?)\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(tsx?|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe("colours come from the theme", () => {
  const files = [...sourceFiles("app"), ...sourceFiles("components")];

  it("scans the UI's source", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("no palette colour class and no colour literal outside app/globals.css", () => {
    const found = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          [...line.matchAll(PALETTE_CLASS), ...line.matchAll(COLOUR_LITERAL)].map((m) => `${file}:${i + 1} ${m[0]}`),
        ),
    );
    expect(found).toEqual([]);
  });

  it("would catch one", () => {
    expect('className="rounded bg-indigo-600 text-white hover:text-gray-900"'.match(PALETTE_CLASS)).toEqual([
      "bg-indigo-600",
      "text-white",
      "text-gray-900",
    ]);
    expect('stroke="#9ca3af" fill="rgb(1, 2, 3)"'.match(COLOUR_LITERAL)).toEqual(["#9ca3af", "rgb("]);
    expect('className="bg-primary text-muted-foreground border-tone-warning-ring"'.match(PALETTE_CLASS)).toBeNull();
  });
});
