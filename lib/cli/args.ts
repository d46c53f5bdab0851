// Command-line arguments: positional words and `--name value` / `--name=value` options.
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
