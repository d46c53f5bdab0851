// The triager's writes on a real database: assignment, status and notes with their history;
// concurrent edits that lose nothing; bulk changes of a whole filter inside the actor's scope;
// regression by a new event (recorded with that event); routing rules applied at ingest and
// re-applied to open problems; saved views.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { listProblemStream, problemIdsMatching } from "@/lib/queries/problem-stream";
import { getProblemDetail } from "@/lib/queries/problem-detail";
import { loadProblemSearch } from "@/lib/search-params/problems";
import { addNote, changeProblems, problemActivity, TriageInputError } from "@/lib/triage/problem-triage";
import { createRoutingRule, deleteRoutingRule } from "@/lib/triage/routing-rules";
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from "@/lib/triage/saved-views";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { signedInUser } from "../support/sessions";

const conflict = (lea: string, resource: string, i: number, client = "SIS") => ({
  status: 409,
  lea,
  client,
  occurredAt: new Date(Date.now() - i * 60_000).toISOString(),
  correlationId: `t-${lea}-${resource}-${i}-${Math.random()}`,
  url: `https://h/data/v3/ed-fi/${resource}`,
  body: {
    type: "urn:ed-fi:api:data-conflict:unresolved-reference",
    detail: "The referenced 'Session' item does not exist.",
  },
});

describe.each(dbKinds())("triage on %s", (kind) => {
  let t: TestDatabase;
  let triager: number;
  let other: number;
  let problemId: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    triager = (await signedInUser(t.db, "triager")).id;
    other = (await signedInUser(t.db, "triager")).id;
    const written = await ingestEvents(
      t.db,
      [0, 1, 2].map((i) => conflict("255901", "sections", i)),
      { apiKeyId: null },
    );
    problemId = written.events[0].problemId;
  });
  afterAll(() => t?.drop());

  it("assigns a team and a person, sets the status, keeps notes, and says all of it in the history", async () => {
    expect(
      await changeProblems(t.db, triager, [problemId], { team: "data", assigneeId: other, status: "in_progress" }),
    ).toEqual({ changed: 1 });
    // The same values again change nothing and write no history.
    expect(await changeProblems(t.db, triager, [problemId], { team: "data" })).toEqual({ changed: 0 });
    await addNote(t.db, other, problemId, "Asked the SIS vendor; <b>not HTML</b>");
    const detail = await getProblemDetail(t.db, ALL_DISTRICTS, problemId);
    expect([detail?.assignedTeam, detail?.assignee?.id, detail?.status]).toEqual(["data", other, "in_progress"]);
    const history = await problemActivity(t.db, ALL_DISTRICTS, problemId);
    expect(history.map((h) => h.kind)).toEqual(["note", "status", "assignee", "team"]);
    expect(history[0].text).toBe("Asked the SIS vendor; <b>not HTML</b>");
    expect(history.find((h) => h.kind === "status")?.text).toBe("set the status: open → in progress");
    // The list shows the assignment instead of the suggestion, and says so.
    const row = (await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch(""))).rows.find(
      (r) => r.id === problemId,
    )!;
    expect([row.route, row.routeReason, row.assignee?.id]).toEqual(["data", "assigned by a triager", other]);
  });

  it("loses neither of two concurrent edits: the later one shows, both are in the history", async () => {
    const before = (await problemActivity(t.db, ALL_DISTRICTS, problemId)).length;
    await Promise.all([
      changeProblems(t.db, triager, [problemId], { status: "resolved" }),
      changeProblems(t.db, other, [problemId], { status: "ignored" }),
    ]);
    const history = await problemActivity(t.db, ALL_DISTRICTS, problemId);
    expect(history.length).toBe(before + 2);
    const [later, earlier] = history.filter((h) => h.kind === "status");
    const final = (await getProblemDetail(t.db, ALL_DISTRICTS, problemId))!.status;
    // The earlier write replaced in progress; the later one replaced the earlier one's value and is what shows.
    const earlierTo = earlier.text.split("→ ")[1];
    expect(earlier.text).toBe(`set the status: in progress → ${earlierTo}`);
    expect(later.text).toBe(`set the status: ${earlierTo} → ${final}`);
    expect(new Set([earlier.text, later.text].map((t) => t.split("→ ")[1]))).toEqual(new Set(["resolved", "ignored"]));
    expect(new Set([later.actor, earlier.actor]).size).toBe(2);
  });

  it("regresses a resolved problem when a new event arrives, and the history names that event", async () => {
    await changeProblems(t.db, triager, [problemId], { status: "resolved" });
    const written = await ingestEvents(t.db, [conflict("255901", "sections", 0)], { apiKeyId: null });
    expect(written.events[0].problemId).toBe(problemId);
    expect((await getProblemDetail(t.db, ALL_DISTRICTS, problemId))!.status).toBe("regressed");
    const regressed = (await problemActivity(t.db, ALL_DISTRICTS, problemId)).find((h) => h.kind === "regressed")!;
    expect(regressed.eventId).toBe(written.events[0].id);
    // A duplicate (same eventId, same key) stores nothing and regresses nothing again.
    await changeProblems(t.db, triager, [problemId], { status: "resolved" });
    const again = { ...conflict("255901", "sections", 0), eventId: "dup-1" };
    await ingestEvents(t.db, [again], { apiKeyId: null });
    await changeProblems(t.db, triager, [problemId], { status: "resolved" });
    await ingestEvents(t.db, [again], { apiKeyId: null });
    expect((await getProblemDetail(t.db, ALL_DISTRICTS, problemId))!.status).toBe("resolved");
  });

  it("changes every problem of a filter, inside the actor's scope only", async () => {
    await ingestEvents(
      t.db,
      [
        ...[0, 1].map((i) => conflict("255901", "grades", i)),
        ...[0, 1].map((i) => conflict("4801234", "courses", i)),
        conflict("4801234", "grades", 3),
      ],
      { apiKeyId: null },
    );
    const everyGrades = await problemIdsMatching(t.db, ALL_DISTRICTS, loadProblemSearch("resource=grades"), 10_000);
    expect(everyGrades).toHaveLength(1);
    const inB = await problemIdsMatching(t.db, leaScope(["4801234"]), loadProblemSearch(""), 10_000);
    const expectedB = (await listProblemStream(t.db, leaScope(["4801234"]), loadProblemSearch("size=100"))).rows.map(
      (r) => r.id,
    );
    expect(inB.sort()).toEqual(expectedB.sort());
    const { changed } = await changeProblems(t.db, triager, inB, { team: "ops" });
    expect(changed).toBe(inB.length);
    const untouched = (await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch("size=100"))).rows.filter(
      (r) => !inB.includes(r.id),
    );
    expect(untouched.every((r) => r.assignedTeam !== "ops")).toBe(true);
    // Only staff can be assigned.
    const district = await signedInUser(t.db, "district_admin", ["255901"]);
    await expect(changeProblems(t.db, triager, [problemId], { assigneeId: district.id })).rejects.toBeInstanceOf(
      TriageInputError,
    );
  });

  it("routes by rules at ingest, re-applies them to open problems, and says why", async () => {
    const written = await ingestEvents(t.db, [conflict("1000001", "staffs", 0, "Payroll Sync")], { apiKeyId: null });
    const id = written.events[0].problemId;
    expect((await getProblemDetail(t.db, ALL_DISTRICTS, id))!.routeReason).toBe("article default");
    const rule = await createRoutingRule(t.db, {
      articleId: null,
      resource: "staffs",
      client: "Payroll Sync",
      lea: null,
      team: "ops",
      priority: 100,
      note: "HR feed",
    });
    expect(rule.reapplied).toBeGreaterThanOrEqual(1);
    const routed = (await getProblemDetail(t.db, ALL_DISTRICTS, id))!;
    expect([routed.suggestedRoute, routed.routeReason]).toEqual([
      "ops",
      `rule #${rule.id}: resource=staffs, client=Payroll Sync`,
    ]);
    // New events are routed by the rule as they are stored (the answer says so).
    const next = await ingestEvents(t.db, [conflict("1000001", "staffs", 1, "Payroll Sync")], { apiKeyId: null });
    expect(next.events[0].route).toBe("ops");
    // A resolved problem keeps its suggestion when rules change; deleting the rule re-routes the open ones.
    const other = await ingestEvents(t.db, [conflict("1000001", "staffs", 0, "Other")], { apiKeyId: null });
    expect(other.events[0].route).toBe("dev");
    await changeProblems(t.db, triager, [id], { status: "resolved" });
    await deleteRoutingRule(t.db, rule.id);
    expect((await getProblemDetail(t.db, ALL_DISTRICTS, id))!.routeReason).toBe(
      `rule #${rule.id}: resource=staffs, client=Payroll Sync`,
    );
    await changeProblems(t.db, triager, [id], { status: "open" });
    await createRoutingRule(t.db, {
      articleId: "unresolved-reference",
      resource: null,
      client: null,
      lea: "1000001",
      team: "data",
      priority: 5,
      note: null,
    });
    const reRouted = (await getProblemDetail(t.db, ALL_DISTRICTS, id))!;
    expect(reRouted.suggestedRoute).toBe("data");
    expect(reRouted.routeReason).toMatch(/^rule #\d+: article=unresolved-reference, lea=1000001$/);
  });

  it("keeps saved views personal unless shared, and lets only the owner change them", async () => {
    const mine = await createSavedView(
      t.db,
      { userId: triager, scope: ALL_DISTRICTS },
      { name: "My grades", query: "?resource=grades&page=3&unknown=1&sort=events.desc", shared: false },
    );
    expect(mine.query).toBe("resource=grades&page=3");
    const shared = await createSavedView(
      t.db,
      { userId: triager, scope: ALL_DISTRICTS },
      { name: "Ops queue", query: "route=ops&status=open", shared: true },
    );
    const seenByOther = await listSavedViews(t.db, { userId: other, scope: ALL_DISTRICTS });
    expect(seenByOther.map((v) => v.name)).toContain("Ops queue");
    expect(seenByOther.map((v) => v.name)).not.toContain("My grades");
    expect(
      await updateSavedView(t.db, { userId: other, scope: ALL_DISTRICTS }, shared.id, { query: "route=dev" }),
    ).toBe(false);
    expect(await deleteSavedView(t.db, other, shared.id)).toBe(false);
    expect(
      await updateSavedView(t.db, { userId: triager, scope: ALL_DISTRICTS }, shared.id, { query: "route=dev" }),
    ).toBe(true);
    expect(
      (await listSavedViews(t.db, { userId: other, scope: ALL_DISTRICTS })).find((v) => v.id === shared.id)?.query,
    ).toBe("route=dev");
    expect(await deleteSavedView(t.db, triager, mine.id)).toBe(true);
  });
});
