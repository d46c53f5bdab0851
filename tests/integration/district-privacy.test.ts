// Issue 21, item 2: what a district admin reads of a problem shared with other districts. Staff
// notes and triage history are staff-internal (only entries scoped to the viewer's districts show:
// a regression by their own district's event); a routing rule's reason names no other district's
// LEA and no client they cannot see, on the problem page's read model and in the CSV export; shared
// saved views naming another district, a client of another district or free text are hidden from
// them, and district admins cannot share views. On PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { exportProblemsCsv } from "@/lib/api/export";
import { ingestEvents } from "@/lib/ingest/ingest";
import { getProblemDetail } from "@/lib/queries/problem-detail";
import { addNote, changeProblems, problemActivity, TriageInputError } from "@/lib/triage/problem-triage";
import { createRoutingRule } from "@/lib/triage/routing-rules";
import { createSavedView, listSavedViews, updateSavedView } from "@/lib/triage/saved-views";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { signedInUser } from "../support/sessions";

const A = "255901";
const B = "4801234";
const NOTE = "Called district 4801234 about student Jane Roe (4801234-778899)";

let n = 0;
const conflict = (lea: string, resource: string, client: string, minutesAgo: number) => ({
  status: 409,
  lea,
  client,
  occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  correlationId: `dp-${lea}-${resource}-${++n}`,
  url: `https://h/data/v3/ed-fi/${resource}`,
  body: {
    type: "urn:ed-fi:api:data-conflict:unresolved-reference",
    detail: "The referenced 'Session' item does not exist.",
  },
});

describe.each(dbKinds())("district privacy of a shared problem on %s", (kind) => {
  let t: TestDatabase;
  let triager: number;
  let districtA: number;
  let districtB: number;
  let sections: string;
  let grades: string;
  let eventB: string;
  let eventA: string;
  const scopeA = leaScope([A]);
  const scopeB = leaScope([B]);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    triager = (await signedInUser(t.db, "triager")).id;
    districtA = (await signedInUser(t.db, "district_admin", [A])).id;
    districtB = (await signedInUser(t.db, "district_admin", [B])).id;
    // Two problems seen in both districts; the latest event of each is B's (rules re-apply on it).
    const written = await ingestEvents(
      t.db,
      [
        conflict(A, "sections", "SIS", 30),
        conflict(B, "sections", "SIS", 5),
        conflict(A, "grades", "SIS", 30),
        conflict(B, "grades", "Gradebook", 5),
      ],
      { apiKeyId: null },
    );
    sections = written.events[0].problemId;
    grades = written.events[2].problemId;
    expect(written.events[1].problemId).toBe(sections);
    expect(written.events[3].problemId).toBe(grades);
    await createRoutingRule(t.db, {
      articleId: "unresolved-reference",
      resource: "sections",
      client: null,
      lea: B,
      team: "ops",
      priority: 100,
      note: null,
    });
    await createRoutingRule(t.db, {
      articleId: null,
      resource: "grades",
      client: "Gradebook",
      lea: null,
      team: "dev",
      priority: 100,
      note: null,
    });

    // History: a note naming B's student, a status change, a regression by B's event, then by A's.
    await addNote(t.db, triager, sections, NOTE);
    await changeProblems(t.db, triager, [sections], { status: "resolved" });
    eventB = (await ingestEvents(t.db, [conflict(B, "sections", "SIS", 1)], { apiKeyId: null })).events[0].id;
    await changeProblems(t.db, triager, [sections], { status: "resolved" });
    eventA = (await ingestEvents(t.db, [conflict(A, "sections", "SIS", 0)], { apiKeyId: null })).events[0].id;
  });
  afterAll(() => t?.drop());

  it("keeps a staff note from a district admin after its author becomes one", async () => {
    const author = (await signedInUser(t.db, "support")).id;
    await addNote(t.db, author, grades, "Support note: 4801234 student Mary Major");
    await t.db.prisma.user.update({ where: { id: author }, data: { role: "district_admin", leaCodes: [A] } });
    expect(JSON.stringify(await problemActivity(t.db, ALL_DISTRICTS, grades))).toContain("Mary Major");
    expect(JSON.stringify(await problemActivity(t.db, scopeA, grades))).not.toContain("Mary Major");
  });

  it("shows staff every note and history entry", async () => {
    const history = await problemActivity(t.db, ALL_DISTRICTS, sections);
    expect(history.map((h) => h.kind)).toEqual(["regressed", "status", "regressed", "status", "note"]);
    expect(history.find((h) => h.kind === "note")?.text).toBe(NOTE);
    expect(history.filter((h) => h.kind === "regressed").map((h) => h.eventId)).toEqual([eventA, eventB]);
  });

  it("shows a district admin no staff note or triage change, and only the regression by their own district's event", async () => {
    const seenByA = await problemActivity(t.db, scopeA, sections);
    expect(seenByA.map((h) => [h.kind, h.eventId])).toEqual([["regressed", eventA]]);
    expect(JSON.stringify(seenByA)).not.toContain(B);
    const seenByB = await problemActivity(t.db, scopeB, sections);
    expect(seenByB.map((h) => [h.kind, h.eventId])).toEqual([["regressed", eventB]]);
    expect(JSON.stringify(seenByB)).not.toContain("Jane Roe");
    expect(await problemActivity(t.db, leaScope([]), sections)).toEqual([]);
  });

  it("names in a rule's reason only the LEA and client the viewer may see", async () => {
    const rules = await t.db.prisma.routingRule.findMany({ orderBy: { id: "asc" } });
    const [byLea, byClient] = rules.map((r) => r.id);
    // Staff, and the district the rule names, read the whole reason.
    expect((await getProblemDetail(t.db, ALL_DISTRICTS, grades))!.routeReason).toBe(
      `rule #${byClient}: resource=grades, client=Gradebook`,
    );
    expect((await getProblemDetail(t.db, scopeB, grades))!.routeReason).toBe(
      `rule #${byClient}: resource=grades, client=Gradebook`,
    );
    // The sections problem's rule was re-applied on its latest event (A's, after the regressions): it
    // still says what staff see; a district admin of A reads it without B's LEA.
    const staff = (await getProblemDetail(t.db, ALL_DISTRICTS, sections))!.routeReason;
    expect([staff, (await getProblemDetail(t.db, scopeB, sections))!.routeReason]).toEqual([
      `rule #${byLea}: article=unresolved-reference, resource=sections, lea=${B}`,
      staff,
    ]);
    const detailA = (await getProblemDetail(t.db, scopeA, sections))!;
    expect(detailA.routeReason).toBe(
      `rule #${byLea}: article=unresolved-reference, resource=sections, 1 condition outside your districts`,
    );
    const gradesA = (await getProblemDetail(t.db, scopeA, grades))!;
    expect(gradesA.routeReason).toBe(`rule #${byClient}: resource=grades, 1 condition outside your districts`);
    expect(JSON.stringify([detailA, gradesA])).not.toMatch(/4801234|Gradebook/);
  });

  it("exports the rule's reason as the viewer may read it", async () => {
    const csvA = await (await exportProblemsCsv(t.db, scopeA, new URLSearchParams("range=7d"))).text();
    expect(csvA).toContain("1 condition outside your districts");
    expect(csvA).not.toMatch(/4801234|Gradebook/);
    const csvStaff = await (await exportProblemsCsv(t.db, ALL_DISTRICTS, new URLSearchParams("range=7d"))).text();
    expect(csvStaff).toContain(`lea=${B}`);
    expect(csvStaff).toContain("client=Gradebook");
  });

  it("shows a district admin none of the views staff shared (their names and filters are staff text)", async () => {
    const staff = { userId: triager, scope: ALL_DISTRICTS };
    for (const [name, query] of [
      ["B only", `lea=${B}`],
      ["Gradebook", "client=Gradebook"],
      ["A and B", `lea=${A},${B}`],
      ["Free text", "q=Jane"],
      ["Ops queue", "route=ops&status=open"],
      ["A only", `lea=${A}&client=SIS`],
    ]) {
      await createSavedView(t.db, staff, { name, query, shared: true });
    }
    const names = async (userId: number, scope: typeof ALL_DISTRICTS) =>
      (await listSavedViews(t.db, { userId, scope })).map((v) => v.name);
    expect(await names(triager, ALL_DISTRICTS)).toEqual([
      "A and B",
      "A only",
      "B only",
      "Free text",
      "Gradebook",
      "Ops queue",
    ]);
    expect(await names(districtA, scopeA)).toEqual([]);
    expect(await names(districtB, scopeB)).toEqual([]);
  });

  it("keeps a district admin's views personal", async () => {
    const keeper = { userId: districtA, scope: scopeA };
    await expect(
      createSavedView(t.db, keeper, { name: "Mine shared", query: `lea=${A}`, shared: true }),
    ).rejects.toBeInstanceOf(TriageInputError);
    const mine = await createSavedView(t.db, keeper, { name: "Mine", query: `lea=${A}`, shared: false });
    await expect(updateSavedView(t.db, keeper, mine.id, { shared: true })).rejects.toBeInstanceOf(TriageInputError);
    // A view a district admin shared before this rule (written directly) is theirs alone, and any
    // change they make to it makes it personal.
    const legacy = await t.db.prisma.savedView.create({
      data: { ownerId: districtA, name: "Legacy shared", query: `lea=${A}`, shared: true },
    });
    expect((await listSavedViews(t.db, { userId: triager, scope: ALL_DISTRICTS })).map((v) => v.name)).not.toContain(
      "Legacy shared",
    );
    expect((await listSavedViews(t.db, keeper)).map((v) => v.name)).toContain("Legacy shared");
    expect(await updateSavedView(t.db, keeper, legacy.id, { name: "Legacy" })).toBe(true);
    expect((await t.db.prisma.savedView.findUniqueOrThrow({ where: { id: legacy.id } })).shared).toBe(false);
  });
});
