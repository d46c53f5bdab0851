// Command-line arguments: positional words and `--name value` / `--name=value` options.
import { readFileSync } from "node:fs";
export interface Args {
  words: string[];
  options: Map<string, string>;
}

export function parseArgs(args: string[], optionNames: readonly string[]): Args {
  const words: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = optionNames.find((n) => arg === `--${n}` || arg.startsWith(`--${n}=`));
    if (!name) {
      words.push(arg);
      continue;
    }
    options.set(name, arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (args[++i] ?? ""));
  }
  return { words, options };
}

/** "a, b c" → ["a", "b", "c"] */
export function listOption(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter(Boolean);
}

/** A file argument's text ("-": standard input), or null after saying on stderr why it cannot be read. */
export function readInputFile(file: string): string | null {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return null;
  }
}
