// Search and CSV export on a real database and a real HTTP server: every kind of match, inside
// the viewer's districts only; exports that equal the lists they come from, paged through in
// batches, scoped, named after their filters, and safe to open in a spreadsheet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as eventsExportRoute from "@/app/api/v1/events/export/route";
import * as problemsExportRoute from "@/app/api/v1/problems/export/route";
import { exportEventsCsv, exportFileName } from "@/lib/api/export";
import { ALL_DISTRICTS, leaScope } from "@/lib/auth/scope";
import { setDatabase } from "@/lib/runtime/database";
import { ingestEvents } from "@/lib/ingest/ingest";
import { listProblemStream } from "@/lib/queries/problem-stream";
import { searchEverything } from "@/lib/queries/search";
import { listEvents } from "@/lib/queries/event-list";
import { importEdOrgs } from "@/lib/districts/store";
import { readEdOrgFile } from "@/lib/districts/edorg-file";
import { loadProblemSearch } from "@/lib/search-params/problems";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { signedInUser } from "../support/sessions";

const A = "255901";
const B = "4801234";

/** CSV rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(field), (field = ""));
    else if (c === "\r" && body[i + 1] === "\n") {
      (row.push(field), rows.push(row), (row = []), (field = ""), i++);
    } else field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  return rows;
}

describe.each(dbKinds())("search and export on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let districtCookie: string;
  let supportCookie: string;
  const ids = { eventA: "", eventB: "", problemB: "" };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer({
      "/api/v1/problems/export": problemsExportRoute,
      "/api/v1/events/export": eventsExportRoute,
    });
    const at = (i: number) => new Date(Date.now() - i * 60_000).toISOString();
    const written = await ingestEvents(
      t.db,
      [
        {
          status: 409,
          lea: A,
          client: "Roster Sync",
          correlationId: "corr-only-a",
          occurredAt: at(1),
          url: "https://h/data/v3/ed-fi/sections",
          body: {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            detail: "The referenced 'Session' item does not exist.",
          },
        },
        {
          status: 400,
          lea: B,
          client: "Gradebook",
          correlationId: "corr-b",
          occurredAt: at(2),
          url: "https://h/data/v3/ed-fi/grades",
          body: {
            type: "urn:ed-fi:api:bad-request:data-validation-failed",
            detail: '=HYPERLINK("http://evil.example")',
            validationErrors: {
              "$.gradingPeriodReference": ["=cmd|' /C calc'!A0 is not a valid grading period, \"quoted\", with commas"],
            },
          },
        },
        ...Array.from({ length: 23 }, (_, i) => ({
          status: 409,
          lea: B,
          client: "Gradebook",
          correlationId: `corr-b-${i}`,
          occurredAt: at(10 + i),
          url: "https://h/data/v3/ed-fi/courses",
          body: {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            detail: "The referenced 'Course' item does not exist.",
          },
        })),
      ],
      { apiKeyId: null },
    );
    ids.eventA = written.events[0].id;
    ids.eventB = written.events[1].id;
    ids.problemB = written.events[2].problemId;
    districtCookie = (await signedInUser(t.db, "district_admin", [B])).cookie;
    supportCookie = (await signedInUser(t.db, "support")).cookie;
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  it("finds an event by id and by correlationId, a problem by id, districts, clients, resources and message text", async () => {
    expect((await searchEverything(t.db, ALL_DISTRICTS, ids.eventA)).event?.correlationId).toBe("corr-only-a");
    expect((await searchEverything(t.db, ALL_DISTRICTS, "corr-b")).correlation.map((e) => e.id)).toEqual([ids.eventB]);
    expect((await searchEverything(t.db, ALL_DISTRICTS, ids.problemB)).problem?.resource).toBe("courses");
    expect((await searchEverything(t.db, ALL_DISTRICTS, B)).districts).toEqual([{ lea: B, name: null, events: 24 }]);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "gradebook")).clients).toEqual([
      { client: "Gradebook", events: 24 },
    ]);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "course")).resources.map((r) => r.resource)).toEqual([
      "courses",
    ]);
    const text = await searchEverything(t.db, ALL_DISTRICTS, "'Course' item");
    expect(text.text).toEqual([expect.objectContaining({ problemId: ids.problemB, events: 23 })]);
    // Validation messages are searchable by their text, and LIKE wildcards are taken literally.
    expect((await searchEverything(t.db, ALL_DISTRICTS, "valid grading period")).textEvents).toBe(1);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "%")).textEvents).toBe(0);
  });

  it("finds what support pastes: any case, in quotes, after a label, a prefix, part of a client name, an article title, words in any order", async () => {
    const id = "3F1C2A9E-55B1-4C7D-9A0E-1B2C3D4E5F60";
    const written = await ingestEvents(
      t.db,
      [
        {
          status: 409,
          lea: A,
          client: "Roster Sync",
          correlationId: id,
          url: "https://h/data/v3/ed-fi/sections",
          body: {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            detail: "The referenced 'Calendar' item does not exist.",
          },
        },
      ],
      { apiKeyId: null },
    );
    const eventId = written.events[0].id;
    for (const pasted of [
      id.toLowerCase(),
      `"${id}"`,
      `\u201c${id.toLowerCase()}\u201d`,
      `correlationId: ${id.toLowerCase()}`,
      `X-Correlation-Id = '${id}'`,
      `"correlationId": "${id}",`,
    ]) {
      const r = await searchEverything(t.db, ALL_DISTRICTS, pasted);
      expect([pasted, r.correlation.map((e) => e.id), r.correlationByPrefix]).toEqual([pasted, [eventId], false]);
    }
    const prefix = await searchEverything(t.db, ALL_DISTRICTS, id.slice(0, 8).toLowerCase());
    expect([prefix.correlation.map((e) => e.id), prefix.correlationByPrefix]).toEqual([[eventId], true]);
    expect((await searchEverything(t.db, ALL_DISTRICTS, id.slice(0, 7))).correlation).toEqual([]); // too short to be a prefix
    expect(
      (await listEvents(t.db, ALL_DISTRICTS, { correlationId: id.toLowerCase(), limit: 10 })).events.map((e) => e.id),
    ).toEqual([eventId]); // the read API
    expect((await searchEverything(t.db, ALL_DISTRICTS, "roster")).clients).toEqual([
      { client: "Roster Sync", events: 2 },
    ]);
    const article = await searchEverything(t.db, ALL_DISTRICTS, "reference unresolved");
    expect(article.articles).toEqual([
      { articleId: "unresolved-reference", title: "Unresolved reference", problems: 3, events: 25 },
    ]);
    expect((await searchEverything(t.db, leaScope([A]), "unresolved reference")).articles).toEqual([
      expect.objectContaining({ problems: 2, events: 2 }),
    ]);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "item Course referenced")).text).toEqual([
      expect.objectContaining({ problemId: ids.problemB, events: 23 }),
    ]);
    const none = await searchEverything(t.db, leaScope([B]), `correlationId: ${id}`);
    expect([none.searched, none.correlation, none.articles, none.clients]).toEqual([id, [], [], []]);
  });

  it("names districts where their names are known, finds them by name, and puts the name in the events CSV", async () => {
    await importEdOrgs(
      t.db,
      readEdOrgFile(
        JSON.stringify({
          localEducationAgencies: [{ localEducationAgencyId: Number(B), nameOfInstitution: "Orchard Hills ISD" }],
        }),
      ).orgs,
    );
    expect((await searchEverything(t.db, ALL_DISTRICTS, "orchard hills")).districts).toEqual([
      { lea: B, name: "Orchard Hills ISD", events: 24 },
    ]);
    expect((await searchEverything(t.db, leaScope([A]), "orchard hills")).districts).toEqual([]); // not another district's, even by name
    // Schools with the same words do not crowd the district out.
    const schools = Array.from(
      { length: 30 },
      (_, i) => `${B}${String(i).padStart(3, "0")},Orchard Hills School ${i},${B}`,
    ).join("\n");
    await importEdOrgs(t.db, readEdOrgFile(`schoolId,nameOfInstitution,localEducationAgencyId\n${schools}\n`).orgs);
    expect((await searchEverything(t.db, ALL_DISTRICTS, "orchard hills")).districts.map((d) => d.lea)).toEqual([B]);
    const csv = parseCsv(
      await (await exportEventsCsv(t.db, leaScope([B]), new URLSearchParams({ client: "Gradebook" }))).text(),
    );
    expect(csv[0].slice(5, 7)).toEqual(["lea", "district"]);
    expect(new Set(csv.slice(1).map((r) => r[6]))).toEqual(new Set(["Orchard Hills ISD"]));
  });

  it("counts each problem's texts per district, so no row is shared across districts, and duplicates count once", async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<{ problem_id: string; lea: string; events: number }[]>(
      `SELECT problem_id::text, lea, events FROM event_message ORDER BY events, 1`,
    );
    const raw = await t.db.prisma.$queryRawUnsafe<{ problem_id: string; lea: string; events: number }[]>(
      `SELECT problem_id::text, coalesce(lea, '') AS lea, count(*)::int AS events FROM error_event GROUP BY 1, 2 ORDER BY events, 1`,
    );
    expect(rows).toEqual(raw);
    // A duplicate (same eventId, same key) is not stored, and not counted again.
    const repeat = {
      status: 409,
      lea: A,
      eventId: "dup-search",
      correlationId: "dup-search",
      url: "https://h/data/v3/ed-fi/sections",
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      },
    };
    await ingestEvents(t.db, [repeat], { apiKeyId: null });
    await ingestEvents(t.db, [repeat], { apiKeyId: null });
    expect((await searchEverything(t.db, ALL_DISTRICTS, "'Session' item")).textEvents).toBe(2);
  });

  it("searches nothing outside the viewer's districts", async () => {
    const b = leaScope([B]);
    const results = await Promise.all(
      ["corr-only-a", ids.eventA, A, "Roster Sync", "'Session' item", "sections"].map((q) =>
        searchEverything(t.db, b, q),
      ),
    );
    for (const r of results) {
      expect([
        r.event,
        r.problem,
        r.correlation.length,
        r.districts.length,
        r.clients.length,
        r.resources.length,
        r.text.length,
      ]).toEqual([null, null, 0, 0, 0, 0, 0]);
    }
  });

  it("exports the problem list as the list shows it, named after its filters, inside the scope", async () => {
    const query = "lea=4801234&range=7d&sort=events.asc";
    const response = await fetch(`${server.url}/api/v1/problems/export?${query}`, {
      headers: { cookie: supportCookie },
    });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="problems_lea-4801234_range-7d.csv"',
    );
    const rows = parseCsv(await response.text());
    const list = await listProblemStream(t.db, ALL_DISTRICTS, loadProblemSearch(query));
    expect(rows[0].slice(0, 3)).toEqual(["id", "article_id", "article_title"]);
    expect(rows.slice(1).map((r) => [r[0], r[7]])).toEqual(list.rows.map((r) => [r.id, String(r.events)]));
    // A district admin asking for another district's problems gets a header and nothing else.
    const other = parseCsv(
      await (
        await fetch(`${server.url}/api/v1/problems/export?lea=${A}`, { headers: { cookie: districtCookie } })
      ).text(),
    );
    expect(other).toHaveLength(1);
    expect((await fetch(`${server.url}/api/v1/problems/export`)).status).toBe(401);
  });

  it("streams events in batches, in order, with cells a spreadsheet will not run", async () => {
    // Batches of 5 through 23 events: five reads, nothing lost or repeated.
    const small = await exportEventsCsv(t.db, ALL_DISTRICTS, new URLSearchParams({ problemId: ids.problemB }), 5);
    const rows = parseCsv(await small.text());
    expect(rows).toHaveLength(24);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(23);
    expect(rows.slice(1).map((r) => r[1])).toEqual([...rows.slice(1).map((r) => r[1])].sort().reverse());
    // Without a problem: newest stored first, by id, each row once.
    const district = parseCsv(
      await (await exportEventsCsv(t.db, leaScope([B]), new URLSearchParams(), 5)).text(),
    ).slice(1);
    expect(district).toHaveLength(24);
    expect(district.map((r) => Number(r[0]))).toEqual(district.map((r) => Number(r[0])).sort((a, b) => b - a));
    expect(new Set(district.map((r) => r[5]))).toEqual(new Set([B]));
    const response = await fetch(`${server.url}/api/v1/events/export?lea=${B}&client=Gradebook`, {
      headers: { cookie: districtCookie },
    });
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="events_lea-4801234_client-Gradebook.csv"',
    );
    const events = parseCsv(await response.text());
    expect(events).toHaveLength(25);
    const formula = events.find((r) => r[0] === ids.eventB)!;
    const detail = events[0].indexOf("detail");
    const messages = events[0].indexOf("messages");
    expect(formula[detail]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(formula[messages]).toMatch(/^'=HYPERLINK/);
    expect(formula[messages]).toContain(
      `$.gradingPeriodReference: =cmd|' /C calc'!A0 is not a valid grading period, "quoted", with commas`,
    );
    // Another district's events: only the header.
    expect(
      parseCsv(
        await (
          await fetch(`${server.url}/api/v1/events/export?lea=${A}`, { headers: { cookie: districtCookie } })
        ).text(),
      ),
    ).toHaveLength(1);
    // Bad filters are problem details, not an empty file.
    const bad = await fetch(`${server.url}/api/v1/events/export?since=yesterday`, {
      headers: { cookie: supportCookie },
    });
    expect([bad.status, bad.headers.get("content-type")]).toEqual([400, "application/problem+json"]);
  });

  it("names files from filters without letting them choose the path", () => {
    expect(
      exportFileName("events", [
        ["lea", "../../etc"],
        ["client", 'a"b\r\nc'],
      ]),
    ).toBe("events_lea-etc_client-a-b-c.csv");
  });
});
