// Read models honour the Scope: a district sees its own counts, trends and events only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { findEventsByCorrelationId, listProblemEvents } from "@/lib/queries/events";
import { getProblemDetail } from "@/lib/queries/problem-detail";
import { listProblemStream } from "@/lib/queries/problem-stream";
import { loadProblemSearch } from "@/lib/search-params/problems";
import type { Scope } from "@/lib/auth/scope";
import { trendReport } from "@/lib/queries/trends";
import { trendPeriods } from "@/lib/trends/periods";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

describe.each(dbKinds())("scoped queries on %s", (kind) => {
  let t: TestDatabase;
  const listProblems = async (db: TestDatabase["db"], scope: Scope) =>
    (await listProblemStream(db, scope, loadProblemSearch(""))).rows;
  const today = new Date().toISOString();
  const event = (lea: string, i: number) => ({
    status: 409,
    lea,
    correlationId: `${lea}-${i}`,
    occurredAt: today,
    url: "https://h/data/v3/ed-fi/sections",
    body: {
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      detail: "The referenced 'Session' item does not exist.",
    },
  });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await ingestEvents(
      t.db,
      [
        ...Array.from({ length: 5 }, (_, i) => event("255901", i)),
        ...Array.from({ length: 3 }, (_, i) => event("4801234", i)),
      ],
      { apiKeyId: null },
    );
  });
  afterAll(() => t?.drop());

  it("counts problems inside the scope", async () => {
    const all = await listProblems(t.db, ALL_DISTRICTS);
    expect(all).toHaveLength(1);
    expect(all[0].events).toBe(8);
    const mine = await listProblems(t.db, leaScope(["4801234"]));
    expect(mine[0].events).toBe(3);
    expect(mine[0].districts).toBe(1);
    expect(await listProblems(t.db, leaScope(["999"]))).toEqual([]);
  });

  it("never returns another district's events or problem", async () => {
    expect(await findEventsByCorrelationId(t.db, leaScope(["4801234"]), "255901-1")).toEqual([]);
    expect(await findEventsByCorrelationId(t.db, leaScope(["255901"]), "255901-1")).toHaveLength(1);
    const problemId = (await listProblems(t.db, ALL_DISTRICTS))[0].id;
    expect((await listProblemEvents(t.db, leaScope(["4801234"]), problemId)).map((e) => e.lea)).toEqual([
      "4801234",
      "4801234",
      "4801234",
    ]);
    expect(await getProblemDetail(t.db, leaScope(["999"]), problemId)).toBeNull();
    expect((await getProblemDetail(t.db, leaScope(["255901"]), problemId))?.events30d).toBe(5);
  });

  it("sums trends per day and route inside the scope", async () => {
    const periods = trendPeriods({ range: "7d", timeZone: "UTC", now: Date.now() });
    const everyone = await trendReport(t.db, ALL_DISTRICTS, periods);
    expect(everyone.buckets.at(-1)).toMatchObject({
      events: 8,
      byRoute: { dev: 8, data: 0, ops: 0 },
      byStatus: { "409": 8 },
    });
    expect(everyone.districts.map((d) => [d.lea, d.events])).toEqual([
      ["255901", 5],
      ["4801234", 3],
    ]);
    const mine = await trendReport(t.db, leaScope(["255901"]), periods);
    expect(mine.buckets.at(-1)).toMatchObject({ events: 5, byRoute: { dev: 5, data: 0, ops: 0 } });
    expect(mine.districts.map((d) => d.lea)).toEqual(["255901"]);
  });

  it("takes first/last seen and the sample message of a shared problem from inside the scope", async () => {
    const at = (daysAgo: number, hour: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10) +
      `T${String(hour).padStart(2, "0")}:00:00.000Z`;
    const shared = (lea: string, occurredAt: string, who: string) => ({
      status: 409,
      lea,
      occurredAt,
      url: "https://h/data/v3/ed-fi/grades",
      correlationId: `shared-${lea}-${occurredAt}`,
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: `The referenced 'Grade' item does not exist for ${who}.`,
      },
    });
    await ingestEvents(
      t.db,
      [
        shared("255901", at(10, 8), "Amelia Earhart"),
        shared("255901", at(1, 9), "Amelia Earhart"),
        shared("4801234", at(5, 7), "Bo Bennett"),
        shared("4801234", at(3, 6), "Bo Bennett"),
      ],
      { apiKeyId: null },
    );
    const byResource = (list: Awaited<ReturnType<typeof listProblems>>) => list.find((p) => p.resource === "grades")!;
    const everyone = byResource(await listProblems(t.db, ALL_DISTRICTS));
    expect([everyone.firstSeenAt, everyone.lastSeenAt]).toEqual([at(10, 8), at(1, 9)]);
    const district = byResource(await listProblems(t.db, leaScope(["4801234"])));
    expect([district.firstSeenAt, district.lastSeenAt]).toEqual([at(5, 7), at(3, 6)]);
    const page = await getProblemDetail(t.db, leaScope(["4801234"]), district.id);
    expect(page?.sampleMessage).toContain("Bo Bennett");
    expect([page?.firstSeenAt, page?.lastSeenAt, page?.events30d]).toEqual([at(5, 7), at(3, 6), 2]);
    expect(JSON.stringify(page)).not.toContain("Amelia");
    const row = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      "SELECT * FROM problem WHERE id = $1::bigint",
      district.id,
    );
    expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/Amelia|Bo Bennett/);
  });
});
