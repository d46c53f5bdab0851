// npm run redos:record — checks every pattern without a recorded verdict with recheck (a generous
// time limit: run it on a quiet machine), keeps the safe ones' verdicts in tests/unit/redos-verdicts.json
// and drops the verdicts of patterns that are gone. A pattern that is not safe is printed and not
// recorded (exit 1): fix the pattern.
import { writeFileSync } from "node:fs";
import { checkSync } from "recheck";
import { collectPatterns, patternText, readVerdicts, VERDICTS_FILE, type Verdict } from "../support/redos-patterns";

const { patterns } = collectPatterns();
const old = readVerdicts();
const next: Record<string, Verdict> = {};
let failed = 0;
let checked = 0;
for (const [hash, p] of patterns) {
  if (old[hash]) {
    next[hash] = old[hash];
    continue;
  }
  checked++;
  const result = checkSync(p.source, p.flags, { timeout: 300_000, randomSeed: 1 });
  if (result.status === "safe") next[hash] = { pattern: patternText(p).slice(0, 160), checker: result.checker };
  else {
    failed++;
    console.error(`${p.where} ${patternText(p)}: ${result.status}`);
  }
}
const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(VERDICTS_FILE, JSON.stringify(sorted, null, 1) + "\n");
console.log(
  `${patterns.size} patterns: ${checked} checked now, ${Object.keys(old).length - Object.keys(old).filter((h) => patterns.has(h)).length} dropped, ${failed} not safe`,
);
process.exit(failed ? 1 : 0);
