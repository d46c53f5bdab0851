// Malformed and hostile requests against the real production server: every answer is a 4xx
// problem details, none is a 5xx, nothing is stored, and the server stays up.
// Short form in `npm test`; 10,000+ requests with `npm run test:reliability`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { scale } from "./scale";
import { mulberry32, type Rng } from "../../prisma/demo/generate";

const REQUESTS = scale(1_200, 10_000);

const rng = mulberry32;

interface FuzzRequest {
  kind: string;
  body: BodyInit;
  contentType?: string;
  auth?: string | null;
  headers?: Record<string, string>;
}

const valid = () => ({
  status: 400,
  url: "https://h/data/v3/ed-fi/students",
  body: { type: "urn:ed-fi:api:bad-request", detail: "x" },
});

/** Every case holds at least one invalid event or is invalid as a request, so none may be stored. */
const CASES: ((r: Rng, key: string) => FuzzRequest)[] = [
  (r) => {
    const s = JSON.stringify([valid(), valid()]);
    return { kind: "truncated-json", body: s.slice(0, 1 + Math.floor(r() * (s.length - 2))) };
  },
  (r) => ({
    kind: "random-bytes",
    body: new Uint8Array(Array.from({ length: 1 + Math.floor(r() * 400) }, () => Math.floor(r() * 256))),
  }),
  (r) => ({
    kind: "invalid-utf8",
    body: new Uint8Array([
      0x7b,
      0x22,
      0x73,
      0x74,
      0x61,
      0x74,
      0x75,
      0x73,
      0x22,
      0x3a,
      0x34,
      0x30,
      0x30,
      0x2c,
      0x22,
      0x75,
      0x72,
      0x6c,
      0x22,
      0x3a,
      0x22,
      0xc3,
      0x28,
      0xff,
      Math.floor(r() * 128),
      0x22,
      0x7d,
    ]),
  }),
  (r) => ({
    kind: "wrong-status-type",
    body: JSON.stringify([
      valid(),
      { ...valid(), status: [String(400), 400.5, -1, 1e12, null, true, {}][Math.floor(r() * 7)] },
    ]),
  }),
  (r) => ({
    kind: "wrong-field-types",
    body: JSON.stringify({
      ...valid(),
      [["eventId", "lea", "client", "correlationId", "url"][Math.floor(r() * 5)]]: [42, {}, [], true][
        Math.floor(r() * 4)
      ],
    }),
  }),
  (r) => ({
    kind: "bad-date",
    body: JSON.stringify({
      ...valid(),
      occurredAt: ["yesterday", "2026-13-45T99:00:00Z", "1970-01-01T00:00:00Z", "2999-01-01T00:00:00Z"][
        Math.floor(r() * 4)
      ],
    }),
  }),
  () => ({ kind: "unknown-field", body: JSON.stringify({ ...valid(), statusCode: 400 }) }),
  () => ({
    kind: "proto-pollution",
    body: '{"__proto__":{"admin":true},"status":400,"constructor":{"prototype":{"x":1}}}',
  }),
  (r) => ({
    kind: "huge-field",
    body: JSON.stringify({ ...valid(), [r() < 0.5 ? "url" : "eventId"]: "x".repeat(5_000 + Math.floor(r() * 50_000)) }),
  }),
  (r) => {
    const depth = 2_000 + Math.floor(r() * 50_000);
    return {
      kind: "deep-nesting",
      body: `{"status":400,"lea":"bad lea","body":${"[".repeat(depth)}${"]".repeat(depth)}}`,
    };
  },
  () => ({ kind: "nul-bytes", body: JSON.stringify({ ...valid(), lea: "25\u00005901", body: "a\u0000b" }) }),
  () => ({ kind: "empty-body", body: "" }),
  () => ({ kind: "empty-array", body: "[]" }),
  (r) => ({ kind: "scalar", body: ["42", "null", '"event"', "true"][Math.floor(r() * 4)] }),
  (r) => ({
    kind: "wrong-content-type",
    body: JSON.stringify(valid()),
    contentType: [
      "text/plain",
      "application/xml",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
      "image/png",
    ][Math.floor(r() * 5)],
  }),
  () => ({
    kind: "ndjson-bad-line",
    body: `${JSON.stringify(valid())}\n{"status":\n${JSON.stringify(valid())}`,
    contentType: "application/x-ndjson",
  }),
  () => ({ kind: "ndjson-as-json", body: `${JSON.stringify(valid())}\n${JSON.stringify(valid())}` }),
  () => ({ kind: "no-auth", body: JSON.stringify(valid()), auth: null }),
  (r) => ({
    kind: "bad-auth",
    body: JSON.stringify(valid()),
    auth: [
      "Basic dXNlcjpwYXNz",
      "Bearer",
      "Bearer " + "A".repeat(4_000),
      "bearer trk_forged",
      "Token x",
      "Bearer trk_x trk_y",
    ][Math.floor(r() * 6)],
  }),
  () => ({
    kind: "header-abuse",
    body: JSON.stringify([valid(), { status: "x" }]),
    headers: {
      "x-correlation-id": "<script>alert(1)</script>".repeat(20),
      "content-length": undefined as unknown as string,
      "x-forwarded-for": "1.1.1.1, ".repeat(200),
    },
  }),
  () => ({ kind: "giant-batch", body: JSON.stringify(Array.from({ length: 10_001 }, valid)) }),
  () => ({ kind: "oversized", body: JSON.stringify([{ ...valid(), body: "y".repeat(10 * 1024 * 1024) }]) }),
];

describe("fuzzing the ingest endpoint", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startNextServerOnTempPglite(3_211, "triage-fuzz");
  }, 600_000); // a clean clone builds first (one file builds, the others wait for it)

  afterAll(async () => {
    await server?.stop();
  });

  it(`answers ${REQUESTS} hostile requests with 4xx problem details and stores nothing`, async () => {
    const random = rng(2026);
    const statuses = new Map<string, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        // The expensive cases are rarer so the run stays within minutes.
        let c = Math.floor(random() * CASES.length);
        if (c >= CASES.length - 2 && random() < 0.9) c = Math.floor(random() * (CASES.length - 2));
        const f = CASES[c](random, server.key);
        const headers: Record<string, string> = {
          "content-type": f.contentType ?? "application/json",
          ...(f.headers ?? {}),
        };
        if (f.auth !== null) headers.authorization = f.auth ?? `Bearer ${server.key}`;
        for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
        let response: Response;
        try {
          response = await fetch(`${server.url}/api/v1/events`, { method: "POST", headers, body: f.body });
        } catch (error) {
          failures.push(`#${i} ${f.kind}: connection failed: ${(error as Error).message}`);
          continue;
        }
        const text = await response.text();
        statuses.set(`${f.kind} ${response.status}`, (statuses.get(`${f.kind} ${response.status}`) ?? 0) + 1);
        if (response.status < 400 || response.status >= 500)
          failures.push(`#${i} ${f.kind}: status ${response.status}: ${text.slice(0, 200)}`);
        else if (response.headers.get("content-type") !== "application/problem+json")
          failures.push(`#${i} ${f.kind}: content-type ${response.headers.get("content-type")}`);
        else {
          const problem = JSON.parse(text);
          if (
            problem.status !== response.status ||
            !problem.type ||
            !problem.title ||
            !problem.detail ||
            !problem.correlationId
          )
            failures.push(`#${i} ${f.kind}: incomplete problem ${text.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    console.info(
      [...statuses.entries()]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join("\n"),
    );
    expect(failures.slice(0, 20)).toEqual([]);

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const look = await fetch(`${server.url}/api/v1/events?limit=1`, {
      headers: { authorization: `Bearer ${server.key}` },
    });
    expect((await look.json()).events).toEqual([]); // nothing at all was stored
    // Nothing partial was stored: a valid event after the storm is the first and only one.
    const ok = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify({ ...valid(), correlationId: "after-fuzz" }),
    });
    expect(ok.status).toBe(202);
    expect((await ok.json()).events[0].id).toBe("1");
  }, 900_000);
});
