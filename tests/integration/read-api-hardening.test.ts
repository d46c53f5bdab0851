// What an OpenAPI fuzzer found in the read API (issue 21, items 9–11), on a real server and a real
// database: values the database or the calendar cannot take are 400s naming their parameter
// (never a 500, never a CSV cut mid-stream, never a silently different range), answers are never
// cached, OPTIONS lists only what answers, and /problems pages by a keyset that problems arriving
// between pages do not disturb.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { API_ROUTES } from "../support/read-api-routes";

const LEA = "255901";

/** `count` events of one problem per resource name (each resource is its own problem). */
function problemEvents(resource: string, count: number, now: number): IngestEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    status: 409,
    lea: LEA,
    client: "SIS",
    occurredAt: new Date(now - (i + 1) * 60_000).toISOString(),
    url: `https://h/data/v3/ed-fi/${resource}`,
    body: {
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      detail: "The referenced 'Session' item does not exist.",
    },
  }));
}

describe.each(dbKinds())("read API hardening on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer(API_ROUTES);
    auth = { authorization: `Bearer ${(await createApiKey(t.db, "reader", ["read"])).key}` };
    const now = Date.now();
    await ingestEvents(t.db, problemEvents("sections", 3, now), { apiKeyId: null });
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  const get = (path: string, headers: Record<string, string> = auth, method = "GET") =>
    fetch(`${server.url}${path}`, { method, headers });

  /** A 400 problem details whose validationErrors name `param`, with `message` among them. */
  async function expectInvalid(path: string, param: string, message?: RegExp) {
    const response = await get(path);
    const body = (await response.json()) as { status: number; validationErrors?: Record<string, string[]> };
    expect(response.status, `${path}: ${JSON.stringify(body)}`).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(Object.keys(body.validationErrors ?? {}), path).toContain(`$.${param}`);
    if (message) expect(body.validationErrors?.[`$.${param}`].join(" ")).toMatch(message);
  }

  it("answers every JSON, CSV and problem-details answer with Cache-Control: no-store", async () => {
    for (const path of [
      "/api/v1/events",
      "/api/v1/problems",
      "/api/v1/trends",
      "/api/v1/openapi.json",
      "/api/v1/events/export",
      "/api/v1/problems/export",
      "/api/v1/events?limit=0",
      "/api/v1/problems/999999",
    ]) {
      const response = await get(path);
      await response.arrayBuffer();
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
    const signedOut = await get("/api/v1/events", {});
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses since/until past ±15:59 or outside years 1970–9999 with a 400 naming them, on the list and before the export streams", async () => {
    for (const value of [
      "2026-11-20T00:00:00+16:00",
      "2026-11-20T00:00:00-23:30",
      "0000-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z",
    ]) {
      await expectInvalid(`/api/v1/events?since=${encodeURIComponent(value)}`, "since");
      await expectInvalid(`/api/v1/events?until=${encodeURIComponent(value)}`, "until");
      await expectInvalid(`/api/v1/events/export?since=${encodeURIComponent(value)}`, "since");
    }
    // The edges PostgreSQL takes still answer.
    for (const value of ["2026-11-20T00:00:00+15:59", "2026-11-20T00:00:00-15:59", "9999-12-31T00:00:00Z"]) {
      expect((await get(`/api/v1/events?since=${encodeURIComponent(value)}`)).status, value).toBe(200);
      const csv = await get(`/api/v1/events/export?until=${encodeURIComponent(value)}`);
      expect(csv.status, value).toBe(200);
      expect(await csv.text()).toMatch(/^id,occurred_at/); // (text() drops the byte-order mark)
    }
  });

  it("refuses well-formed cursors with values the database cannot take with a 400 naming cursor", async () => {
    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");
    await expectInvalid("/api/v1/events?cursor=WyIyMDI2LTEyLTAxVDAwOjAwOjAwWiIsICJhYmMiXQ", "cursor");
    await expectInvalid("/api/v1/problems?cursor=WzIuNV0", "cursor");
    for (const bad of [
      ["2026-02-30T00:00:00.000Z", "1"],
      ["0000-01-01T00:00:00.000Z", "1"],
      ["2026-12-01T00:00:00Z", "99999999999999999999"],
      ["2026-12-01T00:00:00.000Z", "-1"],
    ]) {
      await expectInvalid(`/api/v1/events?cursor=${cursor(bad)}`, "cursor");
    }
    for (const bad of [[2.5, "1"], [-1, "1"], [1, "x"], [1e300, "1"], [1]])
      await expectInvalid(`/api/v1/problems?cursor=${cursor(bad)}`, "cursor");
  });

  it("refuses impossible dates and ranges over 400 days with a 400 naming the parameter", async () => {
    await expectInvalid("/api/v1/trends?range=custom&from=2026-11-01&to=9999-12-31", "to", /at most 400 days/);
    await expectInvalid("/api/v1/trends?range=custom&from=2026-13-01&to=2026-12-01", "from");
    await expectInvalid("/api/v1/trends?range=custom&from=2026-02-30", "from");
    await expectInvalid("/api/v1/trends?range=custom&from=2026-11-01T24:00", "from");
    await expectInvalid("/api/v1/trends?range=custom&from=0100-01-01&to=9998-12-30", "from");
    await expectInvalid("/api/v1/problems/export?range=custom&from=2026-13-01", "from");
    await expectInvalid("/api/v1/problems/export?range=custom&from=2026-11-01&to=2026-02-30", "to");
    await expectInvalid("/api/v1/problems/export?range=custom&from=0100-01-01&to=9998-12-30", "from");
    await expectInvalid("/api/v1/problems/export?range=custom&from=2020-01-01&to=2026-01-01", "to", /at most 400 days/);
    await expectInvalid("/api/v1/problems/export?range=forever", "range");
    await expectInvalid("/api/v1/problems/export?status=open,closed", "status");
    await expectInvalid("/api/v1/problems/export?sort=id.desc", "sort");
    await expectInvalid("/api/v1/trends?tz=Mars%2FOlympus", "tz");
    // A range at the cap answers.
    expect((await get("/api/v1/trends?range=custom&from=2025-11-01&to=2026-12-04")).status).toBe(200);
    const csv = await get(
      "/api/v1/problems/export?range=custom&from=2026-01-01&to=2026-12-31&status=open,regressed&sort=lastSeen.asc",
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    await csv.arrayBuffer();
  });

  it("says what a limit or a blank filter must be", async () => {
    await expectInvalid("/api/v1/events?limit=501", "limit", /^must be at most 500$/);
    await expectInvalid("/api/v1/events?limit=0", "limit", /^must be at least 1$/);
    await expectInvalid("/api/v1/events?limit=abc", "limit", /^must be a number$/);
    await expectInvalid("/api/v1/problems?limit=201", "limit", /^must be at most 200$/);
    await expectInvalid("/api/v1/problems/1?days=91", "days", /^must be at most 90$/);
    await expectInvalid("/api/v1/events?client=%20%20", "client", /must not be blank/);
  });

  it("treats a malformed session cookie as signed out (401), never a 500", async () => {
    for (const cookie of [
      "next-auth.session-token=%E0%A4%A",
      "next-auth.session-token=%%%; other=%zz",
      "next-auth.session-token=garbage",
      "next-auth.session-token.0=%E0; next-auth.session-token.1=x",
      "=; ;;=%",
    ]) {
      const response = await get("/api/v1/problems", { cookie });
      expect(response.status, cookie).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("lists in OPTIONS only the methods that answer, and answers the others 405 problem details with the same Allow", async () => {
    const allow = {
      "/api/v1/events": "GET, POST, HEAD, OPTIONS",
      "/api/v1/problems": "GET, HEAD, OPTIONS",
      "/api/v1/problems/1": "GET, HEAD, OPTIONS",
      "/api/v1/events/export": "GET, HEAD, OPTIONS",
      "/api/v1/openapi.json": "GET, HEAD, OPTIONS",
    };
    for (const [path, methods] of Object.entries(allow)) {
      const options = await get(path, {}, "OPTIONS");
      expect(options.status, path).toBe(204);
      expect(options.headers.get("allow"), path).toBe(methods);
      const refused = await get(path, auth, "DELETE");
      expect(refused.status, path).toBe(405);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.headers.get("allow")).toBe(methods);
      for (const method of methods.split(", ")) {
        const r = await get(path, auth, method === "POST" ? "HEAD" : method);
        expect(r.status, `${method} ${path}`).not.toBe(405);
      }
    }
  });
});

describe.each(dbKinds())("problem list keyset paging on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let auth: Record<string, string>;
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer({ "/api/v1/problems": API_ROUTES["/api/v1/problems"] });
    auth = { authorization: `Bearer ${(await createApiKey(t.db, "reader", ["read"])).key}` };
    // 300 problems (more than 255), many with the same number of events (ties broken by id).
    const events = Array.from({ length: 300 }, (_, i) =>
      problemEvents(`resource${String(i).padStart(3, "0")}s`, 1 + (i % 4), now),
    ).flat();
    for (let i = 0; i < events.length; i += 2_000)
      await ingestEvents(t.db, events.slice(i, i + 2_000), { apiKeyId: null });
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  it("gives each of 300 problems exactly once while busier and tied problems arrive between pages", async () => {
    const page = async (cursor: string | null) => {
      const response = await fetch(`${server.url}/api/v1/problems?limit=40${cursor ? `&cursor=${cursor}` : ""}`, {
        headers: auth,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        problems: { id: string; events: number }[];
        total: number;
        nextCursor: string | null;
      };
    };
    const first = await page(null);
    expect(first.total).toBe(300);
    const before = new Set<string>();
    const seen: string[] = [];
    let current = first;
    let arrivals = 0;
    for (;;) {
      seen.push(...current.problems.map((p) => p.id));
      current.problems.forEach((p) => before.add(p.id));
      if (!current.nextCursor) break;
      // New problems arrive: one busier than everything, one tied with the page's last row (its id
      // is higher, so it sorts before that row). An offset would repeat rows of this page.
      const last = current.problems.at(-1)!;
      await ingestEvents(
        t.db,
        [...problemEvents(`arrival${arrivals}a`, 9, now), ...problemEvents(`arrival${arrivals}b`, last.events, now)],
        { apiKeyId: null },
      );
      arrivals++;
      current = await page(current.nextCursor);
    }
    expect(arrivals).toBeGreaterThanOrEqual(7);
    expect(seen.length, "no problem repeated").toBe(new Set(seen).size);
    expect(seen.length, "no problem skipped").toBe(300);
    expect(current.total).toBe(300 + 2 * arrivals);
  });
});
