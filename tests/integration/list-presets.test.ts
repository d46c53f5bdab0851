// The list's presets: "New" keeps only problems first seen inside the viewer's districts during
// the range (a problem old elsewhere is new to a district that never had it), and its facets and
// totals agree with its rows; "For review" is open and unassigned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { listProblemStream, problemFacets } from "@/lib/queries/problem-stream";
import { loadProblemSearch } from "@/lib/search-params/problems";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const A = "255901";
const B = "4801234";
const DAY = 86_400_000;

describe.each(dbKinds())("list presets on %s", (kind) => {
  let t: TestDatabase;
  const ids = { old: "", fresh: "" };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const old = (lea: string, days: number) => ({ status: 409, lea, occurredAt: at(days), url: "https://h/data/v3/ed-fi/sections", body: { type: "urn:ed-fi:api:data-conflict:unresolved-reference", detail: "The referenced 'Session' item does not exist." } });
    const fresh = { status: 400, lea: A, occurredAt: at(0.01), url: "https://h/data/v3/ed-fi/students", body: { message: "Validation of 'Student' failed.\n\tBirthDate is required." } };
    const written = await ingestEvents(t.db, [old(A, 20), old(A, 1), old(B, 2), fresh], { apiKeyId: null });
    ids.old = written.events[0].problemId;
    ids.fresh = written.events[3].problemId;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("'New' keeps problems first seen in the range, inside the viewer's districts", async () => {
    const search = loadProblemSearch("range=7d&seen=new&sort=firstSeen.desc");
    const all = await listProblemStream(t.db, ALL_DISTRICTS, search);
    expect(all.rows.map((r) => r.id)).toEqual([ids.fresh]);
    expect([all.total, all.totalEvents]).toEqual([1, 1]);
    // Seen in A 20 days ago, but never in B before this week: new to B.
    const b = await listProblemStream(t.db, leaScope([B]), search);
    expect(b.rows.map((r) => r.id)).toEqual([ids.old]);
    const facets = await problemFacets(t.db, ALL_DISTRICTS, search);
    expect(facets.lea.map((o) => [o.value, o.count])).toEqual([[A, 1]]);
    const withoutPreset = await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch("range=7d"));
    expect(withoutPreset.rows.map((r) => r.id).sort()).toEqual([ids.old, ids.fresh].sort());
  });

  it("'For review' is open and unassigned", async () => {
    const review = await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch("status=open&assignee=none"));
    expect(review.rows.map((r) => r.id).sort()).toEqual([ids.old, ids.fresh].sort());
  });
});
