// Read models honour the Scope: a district sees its own counts, trends and events only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { findEventsByCorrelationId, listProblemEvents } from "@/lib/queries/events";
import { getProblem, listProblems } from "@/lib/queries/problems";
import { errorTrend } from "@/lib/queries/trends";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

describe.each(dbKinds())("scoped queries on %s", (kind) => {
  let t: TestDatabase;
  const today = new Date().toISOString();
  const event = (lea: string, i: number) => ({
    status: 409, lea, correlationId: `${lea}-${i}`, occurredAt: today, url: "https://h/data/v3/ed-fi/sections",
    body: { type: "urn:ed-fi:api:data-conflict:unresolved-reference", detail: "The referenced 'Session' item does not exist." },
  });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await ingestEvents(t.db, [...Array.from({ length: 5 }, (_, i) => event("255901", i)), ...Array.from({ length: 3 }, (_, i) => event("4801234", i))], { apiKeyId: null });
  });
  afterAll(() => t?.drop());

  it("counts problems inside the scope", async () => {
    const all = await listProblems(t.db, ALL_DISTRICTS);
    expect(all).toHaveLength(1);
    expect(all[0].events30d).toBe(8);
    const mine = await listProblems(t.db, leaScope(["4801234"]));
    expect(mine[0].events30d).toBe(3);
    expect(mine[0].latestCorrelationId).toMatch(/^4801234-/);
    expect(await listProblems(t.db, leaScope(["999"]))).toEqual([]);
  });

  it("never returns another district's events or problem", async () => {
    expect(await findEventsByCorrelationId(t.db, leaScope(["4801234"]), "255901-1")).toEqual([]);
    expect(await findEventsByCorrelationId(t.db, leaScope(["255901"]), "255901-1")).toHaveLength(1);
    const problemId = (await listProblems(t.db, ALL_DISTRICTS))[0].id;
    expect((await listProblemEvents(t.db, leaScope(["4801234"]), problemId)).map((e) => e.lea)).toEqual(["4801234", "4801234", "4801234"]);
    expect(await getProblem(t.db, leaScope(["999"]), problemId)).toBeNull();
    expect((await getProblem(t.db, leaScope(["255901"]), problemId))?.events7d).toBe(5);
  });

  it("sums trends per day and route inside the scope", async () => {
    const day = today.slice(0, 10);
    expect(await errorTrend(t.db, ALL_DISTRICTS)).toEqual([{ day, route: "dev", count: 8 }]);
    expect(await errorTrend(t.db, leaScope(["255901"]))).toEqual([{ day, route: "dev", count: 5 }]);
  });
});
