// npm run reclassify [-- --since DATE] [--dry-run] [--batch N]
// Runs the stored events through today's classifier and moves every event whose article, resource
// or group changed to its problem, with its counts (lib/reclassify). Prints a table of the moves.
// On PostgreSQL the server may keep running; PGlite's data directory is one process's.
import { parseArgs } from "./args";
import { withCliDatabase } from "./database";
import { DEFAULT_BATCH, formatReport, reclassify } from "../reclassify/reclassify";

const USAGE = `usage: npm run reclassify [-- --since DATE] [--dry-run] [--batch N]
  --since     only events that occurred on or after DATE (ISO 8601, e.g. 2026-09-01)
  --dry-run   print the moves the run would make; write nothing
  --batch     events per transaction (default ${DEFAULT_BATCH})`;

export async function run(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const { words, options } = parseArgs(args.filter((a) => a !== "--dry-run"), ["since", "batch"]);
  if (words.length) return usage(`unexpected: ${words.join(" ")}`);
  const since = options.has("since") ? parseSince(options.get("since")!) : null;
  if (since === undefined) return usage(`--since: not a date: ${options.get("since")}`);
  const batchSize = options.has("batch") ? Number(options.get("batch")) : DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) return usage("--batch: a whole number from 1 to 10000");
  const report = await withCliDatabase(
    (db) => reclassify(db, { since, dryRun, batchSize, onProgress: (p) => process.stderr.write(`\r${p.scanned} events read, ${p.moved} ${dryRun ? "would move" : "moved"}   `) }),
    { fold: !dryRun },
  );
  process.stderr.write("\n");
  console.log(formatReport(report));
  return 0;
}

/** A date or instant; undefined when it is not one. */
function parseSince(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const at = new Date(text.trim().length === 10 ? `${text.trim()}T00:00:00Z` : text.trim());
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function usage(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}
