// The OpenAPI document as an outside tester reads it: Redocly's recommended rules and Spectral's
// spectral:oas find nothing, every operation has an operationId and a tag, no schema says
// `anyOf: [{}, null]`, the headers and limits the server uses are described, and a client
// generated with openapi-typescript calls every operation (exports included) with typed
// parameters — wrong ones do not type-check.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { lintOpenApi } from "../support/openapi-lint";

type Json = Record<string, unknown>;
const doc = openApiDocument() as { paths: Record<string, Record<string, Json>>; components: Json };
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, op })),
);

/** Every node of a JSON value, with its path. */
function* nodes(value: unknown, path = "#"): Generator<[string, unknown]> {
  yield [path, value];
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* nodes(v, `${path}/${k}`);
}

describe("the OpenAPI document", () => {
  it("has no error and no warning from Redocly (recommended) and Spectral (spectral:oas)", async () => {
    const { redocly, spectral } = await lintOpenApi(doc);
    const findings = [...redocly, ...spectral].filter((f) => f.severity === "error" || f.severity === "warning");
    expect(findings.map((f) => `${f.tool} ${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
  }, 60_000);

  it("gives every operation an operationId, a tag, 405 and (when it reads the database) 503 with Retry-After", () => {
    expect(operations.length).toBe(9);
    for (const { path, method, op } of operations) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect((op.tags as string[]).length, `${method} ${path}`).toBe(1);
      const responses = op.responses as Record<string, Json>;
      expect(Object.keys(responses), `${method} ${path}`).toContain("405");
      for (const [status, response] of Object.entries(responses))
        expect(Object.keys(response.headers as Json), `${status} ${method} ${path}`).toContain("x-correlation-id");
      if (path !== "/api/v1/openapi.json")
        expect(Object.keys((responses["503"].headers as Json) ?? {})).toContain("retry-after");
    }
    expect(Object.keys(doc.paths["/api/v1/problems/{id}"].get.responses as Json)).toContain("400");
    expect(
      Object.keys((doc.paths["/api/v1/events"].post.responses as Record<string, Json>)["429"].headers as Json),
    ).toContain("retry-after");
    for (const path of ["/api/v1/events/export", "/api/v1/problems/export"]) {
      const ok = (doc.paths[path].get.responses as Record<string, Json>)["200"];
      expect(Object.keys(ok.headers as Json)).toContain("content-disposition");
      expect((doc.paths[path].get.parameters as Json[]).length, path).toBeGreaterThan(5);
    }
  });

  it("says no `anyOf: [{}, …]` and states the server's limits (10 MiB, method, occurredAt, blank strings, IANA tz)", () => {
    for (const [path, node] of nodes(doc)) {
      if (node && typeof node === "object" && "anyOf" in node)
        expect(
          (node.anyOf as Json[]).some((s) => Object.keys(s).length === 0),
          path,
        ).toBe(false);
    }
    const text = JSON.stringify(doc);
    expect(text).toContain("10 MiB (10,485,760 bytes)");
    expect(text).not.toMatch(/10 MB\b/);
    const ingest = ((doc.components.schemas as Json).IngestEvent as { properties: Record<string, Json> }).properties;
    const method = new RegExp(ingest.method.pattern as string);
    expect(["GET", "post", "Patch", "OPTIONS"].every((m) => method.test(m))).toBe(true);
    expect(["TRACE", "CONNECT", "GETS", ""].some((m) => method.test(m))).toBe(false);
    expect(ingest.occurredAt.description).toMatch(/2000-01-01.*one day from now/);
    for (const name of ["eventId", "correlationId", "client"])
      expect(new RegExp(ingest[name].pattern as string).test("   "), name).toBe(false);
    const tz = (doc.paths["/api/v1/trends"].get.parameters as Json[]).find((p) => p.name === "tz")!;
    expect(tz.description).toMatch(/IANA/);
    expect(new RegExp((tz.schema as Json).pattern as string).test("America/Chicago")).toBe(true);
    expect(new RegExp((tz.schema as Json).pattern as string).test("../../etc")).toBe(false);
  });

  it("generates an openapi-typescript client that calls every operation with typed parameters", async () => {
    const types = astToString(await openapiTS(doc as never));
    const dir = mkdtempSync(join(tmpdir(), "triage-openapi-client-"));
    try {
      writeFileSync(join(dir, "api.d.ts"), types);
      writeFileSync(join(dir, "client.ts"), CLIENT);
      const program = ts.createProgram([join(dir, "client.ts")], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        skipLibCheck: true,
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map(
          (d) =>
            `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ""} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
        );
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const called = new Set([...CLIENT.matchAll(/call\("([A-Za-z]+)"/g)].map((m) => m[1]));
    expect([...called].sort()).toEqual(operations.map((o) => o.op.operationId as string).sort());
  }, 60_000);
});

/**
 * A small typed client: `call(operationId, parameters)` takes exactly the operation's parameters
 * and returns its 2xx body. Lines marked @ts-expect-error must fail to type-check (an unknown
 * parameter, a wrong type, a value outside an enum), which proves the parameters are typed.
 */
const CLIENT = `
import type { operations } from "./api";

type Params<K extends keyof operations> = operations[K]["parameters"];
type Success<K extends keyof operations> = operations[K]["responses"] extends infer R ? R[Extract<keyof R, 200 | 202>] : never;
type Body<K extends keyof operations> = Success<K> extends { content: infer C } ? C[keyof C] : never;
type Input<K extends keyof operations> = { path?: Params<K>["path"]; query?: Params<K>["query"] } & (operations[K] extends { requestBody: { content: infer C } } ? { body: C[keyof C] } : {});

const PATHS = {
  ingestEvents: ["POST", "/api/v1/events"], listEvents: ["GET", "/api/v1/events"], getEvent: ["GET", "/api/v1/events/{id}"],
  exportEvents: ["GET", "/api/v1/events/export"], listProblems: ["GET", "/api/v1/problems"], getProblem: ["GET", "/api/v1/problems/{id}"],
  exportProblems: ["GET", "/api/v1/problems/export"], getTrends: ["GET", "/api/v1/trends"], getOpenApiDocument: ["GET", "/api/v1/openapi.json"],
} as const satisfies Record<keyof operations, readonly [string, string]>;

export async function call<K extends keyof operations>(operationId: K, input: Input<K>): Promise<Body<K>> {
  const [method, template] = PATHS[operationId];
  const path = template.replace("{id}", String((input.path as { id?: string } | undefined)?.id ?? ""));
  const query = new URLSearchParams(Object.entries(input.query ?? {}).map(([k, v]) => [k, String(v)]));
  const body = "body" in input ? JSON.stringify(input.body) : undefined;
  const response = await fetch(\`\${path}?\${query}\`, { method, body, headers: { "content-type": "application/json" } });
  return (response.headers.get("content-type")?.startsWith("text/csv") ? response.text() : response.json()) as Promise<Body<K>>;
}

export async function everyOperation() {
  const accepted = await call("ingestEvents", { body: [{ status: 409, method: "post", lea: "255901", occurredAt: "2026-11-20T14:03:11Z", body: { detail: "x" } }] });
  const ids: string[] = accepted.events.map((e) => e.problemId);
  const events = await call("listEvents", { query: { since: "2026-11-20T00:00:00Z", limit: 10, articleId: "unresolved-reference" } });
  const next: string | null = events.nextCursor;
  const event = await call("getEvent", { path: { id: events.events[0].id } });
  const status: number = event.status;
  const eventsCsv: string = await call("exportEvents", { query: { problemId: ids[0], until: "2026-12-01T00:00:00-06:00" } });
  const problems = await call("listProblems", { query: { route: "data", status: "regressed", days: 7, limit: 200, cursor: next ?? undefined } });
  const busiest: number = problems.problems[0].events;
  const problem = await call("getProblem", { path: { id: ids[0] }, query: { days: 30 } });
  const problemsCsv: string = await call("exportProblems", { query: { range: "custom", from: "2026-01-01", to: "2026-03-31", status: "open,regressed", sort: "lastSeen.asc" } });
  const trends = await call("getTrends", { query: { range: "30d", tz: "America/Chicago", bucket: "day" } });
  const total: number = trends.totals.events;
  const document = await call("getOpenApiDocument", {});
  return { status, eventsCsv, busiest, problem, problemsCsv, total, document };
}

export async function wrongCalls() {
  // @ts-expect-error limit is a number
  await call("listEvents", { query: { limit: "ten" } });
  // @ts-expect-error not a filter of the event list
  await call("listEvents", { query: { statusCode: 400 } });
  // @ts-expect-error route is dev, data or ops
  await call("listProblems", { query: { route: "qa" } });
  // @ts-expect-error the export's sort keys are an enumeration
  await call("exportProblems", { query: { sort: "id.desc" } });
  // @ts-expect-error the trends range is an enumeration
  await call("getTrends", { query: { range: "1y" } });
  // @ts-expect-error an event needs its status
  await call("ingestEvents", { body: { url: "https://h/x" } });
  // @ts-expect-error getEvent needs its id
  await call("getEvent", { path: {} });
}
`;
