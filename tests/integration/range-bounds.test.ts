// Issue 21, item 1, on a real database: what the problems list's queries receive from a hostile
// URL is bounded (the day series of every row, the facet options), whatever way the URL arrives:
// the page, a saved view when it is saved, and one stored before the bound when it is opened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { FACET_OPTION_LIMIT } from "@/lib/queries/problem-facets";
import { listProblemStream, problemFacets } from "@/lib/queries/problem-stream";
import { loadProblemSearch, readProblemSearch } from "@/lib/search-params/problems";
import { MAX_RANGE_DAYS } from "@/lib/trends/periods";
import { createSavedView, listSavedViews } from "@/lib/triage/saved-views";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { signedInUser } from "../support/sessions";

const HOSTILE = "range=custom&from=0100-01-01&to=9998-12-30";
const RESOURCES = FACET_OPTION_LIMIT + 30;

describe.each(dbKinds())("bounded ranges in the list's queries on %s", (kind) => {
  let t: TestDatabase;
  let userId: number;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    userId = (await signedInUser(t.db, "triager")).id;
    const events = Array.from({ length: RESOURCES }, (_, i) => ({
      status: 409,
      lea: "255901",
      client: "SIS",
      occurredAt: new Date(Date.now() - (i % 20) * 86_400_000).toISOString(),
      url: `https://h/data/v3/ed-fi/resource${i}`,
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      },
    }));
    await ingestEvents(t.db, events, { apiKeyId: null });
  });
  afterAll(() => t?.drop());

  it("gives the hostile URL's rows a day series of the default range, not millions of days", async () => {
    const page = await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch(HOSTILE));
    expect(page.days).toHaveLength(30);
    expect(page.rows.length).toBeGreaterThan(0);
    for (const row of page.rows) expect(row.trend).toHaveLength(30);
  });

  it("draws the last 400 days of a longer range, and 400 at most for a state built by hand", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const limited = await listProblemStream(
      t.db,
      ALL_DISTRICTS,
      loadProblemSearch(`range=custom&from=1970-01-01&to=${today}`),
    );
    expect(limited.days).toHaveLength(MAX_RANGE_DAYS);
    expect(limited.days.at(-1)).toBe(today);
    expect(limited.total).toBe(RESOURCES);
    const byHand = { ...loadProblemSearch(""), range: "custom" as const, from: "1970-01-01", to: "9998-12-30" };
    expect((await listProblemStream(t.db, ALL_DISTRICTS, byHand)).days).toHaveLength(MAX_RANGE_DAYS);
  });

  it("offers at most FACET_OPTION_LIMIT options per facet, the selected ones always", async () => {
    const facets = await problemFacets(t.db, ALL_DISTRICTS, loadProblemSearch(""));
    expect(facets.resource).toHaveLength(FACET_OPTION_LIMIT);
    const rare = `resource${RESOURCES - 1}`;
    const selected = await problemFacets(t.db, ALL_DISTRICTS, loadProblemSearch(`resource=${rare}`));
    expect(selected.resource.map((o) => o.value)).toContain(rare);
    expect(selected.resource.length).toBeLessThanOrEqual(FACET_OPTION_LIMIT + 1);
  });

  it("stores a saved view's range bounded, and bounds one stored before when it is opened", async () => {
    const saved = await createSavedView(
      t.db,
      { userId, scope: ALL_DISTRICTS },
      { name: "Everything", query: "range=custom&from=1970-01-01&to=9998-12-30", shared: false },
    );
    expect(saved.query).toBe("range=custom&from=9997-11-26&to=9998-12-30");
    // A view saved before ranges were bounded, shared with everyone.
    const old = await t.db.prisma.savedView.create({
      data: { ownerId: userId, name: "Old", query: HOSTILE, shared: true },
    });
    const view = (await listSavedViews(t.db, { userId, scope: ALL_DISTRICTS })).find((v) => v.id === old.id)!;
    // Opening it is loading the list at /problems?<query>&view=<id>.
    const { search, notices } = readProblemSearch(`${view.query}&view=${view.id}`);
    expect(notices.map((n) => n.param)).toEqual(["from"]);
    expect((await listProblemStream(t.db, ALL_DISTRICTS, search)).days).toHaveLength(30);
  });
});
