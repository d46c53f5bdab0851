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
      UPDATE trend_day SET route = CASE WHEN route = 'dev' THEN 'ops'::"Team" ELSE 'dev'::"Team" END WHERE ctid = (SELECT min(ctid) FROM trend_day)`);
    const found = (await verifyRollups(t.db)).map(formatDifference);
    expect(found.filter((d) => d.startsWith("problem_daily_count "))).toHaveLength(1);
    expect(found.filter((d) => d.startsWith("client_trend_day ") && d.includes("found (no row)"))).toHaveLength(1);
    expect(found.filter((d) => d.startsWith("event_message "))).toHaveLength(1);
    expect(found.filter((d) => d.startsWith("trend_day ")).length).toBeGreaterThanOrEqual(1);

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
      expect(broken.stdout).toContain("1 difference");
      expect(broken.status).toBe(1);
      expect(cli("rebuild").status).toBe(0);
      const clean = cli("verify");
      expect(clean.stdout).toContain("0 differences");
      expect(clean.status).toBe(0);
    },
    600_000,
  ); // three CLI processes, each opening PGlite: slow on a loaded machine
});
