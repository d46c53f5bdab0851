// The list's presets: "New" keeps only problems first seen inside the viewer's districts during
// the range (a problem old elsewhere is new to a district that never had it), and its facets and
// totals agree with its rows; "For review" is open and unassigned; "Rising" lists what /trends
// calls rising problems, in its order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { listProblemStream, problemFacets } from "@/lib/queries/problem-stream";
import { loadProblemSearch } from "@/lib/search-params/problems";
import { groupProblemStream } from "@/lib/queries/problem-stream";
import { trendReport } from "@/lib/queries/trends";
import { trendPeriods } from "@/lib/trends/periods";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const A = "255901";
const B = "4801234";
const DAY = 86_400_000;

describe.each(dbKinds())("list presets on %s", (kind) => {
  let t: TestDatabase;
  const ids = { old: "", fresh: "", climbing: "", falling: "" };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const old = (lea: string, days: number) => ({
      status: 409,
      lea,
      occurredAt: at(days),
      url: "https://h/data/v3/ed-fi/sections",
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      },
    });
    const fresh = {
      status: 400,
      lea: A,
      occurredAt: at(0.01),
      url: "https://h/data/v3/ed-fi/students",
      body: { message: "Validation of 'Student' failed.\n\tBirthDate is required." },
    };
    const written = await ingestEvents(t.db, [old(A, 20), old(A, 1), old(B, 2), fresh], { apiKeyId: null });
    ids.old = written.events[0].problemId;
    ids.fresh = written.events[3].problemId;
    // One event in the week before this one, four in it (rises by 3); three before, one now (falls).
    const climbing = (days: number) => ({
      status: 400,
      lea: A,
      occurredAt: at(days),
      url: "https://h/data/v3/ed-fi/grades",
      body: {
        type: "urn:ed-fi:api:bad-request:data-validation-failed",
        detail: "Data validation failed.",
        validationErrors: { "$.numericGradeEarned": ["NumericGradeEarned must be between 0 and 100."] },
      },
    });
    const falling = (days: number) => ({
      status: 500,
      lea: A,
      occurredAt: at(days),
      url: "https://h/data/v3/ed-fi/sessions",
      body: {
        type: "urn:ed-fi:api:system:database-connection",
        detail: "The API was unable to connect to the database.",
      },
    });
    const more = await ingestEvents(
      t.db,
      [
        climbing(9),
        climbing(0.2),
        climbing(1.5),
        climbing(2.5),
        climbing(3.5),
        falling(8.5),
        falling(9.5),
        falling(10.5),
        falling(0.3),
      ],
      { apiKeyId: null },
    );
    ids.climbing = more.events[0].problemId;
    ids.falling = more.events[5].problemId;
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
    expect(withoutPreset.rows.map((r) => r.id).sort()).toEqual([ids.old, ids.fresh, ids.climbing, ids.falling].sort());
  });

  it("'Rising' lists the problems /trends calls rising, most risen first, inside the viewer's districts", async () => {
    const search = loadProblemSearch("range=7d&seen=rising&sort=rise.desc");
    const all = await listProblemStream(t.db, ALL_DISTRICTS, search);
    // climbing 1 → 4, old 0 → 2 (seen 20 days ago); falling went down, fresh was never seen before.
    expect(all.rows.map((r) => r.id)).toEqual([ids.climbing, ids.old]);
    expect([all.total, all.totalEvents]).toEqual([2, 6]);
    const trends = await trendReport(
      t.db,
      ALL_DISTRICTS,
      trendPeriods({ range: "7d", bucket: "day", timeZone: "UTC" }),
    );
    expect(trends.risingProblems.map((p) => p.id)).toEqual(all.rows.map((r) => r.id));
    // In B alone, the old problem is new (first seen there 2 days ago), so it is not rising there.
    expect((await listProblemStream(t.db, leaScope([B]), search)).rows).toEqual([]);
    // Facets and groups apply the preset too.
    const facets = await problemFacets(t.db, ALL_DISTRICTS, search);
    expect(facets.lea.map((o) => [o.value, o.count]).sort()).toEqual([
      [A, 2],
      [B, 1],
    ]);
    const articles = all.rows.map((r) => r.articleId).sort();
    expect(facets.article.map((o) => o.value).sort()).toEqual(articles);
    const groups = await groupProblemStream(
      t.db,
      ALL_DISTRICTS,
      loadProblemSearch("range=7d&seen=rising&group=article"),
      "article",
    );
    expect(groups.map((g) => g.key).sort()).toEqual(articles);
    expect(groups.map((g) => g.problems)).toEqual([1, 1]);
  });

  it("'For review' is open and unassigned", async () => {
    const review = await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch("status=open&assignee=none"));
    expect(review.rows.map((r) => r.id).sort()).toEqual([ids.old, ids.fresh, ids.climbing, ids.falling].sort());
  });
});
