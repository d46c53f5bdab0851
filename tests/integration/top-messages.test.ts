// What went wrong, on the problem page, under each list row and in search: the message lines of
// a problem's events counted from the ledger's message rows, inside the viewer's districts only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import { problemTopMessages, topMessagesOf } from "@/lib/queries/top-messages";
import { searchEverything } from "@/lib/queries/search";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const A = "255901";
const B = "4801234";
const DV = "urn:ed-fi:api:bad-request:data-validation-failed";
const GENERIC = "Data validation failed. See 'validationErrors' for details.";

describe.each(dbKinds())("top message lines on %s", (kind) => {
  let t: TestDatabase;
  let problemId = "";
  let otherId = "";
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const event = (lea: string, errors: Record<string, string[]>) => ({
      status: 400,
      lea,
      url: "https://h/data/v3/ed-fi/calendars",
      body: { type: DV, detail: GENERIC, validationErrors: errors },
    });
    const written = await ingestEvents(
      t.db,
      [
        ...Array.from({ length: 5 }, () =>
          event(A, { "$.totalInstructionalDays": ["TotalInstructionalDays must be between 0 and 366."] }),
        ),
        ...Array.from({ length: 2 }, () =>
          event(B, { "$.totalInstructionalDays": ["TotalInstructionalDays must be between 1 and 400."] }),
        ),
        {
          status: 409,
          lea: A,
          url: "https://h/data/v3/ed-fi/sections",
          body: {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            detail: "The referenced 'Session' item does not exist.",
          },
        },
      ],
      { apiKeyId: null },
    );
    problemId = written.events[0].problemId;
    otherId = written.events[7].problemId;
    expect(written.events[5].problemId).toBe(problemId); // one problem, both districts
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lists the specific lines first with their event counts, the generic detail last", async () => {
    const lines = await problemTopMessages(t.db, ALL_DISTRICTS, problemId);
    expect(lines.map((l) => [l.path, l.message, l.events, l.generic])).toEqual([
      ["$.totalInstructionalDays", "TotalInstructionalDays must be between 0 and 366.", 5, false],
      ["$.totalInstructionalDays", "TotalInstructionalDays must be between 1 and 400.", 2, false],
      [null, GENERIC, 7, true],
    ]);
  });

  it("shows a district admin only the lines of their districts' events", async () => {
    const lines = await problemTopMessages(t.db, leaScope([A]), problemId);
    expect(lines.map((l) => l.text).join("\n")).not.toContain("1 and 400");
    expect(lines.map((l) => [l.path, l.events, l.generic])).toEqual([
      ["$.totalInstructionalDays", 5, false],
      [null, 5, true],
    ]);
    expect(await problemTopMessages(t.db, leaScope(["999999"]), problemId)).toEqual([]);
  });

  it("gives each listed problem its top line, and search the line that matched", async () => {
    const tops = await topMessagesOf(t.db, leaScope([B]), [problemId, otherId]);
    expect([...tops.keys()]).toEqual([problemId]); // the other problem has no event in B
    expect(tops.get(problemId)?.[0].text).toBe(
      "$.totalInstructionalDays: TotalInstructionalDays must be between 1 and 400.",
    );
    const found = await searchEverything(t.db, ALL_DISTRICTS, "366 instructional between");
    expect(found.text.map((r) => [r.problemId, r.message])).toEqual([
      [problemId, "$.totalInstructionalDays: TotalInstructionalDays must be between 0 and 366."],
    ]);
    const inA = await searchEverything(t.db, leaScope([A]), "1 and 400");
    expect(inA.text).toEqual([]);
  });

  it("gives the same lines once the counts are folded (every district's from the texts held once)", async () => {
    const before = await Promise.all(
      [ALL_DISTRICTS, leaScope([A]), leaScope([B])].map((scope) => topMessagesOf(t.db, scope, [problemId, otherId], 5)),
    );
    expect(await t.db.prisma.$queryRawUnsafe("SELECT 1 FROM message_pending LIMIT 1")).toHaveLength(1);
    await t.db.procedure("foldPending");
    expect(await t.db.prisma.$queryRawUnsafe("SELECT 1 FROM message_pending LIMIT 1")).toHaveLength(0);
    const after = await Promise.all(
      [ALL_DISTRICTS, leaScope([A]), leaScope([B])].map((scope) => topMessagesOf(t.db, scope, [problemId, otherId], 5)),
    );
    expect(after).toEqual(before);
    expect(after[0].get(problemId)?.map((l) => l.events)).toEqual([5, 2, 7]);
    expect(after[2].get(problemId)?.map((l) => l.events)).toEqual([2, 2]);
  });
});
