// npm run reclassify (lib/reclassify): events stored under an older catalog (today's, without the
// templates of two articles: their events fell to the per-status articles) are run through today's
// classifier. Every event ends in the problem today's classifier gives it, every count moved exactly
// once (`rollups verify` = 0), the problems that gained or lost events say so in their history, an
// emptied problem keeps its triage and is marked merged into where most of its events went, and a
// run killed inside a step and run again ends in the same state as one that was never stopped.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { expectRollupsEqualRaw } from "../support/rollups";
import { demoEvents } from "@/prisma/demo/generate";
import { olderCatalog, REMOVED_ARTICLES, storeUnderOlderCatalog } from "../support/older-catalog";
import { classifyEvent, type ClassifiableEvent } from "@/lib/problems";
import { routingRulesForIngest } from "@/lib/triage/routing-rules";
import { addNote, problemActivity } from "@/lib/triage/problem-triage";
import { reclassifyBatch } from "@/lib/reclassify/batch";
import { getMergedProblem } from "@/lib/queries/problem-detail";
import { prepareEvent } from "@/lib/ingest/prepare";
import { setClientDistricts } from "@/lib/clients/remap";
import { formatReport, reclassify, type MoveSummary } from "@/lib/reclassify/reclassify";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { migrate } from "@/lib/db/migrate";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REMOVED = REMOVED_ARTICLES;

const END = new Date("2026-12-01T12:00:00Z");
const EVENTS = [...demoEvents({ count: 6_000, days: 3, seed: 5, end: END })].filter(
  (_, k) => k % 10 === 0,
) as IngestEvent[];
const shape = (e: IngestEvent): ClassifiableEvent => ({
  method: e.method,
  url: e.url,
  status: e.status,
  body: e.body,
  requestHeaders: e.request?.headers,
  log: e.log,
});

const storeOlder = (db: Database) => storeUnderOlderCatalog(db, EVENTS, END);

describe("npm run reclassify (the command, on a PGlite data directory)", () => {
  const cli = (args: string[], dir: string) =>
    spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "reclassify", ...args], {
      encoding: "utf8",
      env: { ...process.env, TRIAGE_DATA_DIR: dir, DATABASE_URL: "" },
    });

  it("prints the table of moves; --dry-run writes nothing; bad options are refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-reclassify-"));
    try {
      const db = await openDatabase({ kind: "pglite", dataDir: dir });
      await migrate(db);
      await storeOlder(db);
      await db.close();

      const bad = cli(["--since", "last tuesday"], dir);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("--since: not a date");

      const dry = cli(["--dry-run"], dir);
      expect(dry.status, dry.stderr).toBe(0);
      const line = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)$/;
      const table = (out: string) =>
        out.split("\n").flatMap((l) => {
          const m = line.exec(l);
          return m ? [`${m[1]} → ${m[2]}: ${m[3]}`] : [];
        });
      expect(dry.stdout).toMatch(/^from article\s+to article\s+events\s+problems from\s+problems to$/m);
      expect(table(dry.stdout).some((l) => / → (unresolved-reference|descriptor-not-found): \d+$/.test(l))).toBe(true);
      expect(dry.stdout).toContain("Dry run: nothing was written.");

      const real = cli([], dir);
      expect(real.status, real.stderr).toBe(0);
      expect(table(real.stdout)).toEqual(table(dry.stdout)); // the dry run said what the run did
      const again = cli(["--dry-run"], dir);
      expect(again.stdout).toContain("No event changes its article, resource or group.");

      const check = spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "rollups", "verify"], {
        encoding: "utf8",
        env: { ...process.env, TRIAGE_DATA_DIR: dir, DATABASE_URL: "" },
      });
      expect(check.stdout).toContain("0 differences");
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe.each(dbKinds())("reclassify on %s", (kind) => {
  const open: TestDatabase[] = [];
  let t: TestDatabase;
  beforeEach(async () => {
    t = await storedUnderOlderCatalog();
  });
  afterEach(async () => {
    while (open.length) await open.pop()!.drop();
  });

  async function storedUnderOlderCatalog(): Promise<TestDatabase> {
    const d = await createTestDatabase(kind);
    open.push(d);
    await storeOlder(d.db);
    return d;
  }

  const query = <T>(d: TestDatabase, sql: string, params: unknown[] = []) =>
    d.db.transaction((tx) => tx.query<T>(sql, params));
  /** Every event's problem, by event id, as the fingerprint of its problem row (ids may differ between databases). */
  const placement = async (d: TestDatabase) =>
    new Map(
      (
        await query<{ id: string; fingerprint: string }>(
          d,
          "SELECT e.id::text, p.fingerprint FROM error_event e JOIN problem p ON p.id = e.problem_id ORDER BY e.id",
        )
      ).map((r) => [r.id, r.fingerprint]),
    );
  const merges = async (d: TestDatabase) =>
    (
      await query<{ from: string; to: string }>(
        d,
        "SELECT p.fingerprint AS from, m.fingerprint AS to FROM problem p JOIN problem m ON m.id = p.merged_into_id ORDER BY 1",
      )
    ).map((r) => `${r.from} → ${r.to}`);
  /** Per problem (by fingerprint): events moved in and out over every reclassified history entry. */
  const historyTotals = async (d: TestDatabase) => {
    const rows = await query<{
      fingerprint: string;
      data: { in: Record<string, { events: number }>; out: Record<string, { events: number }> };
    }>(
      d,
      "SELECT p.fingerprint, a.data FROM problem_activity a JOIN problem p ON p.id = a.problem_id WHERE a.kind = 'reclassified'",
    );
    const totals = new Map<string, { in: number; out: number }>();
    for (const r of rows) {
      const x = totals.get(r.fingerprint) ?? { in: 0, out: 0 };
      for (const v of Object.values(r.data.in)) x.in += v.events;
      for (const v of Object.values(r.data.out)) x.out += v.events;
      totals.set(r.fingerprint, x);
    }
    return new Map([...totals].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  };

  /** The moves today's classifier implies, computed from the events themselves (not from the code under test). */
  function expectedMoves(): MoveSummary[] {
    const lines = new Map<string, { fromArticle: string; toArticle: string; events: number }>();
    for (const e of EVENTS) {
      const before = olderCatalog(shape(e)).articleId;
      const now = classifyEvent(shape(e)).articleId;
      if (before === now) continue;
      const line = lines.get(`${before}|${now}`) ?? { fromArticle: before, toArticle: now, events: 0 };
      line.events++;
      lines.set(`${before}|${now}`, line);
    }
    return [...lines.values()].sort(
      (a, b) =>
        b.events - a.events || a.fromArticle.localeCompare(b.fromArticle) || a.toArticle.localeCompare(b.toArticle),
    ) as MoveSummary[];
  }

  it("moves every event to today's problem, counts exactly once, with history and merges", async () => {
    const expected = expectedMoves();
    expect(expected.reduce((n, m) => n + m.events, 0)).toBeGreaterThan(30); // the fixture moves something
    expect(new Set(expected.map((m) => m.toArticle))).toEqual(REMOVED);
    await expectRollupsEqualRaw(t);

    // A triager's note on every problem of the articles events will leave: the emptied ones keep it.
    const actor = (
      await t.db.prisma.user.create({
        data: { email: "triager@reclassify.test", name: "Dana", role: "triager", passwordHash: "x" },
      })
    ).id;
    const leaving = await query<{ id: string }>(
      t,
      "SELECT id::text FROM problem WHERE article_id = ANY($1::text[]) ORDER BY id",
      [[...new Set(expected.map((m) => m.fromArticle))]],
    );
    for (const p of leaving) await addNote(t.db, actor, p.id, "Seen with the district on Monday.");
    const before = await placement(t);

    // Dry run: the table, and nothing written.
    const dry = await reclassify(t.db, { dryRun: true, batchSize: 37 });
    expect(dry.moves.map(({ fromArticle, toArticle, events }) => ({ fromArticle, toArticle, events }))).toEqual(
      expected.map(({ fromArticle, toArticle, events }) => ({ fromArticle, toArticle, events })),
    );
    expect(await placement(t)).toEqual(before);
    expect(formatReport(dry)).toContain("Dry run: nothing was written.");
    expect(dry.restated).toBe(0); // the bodies came back from jsonb with their keys reordered: no reason changes with them

    const run = await reclassify(t.db, { batchSize: 37 });
    expect(run.scanned).toBe(EVENTS.length);
    expect(run.moves).toEqual(
      dry.moves.map((m) => ({
        ...m,
        toProblems: run.moves.find((x) => x.fromArticle === m.fromArticle && x.toArticle === m.toArticle)!.toProblems,
      })),
    );
    expect(run.moved).toBe(expected.reduce((n, m) => n + m.events, 0));
    await expectRollupsEqualRaw(t);

    // Every event is where today's classifier puts it.
    const rows = await query<{
      id: string;
      article_id: string;
      fingerprint: string;
      problem_fingerprint: string;
      problem_article: string;
    }>(
      t,
      "SELECT e.id::text, e.article_id, e.fingerprint, p.fingerprint AS problem_fingerprint, p.article_id AS problem_article FROM error_event e JOIN problem p ON p.id = e.problem_id ORDER BY e.id",
    );
    const todayArticles = EVENTS.map((e) => classifyEvent(shape(e)).articleId).sort();
    expect(rows.map((r) => r.article_id).sort()).toEqual(todayArticles);
    for (const r of rows) {
      expect(r.problem_fingerprint).toBe(r.fingerprint);
      expect(r.problem_article).toBe(r.article_id);
    }

    // History: every problem that lost or gained events says how many, and they add up.
    const totals = await historyTotals(t);
    const movedOut = [...totals.values()].reduce((n, x) => n + x.out, 0);
    const movedIn = [...totals.values()].reduce((n, x) => n + x.in, 0);
    expect(movedOut).toBe(run.moved);
    expect(movedIn).toBe(run.moved);
    const after = await placement(t);
    for (const [fingerprint, x] of totals) {
      const had = [...before.values()].filter((f) => f === fingerprint).length;
      const has = [...after.values()].filter((f) => f === fingerprint).length;
      expect(has - had, fingerprint).toBe(x.in - x.out);
    }

    // Emptied problems: merged into where most of their events went; their triage stays.
    const emptiedRows = await query<{ id: string; merged_into_id: string | null }>(
      t,
      "SELECT p.id::text, p.merged_into_id::text FROM problem p WHERE NOT EXISTS (SELECT 1 FROM error_event e WHERE e.problem_id = p.id) ORDER BY p.id",
    );
    expect(emptiedRows.length).toBeGreaterThan(0);
    expect(emptiedRows.every((r) => r.merged_into_id !== null)).toBe(true);
    expect(run.merged.map((m) => m.problem).sort()).toEqual(emptiedRows.map((r) => r.id).sort());
    const target = emptiedRows[0];
    const staffView = await problemActivity(t.db, { kind: "all" }, target.id);
    expect(staffView.map((a) => a.kind).sort()).toEqual(["note", "reclassified"]);
    expect(staffView.find((a) => a.kind === "reclassified")!.text).toMatch(
      new RegExp(
        `^reclassified: moved out by today's classifier: \\d+ events? to #${target.merged_into_id} \\((${[...REMOVED].join("|")})\\)`,
      ),
    );
    const districtView = await problemActivity(t.db, { kind: "leas", leaCodes: ["255901"] }, target.id);
    expect(districtView).toEqual([]); // reclassification history counts every district's events: staff-internal

    // An emptied problem given an event again (an older catalog's ingest): a problem like any other again.
    const [fingerprint] = await query<{ fingerprint: string }>(
      t,
      "SELECT fingerprint FROM problem WHERE id = $1::bigint",
      [target.id],
    );
    const rules = await routingRulesForIngest(t.db);
    const back = EVENTS.find(
      (e) =>
        prepareEvent(e, { receivedAt: END, apiKeyId: 0, rules, classify: olderCatalog }).fingerprint ===
        fingerprint.fingerprint,
    )!;
    expect(await getMergedProblem(t.db, target.id)).toMatchObject({ id: target.id, mergedInto: target.merged_into_id });
    await storeUnderOlderCatalog(t.db, [{ ...back, eventId: "back-again" }], END);
    expect(await getMergedProblem(t.db, target.id)).toBeNull();
    await reclassify(t.db, { batchSize: 500 }); // and moves out again

    // A second run finds nothing to do.
    const again = await reclassify(t.db, { batchSize: 500 });
    expect(again.moved).toBe(0);
    expect(again.restated).toBe(0);
    expect(formatReport(again)).toContain("No event changes its article, resource or group.");
  });

  it("killed inside a step and run again, ends as a run that was never stopped", async () => {
    const whole = await storedUnderOlderCatalog();
    await reclassify(whole.db, { batchSize: 41 });

    const rules = await routingRulesForIngest(t.db);
    const step = (after: string) => ({
      after,
      since: null,
      size: 41,
      dryRun: false,
      run: "killed-run",
      until: String(Number.MAX_SAFE_INTEGER),
      maskingOn: false,
      rules: [...rules],
    });
    let after = "0";
    for (let k = 0; k < 4; k++) after = (await t.db.procedure("reclassifyBatch", step(after))).last!;
    // The fifth step is killed after its writes, before its commit: nothing of it stays.
    await expect(
      t.db.transaction(async (tx) => {
        const r = await reclassifyBatch(tx, step(after));
        expect(r.scanned).toBe(41);
        throw new Error("killed");
      }),
    ).rejects.toThrow("killed");
    await expectRollupsEqualRaw(t);
    const resumed = await reclassify(t.db, { batchSize: 41 });
    expect(resumed.moved).toBeGreaterThan(0);

    expect(await placement(t)).toEqual(await placement(whole));
    expect(await merges(t)).toEqual(await merges(whole));
    expect(await historyTotals(t)).toEqual(await historyTotals(whole));
    await expectRollupsEqualRaw(t);
    await expectRollupsEqualRaw(whole);
  });

  it("leaves events stored with masked values where they are", async () => {
    const masked = await createTestDatabase(kind);
    open.push(masked);
    await storeUnderOlderCatalog(masked.db, EVENTS.slice(0, 300), END, 100, true);
    await storeUnderOlderCatalog(masked.db, EVENTS.slice(300), END, 100, false);
    const run = await reclassify(masked.db, { batchSize: 50, maskingOn: false });
    expect(run.masked).toBe(300);
    const stale = await query<{ masked: boolean; n: string }>(
      masked,
      "SELECT body_masked AS masked, count(*)::text AS n FROM error_event WHERE article_id = ANY($1::text[]) GROUP BY 1",
      [[...REMOVED]],
    );
    expect(stale.find((r) => r.masked)).toBeUndefined(); // the masked ones kept the older catalog's articles
    expect(Number(stale.find((r) => !r.masked)?.n ?? 0)).toBe(
      EVENTS.slice(300).filter((e) => REMOVED.has(classifyEvent(shape(e)).articleId)).length,
    );
    await expectRollupsEqualRaw(masked);
  });

  it.runIf(kind === "postgres")(
    "moves an event as it is under the lock when a client re-map changed it after the step read it",
    async () => {
      const noDistrict = await createTestDatabase(kind);
      open.push(noDistrict);
      await storeUnderOlderCatalog(
        noDistrict.db,
        EVENTS.map((e) => ({ ...e, lea: undefined })),
        END,
      );
      const rules = await routingRulesForIngest(noDistrict.db);
      const client = EVENTS.find((e) => e.client && REMOVED.has(classifyEvent(shape(e)).articleId))!.client!;
      let remapped = 0;
      // The step reads without locks; between that read and its lock, another connection re-maps the client.
      await noDistrict.db.transaction(async (tx) => {
        let reads = 0;
        const interleaved: typeof tx = {
          ...tx,
          exec: (sql) => tx.exec(sql),
          copyIn: (table, columns, text) => tx.copyIn(table, columns, text),
          query: async <R>(sql: string, params?: unknown[]) => {
            const rows = await tx.query<R>(sql, params);
            if (reads++ === 0) remapped = (await setClientDistricts(noDistrict.db, client, ["255901"])).moved;
            return rows;
          },
        };
        const r = await reclassifyBatch(interleaved, {
          after: "0",
          since: null,
          size: 10_000,
          dryRun: false,
          run: "remap-race",
          until: String(Number.MAX_SAFE_INTEGER),
          maskingOn: false,
          rules: [...rules],
        });
        expect(r.moves.reduce((n, m) => n + m.events, 0)).toBeGreaterThan(0);
      });
      expect(remapped).toBeGreaterThan(0);
      await expectRollupsEqualRaw(noDistrict);
    },
  );

  it("--since leaves older events where they are", async () => {
    const since = new Date(END.getTime() - 86_400_000);
    const run = await reclassify(t.db, { since, batchSize: 100 });
    const older = EVENTS.filter((e) => new Date(e.occurredAt!).getTime() < since.getTime());
    expect(run.scanned).toBe(EVENTS.length - older.length);
    const stale = await query<{ n: string }>(
      t,
      "SELECT count(*)::text AS n FROM error_event WHERE occurred_at < $1 AND article_id IN (SELECT unnest($2::text[]))",
      [since.toISOString(), [...REMOVED]],
    );
    expect(Number(stale[0].n)).toBe(0); // the older ones still carry the older catalog's articles
    await expectRollupsEqualRaw(t);
  });
});
