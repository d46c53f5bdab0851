// Every regular expression that sees received or stored text runs in linear time. A real ReDoS
// checker (recheck) proved it for each pattern once: its verdict is kept in redos-verdicts.json under
// the pattern's hash, so the suite's verdict does not depend on the machine's load (recheck's fuzz
// checker gives up when it runs out of time). A new or changed pattern has no verdict yet: it is
// checked here, and `npm run redos:record` keeps the verdict. Beside the proof, every pattern is run
// on strings shaped like recheck's attacks, 20,000 characters long, built from its own characters:
// a linear pattern takes milliseconds for all of them, a super-linear one seconds to hours.
import { checkSync } from "recheck";
import { describe, expect, it } from "vitest";
import { attackStrings, collectPatterns, patternHash, patternText, readVerdicts } from "../support/redos-patterns";

/** Per pattern, for all of its attack strings together: over 100× what any pattern takes here. */
const BUDGET_MS = 2_000;

describe("regular expressions on received text", () => {
  const { patterns, literalCount, dynamic } = collectPatterns();
  const verdicts = readVerdicts();

  it("are all literals (a pattern built at run time cannot be checked)", () => {
    expect(dynamic).toEqual([]);
    expect(literalCount).toBeGreaterThan(100); // the catalog alone has well over a hundred
  });

  it("are all linear-time according to recheck (recorded verdicts; new or changed patterns checked now)", () => {
    const unsafe: string[] = [];
    const unrecorded: string[] = [];
    for (const [hash, p] of patterns) {
      if (verdicts[hash]) continue;
      unrecorded.push(`${p.where} ${patternText(p)}`);
      const result = checkSync(p.source, p.flags, { timeout: 120_000, randomSeed: 1 });
      if (result.status !== "safe")
        unsafe.push(
          `${p.where} ${patternText(p)}: ${result.status}${result.status === "vulnerable" ? ` (${result.complexity.summary}, attack ${JSON.stringify(result.attack.pattern).slice(0, 80)})` : result.status === "unknown" ? ` (${result.error.kind})` : ""}`,
        );
    }
    if (unrecorded.length)
      console.warn(
        `redos: ${unrecorded.length} pattern(s) without a recorded verdict were checked now; keep their verdicts with 'npm run redos:record':\n  ${unrecorded.join("\n  ")}`,
      );
    expect(unsafe).toEqual([]);
  }, 1_200_000);

  it("keep no verdict for a pattern that is gone (the file lists what the code holds)", () => {
    const stale = Object.entries(verdicts)
      .filter(([hash]) => !patterns.has(hash))
      .map(([, v]) => v.pattern);
    expect(stale).toEqual([]);
  });

  it("run in linear time on attack-shaped strings of their own characters", () => {
    const slow: string[] = [];
    for (const p of patterns.values()) {
      const re = new RegExp(p.source, p.flags.replace(/[gy]/g, ""));
      const started = performance.now();
      for (const attack of attackStrings(p)) re.test(attack);
      const ms = performance.now() - started;
      if (ms > BUDGET_MS) slow.push(`${p.where} ${patternText(p)}: ${Math.round(ms)} ms`);
    }
    expect(slow).toEqual([]);
  }, 600_000);

  it("the attack-shaped strings catch a pattern that backtracks (the check can fail)", () => {
    const strings = attackStrings({ source: "^(a|a)*b$" }, 25);
    const re = /^(a|a)*b$/;
    const started = performance.now();
    for (const s of strings) re.test(s);
    expect(performance.now() - started).toBeGreaterThan(BUDGET_MS / 20); // 2^25 paths: far past any linear pattern
    expect(patternHash({ source: "a", flags: "" })).not.toBe(patternHash({ source: "a", flags: "i" }));
  }, 600_000);
});
