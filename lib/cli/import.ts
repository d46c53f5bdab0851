// npm run import -- --format FORMAT [--tz Area/City] [--lea CODE] [--client NAME] FILE... | -
// npm run import -- --format FORMAT --follow [--state FILE] [--tz …] [--lea …] [--client …] FILE
// Reads the logs an Ed-Fi host already writes (lib/logs) and stores their error responses like
// posted events: line by line, one batch in memory at a time, gzipped files as they are.
// A progress line on a terminal (plain lines otherwise), a summary at the end: lines read, events
// imported, enriched (they completed an event of the same request from another source),
// duplicates (already imported: stable event ids), ignored records, skipped ones with their
// reasons and line numbers. Skips are reported, never fatal.
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { ingestEvents } from "../ingest/ingest";
import { eventsKeptFrom } from "../retention/retired";
import { monthOf } from "../retention/policy";
import type { IngestEvent } from "../ingest/events.schema";
import type { Database } from "../db/database";
import { env } from "../env";
import { follow } from "./follow-log";
import { createLogReader, type OutcomeAt } from "../logs/reader";
import { toIngestEvent, type ImportDefaults } from "../logs/to-ingest";
import { LOG_FORMATS, type LogFormat } from "../logs/types";
import { isTimeZone } from "../trends/periods";
import { parseArgs } from "./args";
import { withCliDatabase } from "./database";

const USAGE = `usage: npm run import -- --format <${LOG_FORMATS.join("|")}> [--tz Area/City] [--lea CODE] [--client NAME] FILE... | -
       npm run import -- --format … --follow [--state FILE] [options] FILE
  --tz      the server's time zone for logs that write local times (default UTC)
  --lea     district of events that name none; --client: API client of events that name none
  --follow  keep reading FILE as it grows, through rotation, until stopped (SIGINT/SIGTERM);
            the position is kept in --state (default: next to the database) and resumed on restart`;

const BATCH = 1_000;
const EXAMPLES_PER_REASON = 5;

export interface ImportSummary {
  lines: number;
  events: number;
  imported: number;
  /** Completed an event stored from another source (same correlationId) instead of being stored. */
  enriched: number;
  duplicates: number;
  partial: number;
  ignored: number;
  skipped: Map<string, { count: number; where: string[] }>;
}

export async function run(args: string[]): Promise<number> {
  const followMode = args.includes("--follow");
  const { words: files, options } = parseArgs(
    args.filter((a) => a !== "--follow"),
    ["format", "tz", "lea", "client", "state"],
  );
  const format = options.get("format") as LogFormat | undefined;
  const timeZone = options.get("tz") ?? "UTC";
  if (!format || !(LOG_FORMATS as readonly string[]).includes(format) || !files.length) {
    console.error(USAGE);
    return 2;
  }
  if (!isTimeZone(timeZone)) {
    console.error(`--tz: unknown time zone "${timeZone}" (an IANA name such as America/Chicago, or UTC)`);
    return 2;
  }
  for (const file of files) {
    if (file === "-") continue;
    try {
      statSync(file);
    } catch (error) {
      console.error(`cannot read ${file}: ${(error as Error).message}`);
      return 2;
    }
  }
  const defaults: ImportDefaults = { lea: options.get("lea"), client: options.get("client") };
  if (followMode) {
    if (files.length !== 1 || files[0] === "-") {
      console.error("--follow takes one file (not stdin)");
      return 2;
    }
    const statePath = options.get("state") ?? defaultStatePath(files[0]);
    mkdirSync(dirname(statePath), { recursive: true });
    const summary = await withCliDatabase(
      (db) => followAndImport(db, files[0], statePath, { format, timeZone, defaults }),
      { fold: true },
    );
    printSummary(summary);
    return 0;
  }
  const summary = await withCliDatabase((db) => importFiles(db, files, { format, timeZone, defaults }), { fold: true });
  printSummary(summary);
  return 0;
}

/** Where --follow keeps its position by default: beside the embedded database, one file per followed path. */
function defaultStatePath(file: string): string {
  const digest = createHash("sha256").update(resolve(file)).digest("hex").slice(0, 12);
  return join(dirname(env().TRIAGE_DATA_DIR), "follow", `${basename(file)}-${digest}.json`);
}

/** Follows one file until SIGINT/SIGTERM (or `signal`), storing its events batch by batch. */
export async function followAndImport(
  db: Database,
  file: string,
  statePath: string,
  options: ImportOptions,
  signal?: AbortSignal,
): Promise<ImportSummary> {
  const summary = newSummary();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  signal?.addEventListener("abort", onSignal, { once: true });
  const sink = outcomeSink(db, file, options, summary);
  try {
    await follow({
      path: file,
      format: options.format,
      timeZone: options.timeZone,
      statePath,
      signal: stop.signal,
      onLines: (n) => void (summary.lines += n),
      onIdle: options.onIdle,
      store: async (outcomes) => {
        const before = summary.imported + summary.enriched;
        await sink.take(outcomes);
        await sink.flush();
        const stored = summary.imported + summary.enriched - before;
        if (stored)
          (options.progress ?? ((l) => process.stderr.write(`${l}\n`)))(
            `${file}: ${stored} events stored (${summary.imported + summary.enriched} since start)`,
            false,
          );
      },
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return summary;
}

export interface ImportOptions {
  format: LogFormat;
  timeZone: string;
  defaults: ImportDefaults;
  /** Progress output (stderr by default); tests pass a sink. */
  progress?: (line: string, final: boolean) => void;
  /** --follow: called after each poll of the file (tests wait on it). */
  onIdle?: () => void;
}

function newSummary(): ImportSummary {
  return { lines: 0, events: 0, imported: 0, enriched: 0, duplicates: 0, partial: 0, ignored: 0, skipped: new Map() };
}

export async function importFiles(db: Database, files: string[], options: ImportOptions): Promise<ImportSummary> {
  const summary = newSummary();
  const progress = options.progress ?? terminalProgress();
  for (const file of files) await importFile(db, file, options, summary, progress);
  return summary;
}

/** Outcomes → the summary, and events → ingest in batches of BATCH. */
function outcomeSink(db: Database, file: string, options: ImportOptions, summary: ImportSummary) {
  const name = file === "-" ? "stdin" : file;
  const skip = (reason: string, line: number) => {
    const entry = summary.skipped.get(reason) ?? { count: 0, where: [] };
    entry.count++;
    if (entry.where.length < EXAMPLES_PER_REASON) entry.where.push(`${name}:${line}`);
    summary.skipped.set(reason, entry);
  };
  let batch: IngestEvent[] = [];
  let lines: number[] = [];
  const flush = async () => {
    // Events of a month retention dropped (another process may keep fewer days than this one's
    // setting allows) are skipped with their reason, not allowed to refuse the whole batch.
    const from = await db.session(eventsKeptFrom);
    if (from) {
      const kept = batch.map((e) => e.occurredAt === undefined || monthOf(Date.parse(e.occurredAt)) >= from);
      kept.forEach(
        (k, i) =>
          k ||
          skip(
            `its month's events are no longer kept (retention dropped every month before ${from.slice(0, 7)})`,
            lines[i],
          ),
      );
      batch = batch.filter((_, i) => kept[i]);
    }
    lines = [];
    if (!batch.length) return;
    const result = await ingestEvents(db, batch, { apiKeyId: null });
    summary.imported += result.accepted - result.duplicates - result.enriched;
    summary.enriched += result.enriched;
    summary.duplicates += result.duplicates;
    batch = [];
  };
  const take = async (outcomes: OutcomeAt[]) => {
    for (const o of outcomes) {
      if (o.kind === "ignored") summary.ignored++;
      else if (o.kind === "skipped") skip(o.reason, o.line);
      else {
        const converted = toIngestEvent(o.event, options.defaults);
        if (!converted.ok) {
          skip(converted.reason, o.line);
          continue;
        }
        summary.events++;
        if (o.event.partial) summary.partial++;
        batch.push(converted.event);
        lines.push(o.line);
        if (batch.length >= BATCH) await flush();
      }
    }
  };
  return { take, flush };
}

async function importFile(
  db: Database,
  file: string,
  options: ImportOptions,
  summary: ImportSummary,
  progress: (line: string, final: boolean) => void,
) {
  const name = file === "-" ? "stdin" : file;
  const reader = createLogReader(options.format, { timeZone: options.timeZone });
  const { take, flush } = outcomeSink(db, file, options, summary);
  const started = Date.now();
  const { input, size, bytesRead } = await openInput(file);
  let lineNumber = 0;
  let lastDraw = 0;
  const draw = (final: boolean) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const share = size ? ` ${Math.min(100, Math.round((bytesRead() / size) * 100))}%` : "";
    const count = (n: number) => Math.round(n).toLocaleString("en-US");
    progress(
      `${name}${share}  ${count(lineNumber)} lines  ${count(lineNumber / seconds)} lines/s  ` +
        `${count(summary.events)} events  ${count(summary.events / seconds)} events/s`,
      final,
    );
  };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    summary.lines++;
    await take(reader.push(line, lineNumber));
    if (lineNumber % 1_000 === 0 && Date.now() - lastDraw > 250) {
      lastDraw = Date.now();
      draw(false);
    }
  }
  await take(reader.end());
  await flush();
  draw(true);
}

/** A file (gunzipped when it starts with gzip's magic bytes) or stdin, with what has been read of it. */
async function openInput(file: string): Promise<{ input: Readable; size: number | null; bytesRead: () => number }> {
  if (file === "-") return { input: process.stdin, size: null, bytesRead: () => 0 };
  const handle = await open(file, "r");
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b;
  return { input: gzipped ? raw.pipe(createGunzip()) : raw, size: statSync(file).size, bytesRead: () => raw.bytesRead };
}

function terminalProgress(): (line: string, final: boolean) => void {
  let lastPlain = 0;
  return (line, final) => {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[2K${line}${final ? "\n" : ""}`);
    } else if (final || Date.now() - lastPlain > 5_000) {
      lastPlain = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

export function summaryLines(s: ImportSummary): string[] {
  const n = (v: number) => v.toLocaleString("en-US");
  const skipped = [...s.skipped.values()].reduce((sum, e) => sum + e.count, 0);
  const lines = [
    `read ${n(s.lines)} lines: ${n(s.events)} error responses (${n(s.partial)} partial: no response body in the log), ` +
      `${n(s.ignored)} other records, ${n(skipped)} skipped`,
    `imported ${n(s.imported)} events, ${n(s.enriched)} enriched (completed an event from another source), ${n(s.duplicates)} duplicates (imported before)`,
  ];
  for (const [reason, e] of [...s.skipped].sort((a, b) => b[1].count - a[1].count))
    lines.push(`  skipped ${n(e.count)}: ${reason} (${e.where.join(", ")}${e.count > e.where.length ? ", …" : ""})`);
  return lines;
}

function printSummary(s: ImportSummary) {
  for (const line of summaryLines(s)) console.log(line);
}
