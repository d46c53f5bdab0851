// npm run reclassify: every stored event (or those since a date) through today's classifier, in
// bounded steps (batch.ts) while the server keeps serving; the moves summed into one report.
import { randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import { env } from "../env";
import { routingRulesForIngest } from "../triage/routing-rules";
import type { BatchMove, BatchResult } from "./batch";

export interface ReclassifyOptions {
  since?: Date | null;
  dryRun?: boolean;
  /** Events per transaction. */
  batchSize?: number;
  /** TRIAGE_REDACT_RESPONSE_VALUES now (default: the configuration's). */
  maskingOn?: boolean;
  onProgress?: (p: { scanned: number; moved: number; last: string }) => void;
}

/** One line of the report: events that moved from one article to another. */
export interface MoveSummary {
  fromArticle: string;
  toArticle: string;
  events: number;
  /** Problems the events left. */
  fromProblems: number;
  /** Problems they went to (in a dry run, counted by group: some may not exist yet). */
  toProblems: number;
}

export interface ReclassifyReport {
  run: string;
  dryRun: boolean;
  scanned: number;
  moved: number;
  restated: number;
  skipped: number;
  /** Events stored with masked values, left where they are. */
  masked: number;
  moves: MoveSummary[];
  merged: { problem: string; into: string }[];
}

export const DEFAULT_BATCH = 1_000;

export async function reclassify(db: Database, options: ReclassifyOptions = {}): Promise<ReclassifyReport> {
  const run = randomUUID();
  const dryRun = options.dryRun ?? false;
  const report: ReclassifyReport = {
    run,
    dryRun,
    scanned: 0,
    moved: 0,
    restated: 0,
    skipped: 0,
    masked: 0,
    moves: [],
    merged: [],
  };
  const moves: BatchMove[] = [];
  const maskingOn = options.maskingOn ?? env().TRIAGE_REDACT_RESPONSE_VALUES;
  // Up to the newest event now: later ones arrive classified by today's catalog, and a run must end while ingest goes on.
  const [{ until }] = await db.transaction((tx) =>
    tx.query<{ until: string }>("SELECT coalesce(max(id), 0)::text AS until FROM error_event"),
  );
  for (let after = "0"; ;) {
    // The rules are read again every step: one changed meanwhile decides the routes that follow.
    const rules = await routingRulesForIngest(db);
    const batch: BatchResult = await db.procedure("reclassifyBatch", {
      after,
      since: options.since ? options.since.toISOString() : null,
      size: options.batchSize ?? DEFAULT_BATCH,
      dryRun,
      run,
      until,
      maskingOn,
      rules: [...rules],
    });
    if (batch.last === null) break;
    after = batch.last;
    report.scanned += batch.scanned;
    report.restated += batch.restated;
    report.skipped += batch.skipped;
    report.masked += batch.masked;
    report.merged.push(...batch.merged);
    moves.push(...batch.moves);
    report.moved += batch.moves.reduce((n, m) => n + m.events, 0);
    options.onProgress?.({ scanned: report.scanned, moved: report.moved, last: after });
  }
  report.moves = summarise(moves);
  return report;
}

/** Moves by (from article → to article), most events first. */
export function summarise(moves: readonly BatchMove[]): MoveSummary[] {
  const lines = new Map<
    string,
    { fromArticle: string; toArticle: string; events: number; from: Set<string>; to: Set<string> }
  >();
  for (const m of moves) {
    const key = `${m.fromArticle}\u0000${m.toArticle}`;
    const line = lines.get(key) ?? {
      fromArticle: m.fromArticle,
      toArticle: m.toArticle,
      events: 0,
      from: new Set<string>(),
      to: new Set<string>(),
    };
    lines.set(key, line);
    line.events += m.events;
    line.from.add(m.fromProblem);
    line.to.add(m.toProblem ?? `new:${m.toFingerprint}`);
  }
  return [...lines.values()]
    .map((l) => ({
      fromArticle: l.fromArticle,
      toArticle: l.toArticle,
      events: l.events,
      fromProblems: l.from.size,
      toProblems: l.to.size,
    }))
    .sort(
      (a, b) =>
        b.events - a.events || a.fromArticle.localeCompare(b.fromArticle) || a.toArticle.localeCompare(b.toArticle),
    );
}

/** The report as the CLI prints it: a table of moves, then the totals. */
export function formatReport(r: ReclassifyReport): string {
  const head = ["from article", "to article", "events", "problems from", "problems to"];
  const rows = r.moves.map((m) => [
    m.fromArticle,
    m.toArticle,
    String(m.events),
    String(m.fromProblems),
    String(m.toProblems),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => (k >= 2 ? c.padStart(widths[k]) : c.padEnd(widths[k])))
      .join("  ")
      .trimEnd();
  const out: string[] = [];
  if (rows.length) out.push(line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), "");
  else out.push("No event changes its article, resource or group.");
  const verb = r.dryRun ? "would move" : "moved";
  const kept = r.dryRun ? "would keep" : "kept";
  out.push(
    `${r.scanned} events read; ${r.moved} ${verb} to another problem; ${r.restated} ${kept} their problem with new reasons.`,
  );
  if (r.skipped) out.push(`${r.skipped} changed by another writer while this ran and needed no change any more.`);
  if (r.masked) {
    out.push(
      `${r.masked} stored with masked values (TRIAGE_REDACT_RESPONSE_VALUES) were left where they are: what is stored cannot be classified again.`,
    );
  }
  if (r.merged.length) {
    const shown = r.merged
      .slice(0, 20)
      .map((m) => `#${m.problem} → #${m.into}`)
      .join(", ");
    const more = r.merged.length > 20 ? `, and ${r.merged.length - 20} more` : "";
    out.push(
      `${r.merged.length} problem${r.merged.length === 1 ? "" : "s"} left with no events, marked merged: ${shown}${more}.`,
    );
  }
  if (r.dryRun) out.push("Dry run: nothing was written.");
  return out.join("\n");
}
