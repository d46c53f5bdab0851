// Every regular expression that sees received or stored text runs in linear time: a real ReDoS
// checker (recheck) proves it for each pattern of lib/problems and lib/logs, collected from the source files
// (every literal and every RegExp construction) and from the catalog at run time, never listed by
// hand. A pattern built from a non-literal string cannot be checked, so it fails the test too.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { checkSync } from "recheck";
import { describe, expect, it } from "vitest";
import { ARTICLES } from "@/lib/problems/catalog";
import { PRIVACY_RULES } from "@/lib/problems/privacy-rules";

/** Code that runs patterns over received text: classification and log import. */
const DIRS = [join(process.cwd(), "lib", "problems"), join(process.cwd(), "lib", "logs"), join(process.cwd(), "lib", "logs", "formats")];

interface FoundPattern {
  source: string;
  flags: string;
  where: string;
}

function patternsInSource(): { found: FoundPattern[]; dynamic: string[] } {
  const found: FoundPattern[] = [];
  const dynamic: string[] = [];
  for (const [dir, name] of DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".ts")).map((f) => [d, f] as const))) {
    const text = readFileSync(join(dir, name), "utf8");
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${name}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText();
        const end = literal.lastIndexOf("/");
        found.push({ source: literal.slice(1, end), flags: literal.slice(end + 1), where: where(node) });
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteral(pattern) && (!flags || ts.isStringLiteral(flags))) {
          found.push({ source: pattern.text, flags: flags && ts.isStringLiteral(flags) ? flags.text : "", where: where(node) });
        } else dynamic.push(`${where(node)}: ${node.getText().slice(0, 120)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { found, dynamic };
}

function patternsAtRunTime(): FoundPattern[] {
  const out: FoundPattern[] = [];
  for (const article of ARTICLES) {
    for (const p of article.patterns ?? []) out.push({ source: p.re.source, flags: p.re.flags, where: `catalog ${article.id}` });
    for (const s of article.signals ?? []) out.push({ source: s.source, flags: s.flags, where: `catalog ${article.id} (signal)` });
  }
  for (const rule of PRIVACY_RULES.valueDetectors) out.push({ source: rule.pattern.source, flags: rule.pattern.flags, where: `privacy value detector ${rule.name}` });
  return out;
}

describe("regular expressions on received text", () => {
  const { found, dynamic } = patternsInSource();
  const unique = new Map<string, FoundPattern>();
  for (const p of [...found, ...patternsAtRunTime()]) unique.set(`/${p.source}/${p.flags}`, unique.get(`/${p.source}/${p.flags}`) ?? p);

  it("are all literals (a pattern built at run time cannot be checked)", () => {
    expect(dynamic).toEqual([]);
    expect(found.length).toBeGreaterThan(100); // the catalog alone has well over a hundred
  });

  it("are all linear-time according to recheck", () => {
    const unsafe: string[] = [];
    for (const [text, p] of unique) {
      // The fuzz checker decides patterns the automaton cannot model (look-arounds, back-references).
      // A generous time limit: on a loaded machine a check that runs out of time answers "unknown".
      const result = checkSync(p.source, p.flags, { timeout: 120_000, randomSeed: 1 });
      if (result.status !== "safe") unsafe.push(`${p.where} ${text}: ${result.status}${result.status === "vulnerable" ? ` (${result.complexity.summary}, attack ${JSON.stringify(result.attack.pattern).slice(0, 80)})` : result.status === "unknown" ? ` (${result.error.kind})` : ""}`);
    }
    expect(unsafe).toEqual([]);
  }, 1_200_000);
});
