// Every regular expression that sees received or stored text, collected from the source of
// lib/problems, lib/logs and lib/search (every literal and every RegExp construction) and from the catalog and
// privacy rules at run time, never listed by hand. Shared by the ReDoS test and its recorder.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { ARTICLES } from "@/lib/problems/catalog";
import { PRIVACY_RULES } from "@/lib/problems/privacy-rules";

/** Code that runs patterns over received text: classification, privacy and log import. */
const DIRS = [
  join(process.cwd(), "lib", "problems"),
  join(process.cwd(), "lib", "logs"),
  join(process.cwd(), "lib", "logs", "formats"),
  join(process.cwd(), "lib", "search"),
];

export interface FoundPattern {
  source: string;
  flags: string;
  where: string;
}

/** What recheck said of a pattern, kept in tests/unit/redos-verdicts.json under the pattern's hash. */
export interface Verdict {
  /** The pattern as `/source/flags`, cut to 160 characters: for a reader of the file, not a key. */
  pattern: string;
  checker: "automaton" | "fuzz";
}

export const VERDICTS_FILE = join(process.cwd(), "tests", "unit", "redos-verdicts.json");

export const patternText = (p: { source: string; flags: string }) => `/${p.source}/${p.flags}`;

/** The key of a verdict: a change of one character of the pattern or its flags is a new pattern. */
export const patternHash = (p: { source: string; flags: string }) =>
  createHash("sha256").update(patternText(p)).digest("hex").slice(0, 24);

function patternsInSource(): { found: FoundPattern[]; dynamic: string[] } {
  const found: FoundPattern[] = [];
  const dynamic: string[] = [];
  for (const [dir, name] of DIRS.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => [d, f] as const),
  )) {
    const text = readFileSync(join(dir, name), "utf8");
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${name}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText();
        const end = literal.lastIndexOf("/");
        found.push({ source: literal.slice(1, end), flags: literal.slice(end + 1), where: where(node) });
      }
      if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === "RegExp"
      ) {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteral(pattern) && (!flags || ts.isStringLiteral(flags))) {
          found.push({
            source: pattern.text,
            flags: flags && ts.isStringLiteral(flags) ? flags.text : "",
            where: where(node),
          });
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
    for (const p of article.patterns ?? [])
      out.push({ source: p.re.source, flags: p.re.flags, where: `catalog ${article.id}` });
    for (const s of article.signals ?? [])
      out.push({ source: s.source, flags: s.flags, where: `catalog ${article.id} (signal)` });
  }
  for (const rule of PRIVACY_RULES.valueDetectors)
    out.push({ source: rule.pattern.source, flags: rule.pattern.flags, where: `privacy value detector ${rule.name}` });
  return out;
}

/** Every pattern once (by its text), where it was first found, and the constructions that cannot be checked. */
export function collectPatterns(): { patterns: Map<string, FoundPattern>; literalCount: number; dynamic: string[] } {
  const { found, dynamic } = patternsInSource();
  const patterns = new Map<string, FoundPattern>();
  for (const p of [...found, ...patternsAtRunTime()])
    if (!patterns.has(patternHash(p))) patterns.set(patternHash(p), p);
  return { patterns, literalCount: found.length, dynamic };
}

export function readVerdicts(): Record<string, Verdict> {
  return JSON.parse(readFileSync(VERDICTS_FILE, "utf8")) as Record<string, Verdict>;
}

/**
 * Strings shaped like recheck's attacks (prefix + pump × n + a suffix that fails the match), built
 * from the characters the pattern itself names: every single character and every pair pumped, each
 * ended by a NUL and a newline so that no match succeeds early.
 */
export function attackStrings(p: { source: string }, length = 20_000): string[] {
  const letters = new Set<string>();
  const s = p.source;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      const e = s[++i];
      const stand = (
        { d: "7", D: "x", s: " ", S: "x", w: "a", W: "-", t: "\t", n: "\n", r: "\r", b: "", B: "" } as Record<
          string,
          string
        >
      )[e];
      if (stand !== undefined) {
        if (stand) letters.add(stand);
      } else if (/[^A-Za-z0-9]/.test(e)) letters.add(e);
    } else if (c === ".") letters.add("a");
    else if (!"()[]{}|?*+^$".includes(c)) letters.add(c);
  }
  for (const common of ["a", " ", "0", "'", '"']) letters.add(common);
  const alphabet = [...letters].slice(0, 24);
  const pumps = [...alphabet, ...alphabet.flatMap((a) => alphabet.map((b) => a + b))];
  return pumps.map((pump) => pump.repeat(Math.ceil(length / pump.length)) + "\u0000\n");
}
