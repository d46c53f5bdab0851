// npm run rollups -- verify | rebuild: a difference is printed and fails the command; rebuild
// recomputes every table from the events (on PostgreSQL while ingest runs beside it).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { rebuildRollups } from "@/lib/ledger/rebuild";
import { openDatabase } from "@/lib/runtime/database";
import { migrate } from "@/lib/db/migrate";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";

const NOW = Date.UTC(2026, 10, 20, 12);
const events = (n: number, seed: string): IngestEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    eventId: `${seed}-${i}`,
    occurredAt: new Date(NOW - i * 37 * 60_000).toISOString(),
    url: `https://h/data/v3/ed-fi/${i % 2 ? "students" : "grades"}`,
    status: 400,
    lea: i % 3 ? "255901" : undefined,
    client: i % 4 ? "43" : undefined,
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "Data validation failed.",
      validationErrors: { "$.x": [`value ${i % 5} is not valid.`] },
    },
  }));

describe.each(dbKinds())("rollups verify and rebuild on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("prints each difference, then rebuilds every table from the events", async () => {
    await ingestEvents(t.db, events(300, "a"), { apiKeyId: null });
    await t.db.procedure("foldPending");
    await ingestEvents(t.db, events(100, "b"), { apiKeyId: null });
    expect(await verifyRollups(t.db)).toEqual([]);
    await t.db
      .exec(`UPDATE problem_daily_count SET count = count + 1 WHERE ctid = (SELECT min(ctid) FROM problem_daily_count);
      DELETE FROM client_trend_day WHERE ctid = (SELECT min(ctid) FROM client_trend_day);
      UPDATE event_message SET events = events + 2 WHERE id = (SELECT min(id) FROM event_message);
      UPDATE problem_message SET events = events - 1 WHERE ctid = (SELECT min(ctid) FROM problem_message);
      INSERT INTO message_text (digest, text) VALUES (encode(sha256(convert_to('no event says this', 'UTF8')), 'hex'), 'no event says this');
      UPDATE message_text SET text = text || '!' WHERE digest = (SELECT max(digest) FROM problem_message);
      UPDATE trend_day SET route = CASE WHEN route = 'dev' THEN 'ops'::"Team" ELSE 'dev'::"Team" END WHERE ctid = (SELECT min(ctid) FROM trend_day);
      UPDATE district_day_problems SET problems = problems | problem_bit(9000) WHERE lea = '255901' AND day = '2026-11-20'`);
    const found = (await verifyRollups(t.db)).map(formatDifference);
    // Its count against the events, and against its own running totals.
    expect(found.filter((d) => d.startsWith("problem_daily_count "))).toHaveLength(2);
    expect(found.filter((d) => d.startsWith("client_trend_day ") && d.includes("found (no row)"))).toHaveLength(1);
    expect(found.filter((d) => d.startsWith("event_message "))).toHaveLength(1);
    expect(found.filter((d) => d.startsWith("problem_message "))).toHaveLength(1);
    expect(found.filter((d) => d.startsWith("message_text ")).map((d) => d.split(": ")[1])).toEqual(
      expect.arrayContaining([
        "expected its text, for the counts that refer to it, found a text no count refers to",
        "expected its text, for the counts that refer to it, found a text of another digest",
      ]),
    );
    expect(found.filter((d) => d.startsWith("trend_day ")).length).toBeGreaterThanOrEqual(1);
    // A problem set's bits printed as the problems they name, against the events and against
    // problem_daily_count (which the problem_daily_count difference above does not touch: a count).
    const sets = found.filter((d) => d.startsWith("district_day_problems day=2026-11-20 lea=255901 block=0"));
    expect(sets).toHaveLength(2);
    for (const d of sets)
      expect(d).toMatch(/^[^:]*: expected problems [\d ]+( \(its source rollup's sum\))?, found problems [\d ]+ 9000$/);

    // Rebuilt while events keep arriving (on PostgreSQL the two run at once).
    const progress: string[] = [];
    await Promise.all([
      rebuildRollups(t.db, (p) => progress.push(p.phase)),
      ingestEvents(t.db, events(200, "c"), { apiKeyId: null }),
    ]);
    expect(progress).toContain("problems");
    expect(progress).toContain("days");
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
  }, 120_000);

  it("reports a row whose running totals disagree with its own count, in a retired month too", async () => {
    const own = await createTestDatabase(kind);
    try {
      // 10 events at 02:00 and 10 at 20:00 UTC on one day, folded.
      const day = Date.UTC(2026, 10, 10);
      const batch = events(20, "own").map((e, i) => ({
        ...e,
        occurredAt: new Date(day + (i < 10 ? 2 : 20) * 3_600_000).toISOString(),
      }));
      await ingestEvents(own.db, batch, { apiKeyId: null });
      await own.db.procedure("foldPending");
      expect(await verifyRollups(own.db)).toEqual([]);
      // The day's district rows left with running totals of the last 10 events only (what a fold
      // racing a route change could leave before migration 20261206110000): the count says 20.
      await own.db.exec(
        "UPDATE trend_district_day SET cumulative = quarter_hour_totals(ARRAY[80], ARRAY[n]) FROM (SELECT 10 AS n) x WHERE day = '2026-11-10'",
      );
      const rows = Number(
        (
          await own.db.transaction((tx) =>
            tx.query<{ n: string }>("SELECT count(*)::text AS n FROM trend_district_day WHERE day = '2026-11-10'"),
          )
        )[0].n,
      );
      expect(rows).toBeGreaterThan(0);
      const ownTotals = (found: string[]) =>
        found.filter((d) => d.startsWith("trend_district_day ") && d.includes("found running totals from 0 to 10"));
      expect(ownTotals((await verifyRollups(own.db)).map(formatDifference))).toHaveLength(rows);
      // Its month retired (its events gone): nothing to compare with but the row itself.
      await own.db.exec("INSERT INTO retired_month (month, events) VALUES ('2026-11-01', 0)");
      expect(ownTotals((await verifyRollups(own.db)).map(formatDifference))).toHaveLength(rows);
    } finally {
      await own.drop();
    }
  }, 120_000);

  it.runIf(kind === "pglite")(
    "npm run rollups -- verify exits 1 on a difference and 0 after rebuild",
    async () => {
      const dir = join(mkdtempSync(join(tmpdir(), "triage-rollups-")), "db");
      const db = await openDatabase({ kind: "pglite", dataDir: dir });
      try {
        await migrate(db);
        await ingestEvents(db, events(50, "d"), { apiKeyId: null });
        await db.procedure("foldPending");
        await db.exec(
          "UPDATE problem_trend_day SET events = events + 1 WHERE ctid = (SELECT min(ctid) FROM problem_trend_day)",
        );
      } finally {
        await db.close();
      }
      const env = { ...process.env, DATABASE_URL: "", TRIAGE_DATA_DIR: dir };
      const cli = (...args: string[]) =>
        spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "rollups", ...args], { encoding: "utf8", env });
      const broken = cli("verify");
      expect(broken.stdout).toMatch(
        /^problem_trend_day problem_id=\d+ day=\S+ lea=\S* status=400: expected .*, found .*$/m,
      );
      // Its events against the events, and against its own running totals.
      expect(broken.stdout).toContain("2 differences");
      expect(broken.status).toBe(1);
      expect(cli("rebuild").status).toBe(0);
      const clean = cli("verify");
      expect(clean.stdout).toContain("0 differences");
      expect(clean.status).toBe(0);
    },
    600_000,
  ); // three CLI processes, each opening PGlite: slow on a loaded machine
});
