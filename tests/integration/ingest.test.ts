// Ingest and look-up through a real HTTP server, on a real PGlite and (with TEST_DATABASE_URL)
// a real PostgreSQL database.
import { expectRollupsEqualRaw } from "../support/rollups";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as eventsRoute from "@/app/api/v1/events/route";
import { createApiKey, KEY_CACHE_MS, keyLookupCount, revokeApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import kbExamples from "../fixtures/kb-examples.json";
import { VERSION_TEMPLATES, versionEvent } from "../fixtures/version-templates";

interface Example {
  articleId: string;
  section: string;
  source: string;
  event: { method: string | null; url: string | null; status: number; body: string };
}

const SOURCE_DEFECT_SECTION = "Invalid Method Usage"; // see tests/unit/kb-examples.test.ts

describe.each(dbKinds())("ingest on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let ingestKey: string;
  let readKey: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer({ "/api/v1/events": eventsRoute });
    ingestKey = (await createApiKey(t.db, "test shipper", ["ingest"])).key;
    readKey = (await createApiKey(t.db, "test reader", ["read"])).key;
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  const post = (body: string, contentType = "application/json", key: string | null = ingestKey) =>
    fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    });
  const lookup = (correlationId: string, key = readKey) =>
    fetch(`${server.url}/api/v1/events?correlationId=${encodeURIComponent(correlationId)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
  const count = async (table: string) =>
    Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  async function expectProblem(response: Response, status: number) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = await response.json();
    expect(body).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:triage:/),
      title: expect.any(String),
      detail: expect.any(String),
      correlationId: expect.any(String),
    });
    return body;
  }

  it("stores every knowledge-base example and finds it again by correlationId", async () => {
    const examples = kbExamples as Example[];
    const events = examples.map((e, i) => ({
      ...e.event,
      method: e.event.method ?? undefined,
      url: e.event.url ?? undefined,
      lea: i % 2 ? "255901" : "4801234",
      client: "KB examples",
    }));
    const response = await post(JSON.stringify(events));
    expect(response.status).toBe(202);
    const result = await response.json();
    expect(result.accepted).toBe(examples.length);
    expect(result.duplicates).toBe(0);
    expect(result.events).toHaveLength(examples.length);

    for (const [i, example] of examples.entries()) {
      const expected = example.section === SOURCE_DEFECT_SECTION ? "invalid-profile-usage" : example.articleId;
      expect(result.events[i]).toMatchObject({
        articleId: expected,
        id: expect.stringMatching(/^\d+$/),
        problemId: expect.stringMatching(/^\d+$/),
      });
      const correlationId = /"correlationId":\s*"([^"]+)"/.exec(example.event.body)?.[1];
      if (!correlationId) continue; // the data-policy example has none
      const found = await lookup(correlationId);
      expect(found.status).toBe(200);
      const body = await found.json();
      const event = body.events.find((e: { id: string }) => e.id === result.events[i].id);
      expect(event, `${example.section} ${correlationId}`).toMatchObject({
        articleId: expected,
        correlationId,
        problemId: result.events[i].problemId,
        status: example.event.status,
      });
      expect(event.kbUrl ?? "").toContain("error-response-knowledge-base#");
    }
    // The 7.1 and 7.2 copies of one example group into one Problem.
    const copies = examples.flatMap((e, i) =>
      e.section === "Descriptor Does Not Exist" ? [result.events[i].problemId] : [],
    );
    expect(new Set(copies).size).toBe(1);
  });

  it("stores the bodies of older Ed-Fi versions and the endpoints around them in their articles, with the reason", async () => {
    const fixtures = VERSION_TEMPLATES.filter((f) => f.url);
    const events = fixtures.map((f, i) => ({ ...versionEvent(f), correlationId: `version-${i}`, lea: "255901" }));
    const response = await post(JSON.stringify(events));
    expect(response.status).toBe(202);
    const result = await response.json();
    for (const [i, f] of fixtures.entries()) {
      expect(result.events[i].articleId, f.template).toBe(f.expected);
      const found = (await (await lookup(`version-${i}`)).json()).events[0];
      expect(found, f.template).toMatchObject({
        articleId: f.expected,
        format: f.format,
        classificationReason: expect.any(String),
      });
    }
    // The reason names the template and the place it matched, never a value of the body.
    const i = fixtures.findIndex((f) => f.template.includes("a filter of the wrong type"));
    const reason: string = (await (await lookup(`version-${i}`)).json()).events[0].classificationReason;
    expect(reason).toContain('matched modelState["request.SchoolId"][0]');
    expect(reason).not.toContain("Lincoln High");
  });

  it("keeps eventIds per API key: another key's event with the same id is stored, each key's repeat is not", async () => {
    const other = (await createApiKey(t.db, "second shipper", ["ingest"])).key;
    const event = (lea: string) =>
      JSON.stringify([1, 2, 3].map((n) => ({ eventId: `seq-${n}`, status: 500, lea, body: "upstream failed" })));
    const before = await count("error_event");
    expect(await (await post(event("255901"))).json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await (await post(event("4801234"), "application/json", other)).json()).toMatchObject({
      accepted: 3,
      duplicates: 0,
    });
    expect(await count("error_event")).toBe(before + 6);
    expect(await (await post(event("255901"))).json()).toMatchObject({ accepted: 3, duplicates: 3 });
    expect(await (await post(event("4801234"), "application/json", other)).json()).toMatchObject({
      accepted: 3,
      duplicates: 3,
    });
    expect(await count("error_event")).toBe(before + 6);
    const perKey = await t.db.prisma.$queryRawUnsafe<{ leas: string[] }[]>(
      "SELECT array_agg(DISTINCT lea ORDER BY lea) AS leas FROM error_event WHERE event_id LIKE 'seq-%' GROUP BY api_key_id ORDER BY api_key_id",
    );
    expect(perKey.map((r) => r.leas)).toEqual([["255901"], ["4801234"]]);
  });

  it("remembers an unknown key briefly instead of looking it up on every request", async () => {
    const before = keyLookupCount();
    for (let i = 0; i < 5; i++)
      await expectProblem(await post("{}", "application/json", "trk_guessed-key-0000000000000"), 401);
    expect(keyLookupCount() - before).toBe(1);
    const created = await createApiKey(t.db, "created after the guess", ["ingest"]); // a new key is never refused from memory
    expect((await post(JSON.stringify({ status: 500 }), "application/json", created.key)).status).toBe(202);
  });

  it("does not store an eventId twice, and rollups equal raw counts", async () => {
    const before = await count("error_event");
    const batch = Array.from({ length: 50 }, (_, i) => ({
      eventId: `dup-test-${i % 40}`, // 10 repeats inside the batch too
      status: 409,
      url: "https://ods.example.org/data/v3/ed-fi/studentSchoolAssociations",
      lea: "4801234",
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Student' item does not exist.",
        status: 409,
        correlationId: `corr-dup-${i}`,
      },
    }));
    const first = await (await post(JSON.stringify(batch))).json();
    expect(first).toMatchObject({ accepted: 50, duplicates: 10 });
    expect(await count("error_event")).toBe(before + 40);
    const again = await (await post(JSON.stringify(batch))).json();
    expect(again).toMatchObject({ accepted: 50, duplicates: 50 });
    expect(again.events.map((e: { id: string }) => e.id)).toEqual(first.events.map((e: { id: string }) => e.id));
    expect(await count("error_event")).toBe(before + 40);

    const rollup = await t.db.prisma.$queryRawUnsafe<{ problem_id: string; raw: bigint; rolled: bigint }[]>(`
      SELECT p.id::text AS problem_id,
             (SELECT count(*) FROM error_event e WHERE e.problem_id = p.id) AS raw,
             (SELECT coalesce(sum(count), 0) FROM problem_daily_live d WHERE d.problem_id = p.id) AS rolled
        FROM problem p`);
    expect(rollup.length).toBeGreaterThan(10);
    for (const r of rollup) expect(Number(r.rolled), r.problem_id).toBe(Number(r.raw));
    await expectRollupsEqualRaw(t);
  });

  it("stores each eventId once when requests carrying the same events race, and answers all of them", async () => {
    const before = await count("error_event");
    const event = (i: number) => ({
      eventId: `race-${i}`,
      status: 409,
      url: "https://ods.example.org/data/v3/ed-fi/studentSchoolAssociations",
      lea: "255901",
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Student' item does not exist.",
        status: 409,
        correlationId: `race-corr-${i}`,
      },
    });
    // Six senders, overlapping windows of 300 events over 600 eventIds (a shipper retrying, twice).
    const bodies = Array.from({ length: 6 }, (_, k) =>
      JSON.stringify(Array.from({ length: 300 }, (_, i) => event((k * 60 + i) % 600))),
    );
    const answers = await Promise.all(bodies.map(async (body) => ({ status: (await post(body)).status })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    expect(await count("error_event")).toBe(before + 600);
    const stored = await t.db.prisma.$queryRawUnsafe<{ n: bigint; distinct_ids: bigint }[]>(
      "SELECT count(*) AS n, count(DISTINCT event_id) AS distinct_ids FROM error_event WHERE event_id LIKE 'race-%'",
    );
    expect(Number(stored[0].n)).toBe(600);
    expect(Number(stored[0].distinct_ids)).toBe(600);
    // Every answer names the one stored row of its eventId.
    const again = await (await post(JSON.stringify(Array.from({ length: 600 }, (_, i) => event(i))))).json();
    expect(again).toMatchObject({ accepted: 600, duplicates: 600 });
  });

  it("keeps every event's problem and key (the references have no foreign-key constraint: the write path is their guard)", async () => {
    const orphans = await t.db.prisma.$queryRawUnsafe<{ problems: bigint; keys: bigint; events: bigint }[]>(`
      SELECT (SELECT count(*) FROM error_event e WHERE NOT EXISTS (SELECT 1 FROM problem p WHERE p.id = e.problem_id)) AS problems,
             (SELECT count(*) FROM error_event e WHERE e.api_key_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM api_key k WHERE k.id = e.api_key_id)) AS keys,
             (SELECT count(*) FROM error_event) AS events`);
    expect(Number(orphans[0].events)).toBeGreaterThan(100);
    expect(Number(orphans[0].problems)).toBe(0);
    expect(Number(orphans[0].keys)).toBe(0);
  });

  it("stores tabs, line breaks, backslashes and \\N in every text field exactly (COPY's escapes)", async () => {
    const tricky = "a\tb\nc\r\\N \\ d\\t";
    const event = {
      eventId: `copy-${tricky}`,
      status: 400,
      method: "POST",
      url: `https://ods.example.org/data/v3/ed-fi/students?q=${encodeURIComponent(tricky)}`,
      client: tricky,
      lea: "4801234",
      correlationId: `copy-corr-${tricky}`,
      body: { type: "urn:ed-fi:api:bad-request", detail: tricky, errors: [tricky], [tricky]: tricky },
      request: { headers: { "user-agent": tricky }, body: { note: tricky } },
    };
    expect((await post(JSON.stringify(event))).status).toBe(202);
    const [row] = await t.db.prisma.$queryRawUnsafe<
      {
        event_id: string;
        client: string;
        correlation_id: string;
        body: Record<string, unknown>;
        request_headers: Record<string, string>;
        request_body: Record<string, string>;
      }[]
    >(
      "SELECT event_id, client, correlation_id, body, request_headers, request_body FROM error_event WHERE correlation_id = $1",
      `copy-corr-${tricky}`,
    );
    expect(row.event_id).toBe(`copy-${tricky}`);
    expect(row.client).toBe(tricky);
    expect(row.body).toEqual(event.body);
    expect(row.request_headers["user-agent"]).toBe(tricky);
    expect(row.request_body.note).toBe(tricky);
  });

  it("stores each event of a batch mixing one-byte and multi-byte texts as its own (the batch's COPY fields are one UTF-8 buffer)", async () => {
    // Long multi-byte texts after short ASCII ones: the buffer, sized for ASCII, grows mid-batch.
    const texts = ["plain", "é".repeat(3_000), "a\tb", "漢字".repeat(2_000), "", "😀 emoji 😀".repeat(500), "z"];
    const events = texts.map((text, i) => ({
      eventId: `width-${i}`,
      status: 400,
      url: `https://ods.example.org/data/v3/ed-fi/students`,
      lea: "4801234",
      client: `${text.slice(0, 20)}|${i}`,
      correlationId: `width-corr-${i}`,
      body: { type: "urn:ed-fi:api:bad-request", detail: text },
    }));
    expect((await post(JSON.stringify(events))).status).toBe(202);
    const rows = await t.db.prisma.$queryRawUnsafe<{ event_id: string; client: string; body: { detail: string } }[]>(
      "SELECT event_id, client, body FROM error_event WHERE event_id LIKE 'width-%' ORDER BY event_id",
    );
    expect(rows.map((r) => [r.event_id, r.client, r.body.detail])).toEqual(
      events.map((e) => [e.eventId, e.client, e.body.detail]),
    );
  });

  it("stores nothing of a batch of 1,000 with one bad event, and names it", async () => {
    const before = await count("error_event");
    const problemsBefore = await count("problem");
    const batch: Record<string, unknown>[] = Array.from({ length: 1_000 }, (_, i) => ({
      status: 400,
      url: `https://h/data/v3/ed-fi/newThings${i}`,
      body: { type: "urn:ed-fi:api:bad-request", detail: "x" },
    }));
    delete batch[637].status;
    batch[912].occurredAt = "yesterday";
    const body = await expectProblem(await post(JSON.stringify(batch)), 400);
    expect(Object.keys(body.validationErrors)).toEqual(["$[637].status", "$[912].occurredAt"]);
    expect(body.detail).toContain("2 of 1000");
    expect(await count("error_event")).toBe(before);
    expect(await count("problem")).toBe(problemsBefore);
  });

  it("accepts NDJSON and names a broken line", async () => {
    const lines = [
      JSON.stringify({
        status: 401,
        body: { actionOk: false, error: ["invalid-token"], message: "Bearer token is malformed, expired, or revoked" },
        correlationId: "nd-1",
      }),
      "",
      JSON.stringify({ status: 500, body: "<html><title>Server Error</title></html>", correlationId: "nd-2" }),
    ];
    const ok = await post(lines.join("\n"), "application/x-ndjson");
    expect(ok.status).toBe(202);
    expect((await ok.json()).events.map((e: { articleId: string }) => e.articleId)).toEqual([
      "access-invalid-token",
      "server-error",
    ]);
    const broken = await expectProblem(await post(`${lines[0]}\n{"status": 4`, "application/x-ndjson"), 400);
    expect(Object.keys(broken.validationErrors)).toEqual(["$[1]"]);
  });

  it("redacts stored request bodies and credentials, and keeps hostile text as text", async () => {
    const event = {
      status: 403,
      correlationId: "redact-1",
      lea: "4801234",
      body: { type: "urn:ed-fi:api:security:authorization", detail: "<script>alert(1)</script>\u0000", errors: [] },
      request: {
        body: { studentUniqueId: "604822", firstName: "Amelia", birthDate: "2010-01-13" },
        headers: { Authorization: "Bearer secret-token", "Content-Type": "application/json" },
      },
    };
    expect((await post(JSON.stringify(event))).status).toBe(202);
    const rows = await t.db.prisma.$queryRawUnsafe<
      { request_body: unknown; request_headers: unknown; detail: string }[]
    >(
      "SELECT request_body, request_headers, body->>'detail' AS detail FROM error_event WHERE correlation_id = 'redact-1'",
    );
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain("Amelia");
    expect(stored).not.toContain("2010-01-13");
    expect(stored).not.toContain("secret-token");
    expect(stored).not.toContain("604822"); // a student's id is personal data too
    expect(rows[0].detail).toBe("<script>alert(1)</script>\uFFFD");
  });

  it("round-trips messages with quotes, backslashes, braces and non-ASCII text", async () => {
    const messages = ['Say \"upsert\", not {x}', "C:\\path\\to", "Évaluation, 数据 — ok", "NULL", ""];
    const event = {
      status: 400,
      correlationId: "quotes-1",
      body: { type: "urn:ed-fi:api:bad-request", detail: "d", errors: messages },
    };
    expect((await post(JSON.stringify(event))).status).toBe(202);
    const found = await (await lookup("quotes-1")).json();
    expect(found.events[0].messages).toEqual(["d", ...messages.filter(Boolean)]);
  });

  it("answers auth failures with problem details", async () => {
    await expectProblem(await post("{}", "application/json", null), 401);
    await expectProblem(await post("{}", "application/json", "trk_not-a-real-key"), 401);
    await expectProblem(await post("{}", "application/json", readKey), 403);
    await expectProblem(await lookup("x", ingestKey), 403);
    const revoked = await createApiKey(t.db, "to revoke", ["ingest", "read"]);
    expect((await post(JSON.stringify({ status: 500 }), "application/json", revoked.key)).status).toBe(202);
    expect(await revokeApiKey(t.db, String(revoked.id))).toBe(1);
    const body = await expectProblem(await post(JSON.stringify({ status: 500 }), "application/json", revoked.key), 401);
    expect(body.detail).toMatch(/revoked/);
  });

  it("refuses a key revoked elsewhere (another process) within KEY_CACHE_MS", async () => {
    const key = await createApiKey(t.db, "revoked elsewhere", ["ingest"]);
    expect((await post(JSON.stringify({ status: 500 }), "application/json", key.key)).status).toBe(202);
    // As `npm run keys -- revoke` in another process does: this process is not told.
    await t.db.prisma.$executeRawUnsafe("UPDATE api_key SET revoked_at = now() WHERE id = $1", key.id);
    expect((await post(JSON.stringify({ status: 500 }), "application/json", key.key)).status).toBe(202); // still trusted for a moment
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + KEY_CACHE_MS + 1 });
    try {
      const body = await expectProblem(await post(JSON.stringify({ status: 500 }), "application/json", key.key), 401);
      expect(body.detail).toMatch(/revoked/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects oversized bodies, too many events and other content types", async () => {
    const before = await count("error_event");
    const big = JSON.stringify([{ status: 500, body: "x".repeat(10 * 1024 * 1024) }]);
    await expectProblem(await post(big), 413);
    const many = JSON.stringify(Array.from({ length: 10_001 }, () => ({ status: 500 })));
    await expectProblem(await post(many), 413);
    await expectProblem(await post("status=500", "text/plain"), 415);
    await expectProblem(await post("{not json"), 400);
    await expectProblem(await post(""), 400);
    await expectProblem(await post("[]"), 400);
    await expectProblem(await post('"a string"'), 400);
    await expectProblem(await post(JSON.stringify({ status: 500, unexpected: 1 })), 400);
    expect(await count("error_event")).toBe(before);
  });

  it("answers other methods with a problem-details 405 and Allow", async () => {
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ingestKey}` },
    });
    await expectProblem(r, 405);
    expect(r.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("names an over-long correlationId in its answer", async () => {
    const body = await expectProblem(await lookup("x".repeat(201)), 400);
    expect(body.validationErrors).toHaveProperty(["$.correlationId"]);
  });
});
