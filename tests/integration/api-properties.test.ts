// Property-based test of the whole API against its own OpenAPI document: for every operation,
// a few hundred requests generated from the document's parameter schemas (valid values, invalid
// ones, unknown parameters, wrong methods, every kind of caller) against a real server and a real
// database. Properties: never a 5xx; only statuses and content types the document lists for the
// operation; never cached; every 400 is problem details whose validationErrors name parameters
// that were sent (or JSON paths of the body). Fixed seeds: a failure reproduces.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { createApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { ingestEvents } from "@/lib/ingest/ingest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { API_ROUTES } from "../support/read-api-routes";

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: "query" | "path";
  schema: Json;
}
interface Operation {
  path: string;
  method: string;
  operationId: string;
  parameters: Parameter[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const RUNS = 300;
const doc = openApiDocument() as { paths: Record<string, Record<string, Json>> };
const OPERATIONS: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    path,
    method: method.toUpperCase(),
    operationId: op.operationId as string,
    parameters: (op.parameters as Parameter[] | undefined) ?? [],
    responses: op.responses as Operation["responses"],
  })),
);

// --- values from the document's schemas --------------------------------------------------------

const instant = fc
  .tuple(
    fc.date({ min: new Date("1960-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
    fc.option(fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30, 45, 59))),
  )
  .map(([date, offset]) =>
    offset
      ? `${date.toISOString().slice(0, 19)}${offset[0]}${String(offset[1]).padStart(2, "0")}:${String(offset[2]).padStart(2, "0")}`
      : date.toISOString(),
  );

/** A value the parameter's schema allows. */
function validValue(schema: Json): fc.Arbitrary<string> {
  if (Array.isArray(schema.examples) && !schema.pattern)
    return fc.constantFrom(...(schema.examples as unknown[]).map(String));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]).map(String));
  if (schema.type === "integer" || schema.type === "number")
    return fc
      .integer({ min: Number(schema.minimum ?? -1_000_000), max: Number(schema.maximum ?? 1_000_000) })
      .map(String);
  if (schema.format === "date-time") return instant;
  const maxLength = Math.min(Number(schema.maxLength ?? 60), 60);
  if (typeof schema.pattern === "string")
    return fc
      .stringMatching(new RegExp(schema.pattern), { maxLength })
      .filter((s) => s.length >= Number(schema.minLength ?? 0));
  return fc.oneof(
    fc.string({ minLength: Number(schema.minLength ?? 0), maxLength }),
    fc.constantFrom(
      "2026-11-01",
      "2026-02-30",
      "2025-01-01",
      "open,regressed",
      "dev,ops",
      "255901,4801234",
      "unresolved-reference",
    ),
  );
}

/** A value most parameters refuse (and some accept: the property holds either way). */
const anyValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "NaN",
    "null",
    "2026-13-01",
    "2026-02-30",
    "2026-02-30T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "2026-01-01T00:00:00+16:00",
    "9999-12-31",
    "%",
    "\u0000",
    "../x",
    "WzIuNV0",
    "WyIyMDI2LTEyLTAxVDAwOjAwOjAwWiIsICJhYmMiXQ",
    "x".repeat(5_000),
    "open,closed",
    "America/Nowhere",
  ),
);

type Caller = "read" | "ingest" | "none" | "bogus";
const callers: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 12, arbitrary: fc.constant("read" as const) },
  { weight: 1, arbitrary: fc.constantFrom<Caller>("ingest", "none", "bogus") },
);

interface GeneratedRequest {
  method: string;
  query: [string, string][];
  id: string | null;
  caller: Caller;
  body?: unknown;
}

function requestsFor(op: Operation, ids: string[]): fc.Arbitrary<GeneratedRequest> {
  const query = op.parameters
    .filter((p) => p.in === "query")
    .map((p) =>
      fc
        .oneof(
          { weight: 12, arbitrary: fc.constant(null) },
          { weight: 6, arbitrary: validValue(p.schema) },
          { weight: 1, arbitrary: anyValue },
        )
        .map((v) => (v === null ? null : ([p.name, v] as [string, string]))),
    );
  const unknown = fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom("statusCode", "page[size]", "__proto__", "LIMIT", "x"), anyValue),
    },
  );
  const id = op.path.includes("{id}")
    ? fc.oneof(
        fc.constantFrom(...ids),
        fc.stringMatching(/^\d{1,18}$/),
        anyValue.filter((s) => s !== ""),
      )
    : fc.constant(null);
  const served = Object.keys(doc.paths[op.path]).map((m) => m.toUpperCase());
  const refused = ["POST", "PUT", "PATCH", "DELETE"].filter((m) => !served.includes(m));
  const method = fc.oneof(
    { weight: 15, arbitrary: fc.constant(op.method) },
    { weight: 1, arbitrary: fc.constantFrom(...refused) },
  );
  const body = op.method === "POST" ? ingestBodies : fc.constant(undefined);
  return fc.record({
    method,
    query: fc
      .tuple(fc.tuple(...query), unknown)
      .map(([q, u]) => [...q.filter((x): x is [string, string] => x !== null), ...(u ? [u] : [])]),
    id,
    caller: callers,
    body,
  });
}

const recent = fc.integer({ min: 0, max: 20 * 86_400_000 }).map((ago) => new Date(Date.now() - ago).toISOString());
const ingestEvent = fc.record(
  {
    status: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 100, max: 599 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>("400", 99, 600, 400.5, null, true) },
    ),
    method: fc.oneof(fc.constantFrom("GET", "post", "Put", "DELETE"), fc.constantFrom<unknown>("TRACE", "", 7)),
    url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 20 })),
    lea: fc.oneof(fc.constantFrom("255901", "4801234"), anyValue),
    client: fc.oneof(fc.constantFrom("SIS", "Gradebook"), fc.constantFrom<unknown>("", "   ", 42)),
    correlationId: fc.uuid(),
    occurredAt: fc.oneof({ weight: 4, arbitrary: recent }, { weight: 1, arbitrary: anyValue }),
    body: fc.oneof(
      fc.constant({
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  },
  { requiredKeys: [] },
);
const ingestBodies: fc.Arbitrary<unknown> = fc.oneof(
  ingestEvent,
  fc.array(ingestEvent, { minLength: 1, maxLength: 3 }),
);

// --- the properties --------------------------------------------------------------------------

const mediaType = (header: string | null) => (header ?? "").split(";")[0].trim();

describe.each(dbKinds())("the API against its OpenAPI document on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let keys: Record<Caller, string | null>;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer(API_ROUTES);
    keys = {
      read: `Bearer ${(await createApiKey(t.db, "reader", ["read"])).key}`,
      ingest: `Bearer ${(await createApiKey(t.db, "shipper", ["ingest"])).key}`,
      none: null,
      bogus: "Bearer trk_not-a-key",
    };
    const written = await ingestEvents(
      t.db,
      Array.from({ length: 40 }, (_, i) => ({
        status: [400, 409, 404][i % 3],
        lea: i % 2 ? "255901" : "4801234",
        client: "SIS",
        occurredAt: new Date(Date.now() - i * 3_600_000).toISOString(),
        url: `https://h/data/v3/ed-fi/${["students", "sections", "grades"][i % 3]}`,
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'Session' item does not exist.",
        },
      })),
      { apiKeyId: null },
    );
    ids.push(...written.events.slice(0, 3).flatMap((e) => [e.id, e.problemId]));
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))(
    `%s: ${RUNS} generated requests, each answered as documented`,
    async (_name, op) => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(requestsFor(op, ids), async (r) => {
          const path = op.path.replace("{id}", encodeURIComponent(r.id ?? ""));
          const headers: Record<string, string> = {};
          // Ingest takes an ingest key: there the reader's key is the wrong one (403).
          const swap = op.method === "POST" && (r.caller === "read" || r.caller === "ingest");
          const key = swap ? keys[r.caller === "read" ? "ingest" : "read"] : keys[r.caller];
          if (key) headers.authorization = key;
          let body: string | undefined;
          if (r.body !== undefined && r.method === "POST") {
            body = JSON.stringify(r.body);
            headers["content-type"] = "application/json";
          }
          const response = await fetch(`${server.url}${path}?${new URLSearchParams(r.query)}`, {
            method: r.method,
            headers,
            body,
          });
          const text = await response.text();
          const what = `${r.method} ${path}?${new URLSearchParams(r.query)} as ${r.caller} → ${response.status} ${text.slice(0, 300)}`;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status, what).toBeLessThan(500);
          const documented = op.responses[String(response.status)];
          expect(documented, `undocumented status: ${what}`).toBeDefined();
          expect(Object.keys(documented.content ?? {}), `undocumented content type: ${what}`).toContain(
            mediaType(response.headers.get("content-type")),
          );
          expect(response.headers.get("cache-control"), what).toBe("no-store");
          if (r.method !== op.method) expect(response.status, what).toBe(405);
          if (response.status === 400) {
            const problem = JSON.parse(text) as { validationErrors?: Record<string, string[]> };
            const named = Object.keys(problem.validationErrors ?? {});
            expect(named.length, `a 400 names what is wrong: ${what}`).toBeGreaterThan(0);
            const sent = new Set(r.query.map(([k]) => `$.${k.slice(0, 50)}`));
            for (const p of named)
              expect(
                sent.has(p) || (op.method === "POST" && p.startsWith("$")),
                `${p} is not a parameter sent: ${what}`,
              ).toBe(true);
          }
        }),
        { numRuns: RUNS, seed: 2026, endOnFailure: true },
      );
      expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
      // The generators reach past validation: some requests are answered, some refused.
      expect(
        [...statuses.keys()].some((s) => s < 300),
        JSON.stringify([...statuses]),
      ).toBe(true);
      if (op.parameters.some((p) => p.in === "query"))
        expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
      if (process.env.TRIAGE_SHOW_STATUSES)
        console.log(op.operationId, JSON.stringify([...statuses].sort((a, b) => a[0] - b[0])));
    },
    120_000,
  );
});
