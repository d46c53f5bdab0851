// Who sees what, through every read API route, for every kind of caller (each role signed in,
// API keys with and without districts, nobody), on PGlite and PostgreSQL. A district admin asking
// for another district's data — by event id, correlationId, problem id, filter value, cursor — gets
// exactly what a non-existent one gets, and every count equals the raw count inside the scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as eventRoute from "@/app/api/v1/events/[id]/route";
import * as problemsRoute from "@/app/api/v1/problems/route";
import * as problemRoute from "@/app/api/v1/problems/[id]/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { eventDetailSchema, eventListSchema, problemListSchema, problemSchema } from "@/lib/api/schemas";
import { setDatabase } from "@/lib/runtime/database";
import { ingestEvents } from "@/lib/ingest/ingest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { signedInUser } from "../support/sessions";

const A = "255901";
const B = "4801234";

interface Caller {
  name: string;
  headers: Record<string, string>;
  /** LEA codes it may see; null: every district. */
  leas: string[] | null;
}

describe.each(dbKinds())("access matrix on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let callers: Caller[];
  const ids: { eventA: string; eventB: string; problemShared: string; problemOnlyB: string; corrB: string } = {
    eventA: "",
    eventB: "",
    problemShared: "",
    problemOnlyB: "",
    corrB: "",
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer({
      "/api/v1/events": eventsRoute,
      "/api/v1/events/[id]": eventRoute,
      "/api/v1/problems": problemsRoute,
      "/api/v1/problems/[id]": problemRoute,
      "/api/v1/openapi.json": openApiRoute,
    });
    const now = Date.now();
    const shared = (lea: string, i: number) => ({
      status: 409,
      lea,
      client: "SIS",
      occurredAt: new Date(now - i * 3_600_000).toISOString(),
      correlationId: `m-${lea}-${i}`,
      url: "https://h/data/v3/ed-fi/sections",
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      },
    });
    const onlyB = (i: number) => ({
      status: 400,
      lea: B,
      client: "Assess",
      occurredAt: new Date(now - i * 3_600_000).toISOString(),
      correlationId: `m-onlyb-${i}`,
      url: "https://h/data/v3/ed-fi/studentAssessments",
      body: {
        type: "urn:ed-fi:api:bad-request:data-validation-failed",
        detail: "Data validation failed.",
        validationErrors: { "$.x": ["X is required."] },
      },
    });
    const written = await ingestEvents(
      t.db,
      [
        ...[0, 1, 2, 3, 4, 5].map((i) => shared(A, i)),
        ...[0, 1, 2, 3].map((i) => shared(B, i)),
        ...[0, 1, 2].map(onlyB),
      ],
      { apiKeyId: null },
    );
    ids.eventA = written.events[0].id;
    ids.eventB = written.events[6].id;
    ids.problemShared = written.events[0].problemId;
    ids.problemOnlyB = written.events[10].problemId;
    ids.corrB = "m-4801234-0";

    const user = async (role: Parameters<typeof signedInUser>[1], leas: string[] = []) => ({
      cookie: (await signedInUser(t.db, role, leas)).cookie,
    });
    const key = async (scopes: ("ingest" | "read")[], leas: string[] = []) =>
      `Bearer ${(await createApiKey(t.db, `key ${scopes} ${leas}`, scopes, leas)).key}`;
    callers = [
      { name: "admin", headers: await user("admin"), leas: null },
      { name: "triager", headers: await user("triager"), leas: null },
      { name: "support", headers: await user("support"), leas: null },
      { name: `district admin of ${A}`, headers: await user("district_admin", [A]), leas: [A] },
      { name: `district admin of ${B}`, headers: await user("district_admin", [B]), leas: [B] },
      { name: "read key (every district)", headers: { authorization: await key(["read"]) }, leas: null },
      { name: `read key of ${A}`, headers: { authorization: await key(["read"], [A]) }, leas: [A] },
    ];
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const json = async (path: string, headers: Record<string, string>) => {
    const r = await get(path, headers);
    return { status: r.status, body: await r.json() };
  };
  const raw = async (sql: string, ...params: unknown[]) =>
    Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql, ...params))[0].n);
  const rawEvents = (leas: string[] | null) =>
    leas
      ? raw("SELECT count(*) AS n FROM error_event WHERE lea = ANY($1::text[])", leas)
      : raw("SELECT count(*) AS n FROM error_event");
  /** A 404 answer without what differs by request (its correlationId, the id in its words). */
  const shapeOf404 = (b: { type: string; title: string; status: number; detail: string }) => ({
    type: b.type,
    title: b.title,
    status: b.status,
    detail: b.detail.replace(/\d+/g, "#"),
  });

  it("lists exactly the events inside each caller's scope, through every page", async () => {
    for (const c of callers) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await json(`/api/v1/events?limit=4${cursor ? `&cursor=${cursor}` : ""}`, c.headers);
        expect(page.status, c.name).toBe(200);
        const parsed = eventListSchema.parse(page.body);
        for (const e of parsed.events)
          expect(c.leas === null || c.leas.includes(e.lea!), `${c.name} saw ${e.lea}`).toBe(true);
        seen.push(...parsed.events.map((e) => e.id));
        cursor = parsed.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, c.name).toBe(seen.length);
      const expected = await rawEvents(c.leas);
      expect(seen.length, `${c.name}: ${seen.join(",")}`).toBe(expected);
    }
  });

  it("answers another district's event id, correlationId, problem id and filter values like missing ones", async () => {
    for (const c of callers.filter((x) => x.leas?.includes(A))) {
      const missingEvent = await json("/api/v1/events/999999999", c.headers);
      const otherEvent = await json(`/api/v1/events/${ids.eventB}`, c.headers);
      expect([otherEvent.status, missingEvent.status], c.name).toEqual([404, 404]);
      expect(shapeOf404(otherEvent.body)).toEqual(shapeOf404(missingEvent.body));

      const missingProblem = await json("/api/v1/problems/999999999", c.headers);
      const otherProblem = await json(`/api/v1/problems/${ids.problemOnlyB}`, c.headers);
      expect([otherProblem.status, missingProblem.status]).toEqual([404, 404]);
      expect(shapeOf404(otherProblem.body)).toEqual(shapeOf404(missingProblem.body));

      const empty = { events: [], nextCursor: null };
      for (const query of [
        `correlationId=${ids.corrB}`,
        `lea=${B}`,
        `problemId=${ids.problemOnlyB}`,
        "client=Assess",
        "articleId=missing-required-property",
      ]) {
        expect((await json(`/api/v1/events?${query}`, c.headers)).body, `${c.name} ${query}`).toEqual(empty);
      }
      expect((await json(`/api/v1/events?correlationId=never-sent`, c.headers)).body).toEqual(empty);
      expect((await json(`/api/v1/problems?lea=${B}`, c.headers)).body).toEqual({
        problems: [],
        total: 0,
        nextCursor: null,
      });
      // Its own event is there.
      expect(eventDetailSchema.parse((await json(`/api/v1/events/${ids.eventA}`, c.headers)).body).lea).toBe(A);
    }
  });

  it("counts events and districts of a shared problem inside the scope", async () => {
    for (const c of callers) {
      const list = await json("/api/v1/problems", c.headers);
      expect(list.status, c.name).toBe(200);
      const parsed = problemListSchema.parse(list.body);
      const shared = parsed.problems.find((p) => p.id === ids.problemShared)!;
      const expectedShared = await raw(
        `SELECT count(*) AS n FROM error_event WHERE problem_id = $1::bigint ${c.leas ? "AND lea = ANY($2::text[])" : ""}`,
        ids.problemShared,
        ...(c.leas ? [c.leas] : []),
      );
      const expectedDistricts = c.leas ? c.leas.length : 2;
      expect([shared.events, shared.districts], c.name).toEqual([expectedShared, expectedDistricts]);
      expect(parsed.total, c.name).toBe(c.leas?.includes(A) ? 1 : 2);
      const one = problemSchema.parse((await json(`/api/v1/problems/${ids.problemShared}`, c.headers)).body);
      expect(one.events, c.name).toBe(expectedShared);
    }
  });

  it("answers 401 without credentials and 403 to a key without the read scope, on every route", async () => {
    const ingestOnly = { authorization: `Bearer ${(await createApiKey(t.db, "ingest only", ["ingest"])).key}` };
    for (const path of [
      "/api/v1/events",
      `/api/v1/events/${ids.eventA}`,
      "/api/v1/problems",
      `/api/v1/problems/${ids.problemShared}`,
    ]) {
      const anonymous = await get(path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
      expect((await get(path, { cookie: "next-auth.session-token=forged" })).status, path).toBe(401);
      expect((await get(path, ingestOnly)).status, path).toBe(403);
    }
  });

  it("takes ingest from keys only, and from a district key only for its districts", async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const admin = callers[0].headers;
    expect((await post({ ...admin, origin: server.url }, { status: 500 })).status).toBe(401); // a session cannot ingest
    const keyA = `Bearer ${(await createApiKey(t.db, "ingest A", ["ingest"], [A])).key}`;
    const before = await rawEvents(null);
    const refused = await post({ authorization: keyA }, [
      { status: 500, lea: A },
      { status: 500, lea: B },
    ]);
    expect(refused.status).toBe(403);
    expect(Object.keys((await refused.json()).validationErrors)).toEqual(["$[1].lea"]);
    expect(await rawEvents(null)).toBe(before);
    const filled = await post({ authorization: keyA }, { status: 500, correlationId: "filled-lea" });
    expect(filled.status).toBe(202);
    expect(await raw("SELECT count(*) AS n FROM error_event WHERE correlation_id = 'filled-lea' AND lea = $1", A)).toBe(
      1,
    );
  });

  it("rejects bad filters and forged cursors with problem details naming the parameter", async () => {
    const c = callers[0];
    const bad = await json("/api/v1/events?limit=0&since=yesterday&color=red", c.headers);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.validationErrors).sort()).toEqual(["$.color", "$.limit", "$.since"]);
    const forged = await json("/api/v1/events?cursor=bm90LWEtY3Vyc29y", c.headers);
    expect(forged.status).toBe(400);
    expect(forged.body.validationErrors).toHaveProperty("$.cursor");
  });

  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const doc = await json("/api/v1/openapi.json", {});
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      "/api/v1/events",
      "/api/v1/events/export",
      "/api/v1/events/{id}",
      "/api/v1/openapi.json",
      "/api/v1/problems",
      "/api/v1/problems/export",
      "/api/v1/problems/{id}",
      "/api/v1/trends",
    ]);
    expect(doc.body.paths["/api/v1/events/export"].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      "correlationId",
      "problemId",
      "lea",
      "client",
      "articleId",
      "since",
      "until",
    ]);
    const params = doc.body.paths["/api/v1/events"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual([
      "correlationId",
      "problemId",
      "lea",
      "client",
      "articleId",
      "since",
      "until",
      "limit",
      "cursor",
    ]);
    expect(doc.body.components.schemas.Problem.properties).toHaveProperty("districts");
  });
});
