// A value detector skips a text without its required character (redactValues): that is only
// right if every match contains it. Random texts over the characters the patterns care about.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRIVACY_RULES } from "@/lib/problems/privacy-rules";
import { redactValues } from "@/lib/problems/redact";

// Texts built of near-values (digit runs and separators, local parts, "@" and domains), so that
// random texts hold many matches and near misses.
const digits = fc.constantFrom("12", "123", "1234", "45", "4", "456", "6789", "678", "67890");
const separator = fc.constantFrom("-", "-", "-", " ", ".", "(", ")", "+1");
const numberish = fc.tuple(digits, separator, digits, separator, digits).map((parts) => parts.join(""));
const email = fc
  .tuple(
    fc.constantFrom("jo", "j.o", "a+b", "x%y", "_", ""),
    fc.constantFrom("@", ""),
    fc.constantFrom("k12", "d-1", ""),
  )
  .chain(([l, at, d]) => fc.constantFrom(".us", ".tx.us", "", ".").map((tld) => l + at + d + tld));
const text = fc.array(fc.oneof(numberish, digits, separator, email), { maxLength: 12 }).map((cs) => cs.join(""));

describe("value detectors", () => {
  it.each(PRIVACY_RULES.valueDetectors.filter((d) => d.requires).map((d) => [d.name, d] as const))(
    "every %s match contains the character its skip tests for",
    (_, d) => {
      let matches = 0;
      fc.assert(
        fc.property(text, (t) => {
          for (const m of t.matchAll(new RegExp(d.pattern.source, d.pattern.flags))) {
            matches++;
            expect(m[0]).toContain(d.requires);
          }
        }),
        { numRuns: 30_000 },
      );
      expect(matches).toBeGreaterThan(20); // the texts did hold matches
    },
  );

  it("still redacts what the skip lets through, and leaves texts without it alone", () => {
    expect(redactValues("contact jo.smith@district.k12.tx.us or 123-45-6789")).toBe(
      "contact [redacted email] or [redacted ssn]",
    );
    expect(redactValues("Student 604822 not found (512) 555-0100")).toBe("Student 604822 not found [redacted phone]");
  });
});
