// npm run reclassify [-- --since DATE] [--dry-run] [--batch N]
// Runs the stored events through today's classifier and moves every event whose article, resource
// or group changed to its problem, with its counts (lib/reclassify). Prints a table of the moves.
// On PostgreSQL the server may keep running; PGlite's data directory is one process's.
import { parseArgs } from "./args";
import { withCliDatabase } from "./database";
import { DEFAULT_BATCH, formatReport, reclassify } from "../reclassify/reclassify";

const USAGE = `usage: npm run reclassify [-- --since DATE] [--dry-run] [--batch N]
  --since     only events that occurred on or after DATE (ISO 8601, UTC unless it names an offset: 2026-09-01, 2026-09-01T08:00-05:00)
  --dry-run   print the moves the run would make; write nothing
  --batch     events per transaction (default ${DEFAULT_BATCH})`;

export async function run(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const { words, options } = parseArgs(
    args.filter((a) => a !== "--dry-run"),
    ["since", "batch"],
  );
  if (words.length) return usage(`unexpected: ${words.join(" ")}`);
  const since = options.has("since") ? parseSince(options.get("since")!) : null;
  if (since === undefined) return usage(`--since: not a date: ${options.get("since")}`);
  const batchSize = options.has("batch") ? Number(options.get("batch")) : DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    return usage("--batch: a whole number from 1 to 10000");
  const report = await withCliDatabase(
    (db) =>
      reclassify(db, {
        since,
        dryRun,
        batchSize,
        onProgress: (p) =>
          process.stderr.write(`\r${p.scanned} events read, ${p.moved} ${dryRun ? "would move" : "moved"}   `),
      }),
    { fold: !dryRun },
  );
  process.stderr.write("\n");
  console.log(formatReport(report));
  return 0;
}

/** A date (UTC midnight) or an instant (UTC unless it names its offset); undefined when it is not one. */
function parseSince(text: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return undefined;
  const zoned = t.length === 10 ? `${t}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(t.slice(10)) ? t : `${t}Z`;
  const at = new Date(zoned.replace(" ", "T"));
  // 2026-02-31 would roll over into March: the date part must be the one written.
  const [y, m, d] = t.slice(0, 10).split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(at.getTime()) || day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    return undefined;
  return at;
}

function usage(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}
