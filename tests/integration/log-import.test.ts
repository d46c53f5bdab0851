// npm run import on generated Ed-Fi logs (every format, rotation, gzip, DST, malformed lines, a
// file cut mid-record), on PGlite and PostgreSQL: what it reports equals what the generator wrote,
// a second import stores nothing twice, and the stored events carry their classification.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles, summaryLines, type ImportSummary } from "@/lib/cli/import";
import { createLogReader } from "@/lib/logs/reader";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { expectRollupsEqualRaw } from "../support/rollups";
import { generateLogs, LOG_TIME_ZONE, type GeneratedLogs } from "../tools/generate-logs";
import { resetEnv } from "@/lib/env";

// The logs are of 2024 (a daylight-saving change among them): kept however old they are.
process.env.TRIAGE_RETENTION_DAYS = "36500";
resetEnv();

let logs: GeneratedLogs;
const dir = mkdtempSync(join(tmpdir(), "triage-logs-"));

beforeAll(async () => {
  logs = await generateLogs(dir, 6); // megabytes, over seven files
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const skippedCount = (s: ImportSummary) => [...s.skipped.values()].reduce((n, e) => n + e.count, 0);

describe("the generated logs", () => {
  it("are several megabytes in every format, with the hard cases in them", () => {
    expect(logs.files.reduce((n, f) => n + statSync(join(dir, f.file)).size, 0)).toBeGreaterThan(3.5 * 1024 * 1024); // the rotated half is gzipped
    expect(new Set(logs.files.map((f) => f.format))).toEqual(
      new Set(["ndjson", "edfi-log4net", "edfi-request-log", "edfi-content-log", "dms-json", "dms-text"]),
    );
    const text = readFileSync(join(dir, "WebApiLog.log"), "utf8");
    expect(text).toMatch(/\n \d{4}-\d{2}-\d{2} /); // a record that begins with a space
    expect(text).toContain(",(null),"); // null properties
    expect(text.split("\n", 1)[0]).toMatch(/^ {3}at /); // the rotated file starts mid-record
  });

  it("read in order across the fall-back hour: local times that happen twice become later instants", () => {
    const reader = createLogReader("edfi-log4net", { timeZone: LOG_TIME_ZONE });
    const times: number[] = [];
    const text =
      gunzipSync(readFileSync(join(dir, "WebApiLog.log.1.gz"))).toString("utf8") +
      readFileSync(join(dir, "WebApiLog.log"), "utf8");
    text.split("\n").forEach((line, i) => {
      for (const o of reader.push(line, i + 1)) if (o.kind === "event") times.push(Date.parse(o.event.occurredAt!));
    });
    for (const o of reader.end()) if (o.kind === "event") times.push(Date.parse(o.event.occurredAt!));
    expect(times.length).toBeGreaterThan(500);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    // From 01:45 EDT (05:45Z) on; after 02:00 EDT the wall clock shows 01:xx again, now EST (06:xxZ).
    expect(new Date(times[0]).toISOString()).toMatch(/^2024-11-03T05:4/);
    expect(times.at(-1)!).toBeGreaterThanOrEqual(Date.UTC(2024, 10, 3, 6, 0)); // past 01:00 EST
    expect(text).toMatch(/\n 2024-11-03 01:0\d:|\n2024-11-03 01:0\d:/); // the repeated hour's wall-clock times are in the file
  });
});

describe.each(dbKinds())("npm run import on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("imports every file as the generator counts it, then nothing twice", async () => {
    const quiet = () => {};
    let enriched = 0;
    for (const f of logs.files) {
      const s = await importFiles(t.db, [join(dir, f.file)], {
        format: f.format,
        timeZone: LOG_TIME_ZONE,
        defaults: { lea: "255901" },
        progress: quiet,
      });
      expect({
        file: f.file,
        lines: s.lines,
        events: s.events,
        partial: s.partial,
        ignored: s.ignored,
        skipped: skippedCount(s),
      }).toEqual({
        file: f.file,
        lines: f.lines,
        events: f.events,
        partial: f.partial,
        ignored: f.ignored,
        skipped: f.skipped,
      });
      expect(s.imported + s.enriched + s.duplicates).toBe(f.events);
      enriched += s.enriched;
      const again = await importFiles(t.db, [join(dir, f.file)], {
        format: f.format,
        timeZone: LOG_TIME_ZONE,
        defaults: { lea: "255901" },
        progress: quiet,
      });
      expect(again.imported, f.file).toBe(0);
      expect(again.enriched, f.file).toBe(0);
      expect(again.duplicates, f.file).toBe(f.events);
    }
    const total = logs.files.reduce((n, f) => n + f.events, 0);
    const stored = await t.db.prisma.$queryRawUnsafe<{ n: bigint; leas: bigint }[]>(
      "SELECT count(*) AS n, count(DISTINCT lea) AS leas FROM error_event",
    );
    // Records about one request (the shared correlationIds) are one event: exactly, since every other
    // record the generator writes is unique (its own correlationId or trace id).
    expect(enriched).toBeGreaterThan(0);
    expect(Number(stored[0].n)).toBe(total - enriched);
    expect(Number(stored[0].leas)).toBe(1);
    await expectRollupsEqualRaw(t);
  });

  it("completes the main log's event with the details log and the content table: one event, classified from the body, counts moved once", async () => {
    const ids = [...logs.shared.keys()];
    expect(ids.length).toBeGreaterThan(10);
    const rows = await t.db.prisma.$queryRawUnsafe<
      {
        correlation_id: string;
        n: bigint;
        partial: boolean;
        article_id: string;
        url: string;
        format: string;
        exception: string | null;
      }[]
    >(
      `SELECT correlation_id, count(*) OVER (PARTITION BY correlation_id) AS n, partial, article_id, url, format, log_evidence->>'exceptionType' AS exception
         FROM error_event WHERE correlation_id = ANY($1::text[])`,
      ids,
    );
    expect(new Set(rows.map((r) => r.correlation_id))).toEqual(new Set(ids));
    for (const r of rows) {
      expect(Number(r.n), r.correlation_id).toBe(1);
      expect(r).toMatchObject({ partial: false, article_id: "unresolved-reference", format: "edfi" });
      expect(r.url).toMatch(/^https:\/\/api\.example\.org\/data\/v3\/ed-fi\/grades/); // the absolute URL, not the main log's path
      expect(r.exception).toBe("EdFi.Ods.Common.Exceptions.UnresolvedReferenceException"); // the main log's evidence is kept
    }
    await expectRollupsEqualRaw(t);
  });

  it("classifies partial events from their evidence and full ones from their body, with a reason", async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<
      { article_id: string; partial: boolean; format: string; reason: string; n: bigint }[]
    >(
      `SELECT article_id, partial, format, min(classification_reason) AS reason, count(*) AS n FROM error_event GROUP BY 1, 2, 3 ORDER BY 5 DESC`,
    );
    const articles = new Set(rows.map((r) => r.article_id));
    for (const id of [
      "item-not-found",
      "key-change-not-supported",
      "unresolved-reference",
      "dependent-item-exists",
      "relationship-missing",
      "optimistic-lock-failed",
      "resource-not-found",
      "descriptor-not-found",
    ])
      expect(articles, id).toContain(id);
    expect(rows.filter((r) => r.partial).every((r) => r.format === "log")).toBe(true);
    expect(rows.filter((r) => !r.partial).every((r) => r.format === "edfi")).toBe(true);
    expect(articles).toContain("missing-required-property"); // the ndjson file's events, with bodies
    const keyChange = rows.find((r) => r.article_id === "key-change-not-supported")!;
    expect(keyChange.reason).toContain("implied by the exception class in the log");
  });

  it("reports malformed lines and the file cut mid-record with their places, never fatally", async () => {
    const s = await importFiles(t.db, [join(dir, "RequestResponseContentLog.csv"), join(dir, "dms-20241103.log")], {
      format: "edfi-content-log",
      timeZone: LOG_TIME_ZONE,
      defaults: {},
      progress: () => {},
    });
    const lines = summaryLines(s);
    expect(lines.join("\n")).toMatch(
      /skipped 1: unterminated quoted field at the end of the file \(cut mid-record\) \(.*RequestResponseContentLog\.csv:\d+\)/,
    );
    // The DMS file read as CSV: its first line is no header, and the import says so instead of failing.
    expect(lines.join("\n")).toContain("is not a RequestResponseContentLog header");
  });
});
