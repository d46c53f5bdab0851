// Slow and hostile bodies do not starve ingest: a body is read (or cut off at its deadline, 408)
// before the request takes a slot, so one key's slow uploads never keep another key's batch from
// being stored; a body nested deeper than 64 levels is refused (400 naming the path) before it is
// parsed. A real HTTP server and database, on PGlite and PostgreSQL.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { once } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/v1/events/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { resetEnv } from "@/lib/env";
import { IngestLimiter, rateConfigFromEnv, resetIngestLimiter } from "@/lib/ingest/rate-limit";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";

/** The process's limiter, configured from the environment, telling when a request's bytes were charged (before its body is read). */
class WatchedLimiter extends IngestLimiter {
  admitted: ((keyId: number) => void) | undefined;
  override async admitBytes(keyId: number, declaredBytes: number | null): Promise<number> {
    const charged = await super.admitBytes(keyId, declaredBytes);
    this.admitted?.(keyId);
    return charged;
  }
}

interface Upload {
  request: ClientRequest;
  /** The answer, once the server gives one. */
  response: Promise<{ status: number; type: string | undefined; body: string }>;
}

/** Starts an upload that sends only its first bytes and keeps the body open (declared length: the whole body). */
function startSlowUpload(url: string, key: string, body: string): Upload {
  const request = httpRequest(`${url}/api/v1/events`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/x-ndjson",
      "content-length": String(Buffer.byteLength(body)),
    },
  });
  const response = once(request, "response").then(async ([answer]) => {
    const res = answer as IncomingMessage;
    let text = "";
    for await (const chunk of res) text += chunk;
    return { status: res.statusCode ?? 0, type: res.headers["content-type"], body: text };
  });
  response.catch(() => {});
  request.on("error", () => {}); // a server that closes after its 408 may reset the unsent rest
  request.write(body.slice(0, 10));
  return { request, response };
}

describe.each(dbKinds())("slow and hostile ingest bodies on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  const saved = process.env.TRIAGE_INGEST_BODY_TIMEOUT_MS;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer({ "/api/v1/events": eventsRoute });
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TRIAGE_INGEST_BODY_TIMEOUT_MS;
    else process.env.TRIAGE_INGEST_BODY_TIMEOUT_MS = saved;
    resetEnv();
    resetIngestLimiter(undefined);
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  const storedFor = async (name: string) =>
    Number(
      (
        await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
          "SELECT count(*) AS n FROM error_event e JOIN api_key k ON k.id = e.api_key_id WHERE k.name = $1",
          name,
        )
      )[0].n,
    );

  it("stores another key's small batch while one key holds six slow uploads open", async () => {
    const limiter = new WatchedLimiter(rateConfigFromEnv());
    resetIngestLimiter(limiter);
    const slow = await createApiKey(t.db, "slow shipper", ["ingest"]);
    const quick = await createApiKey(t.db, "quick shipper", ["ingest"]);
    const body = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ eventId: `${prefix}-${i}`, status: 500, lea: "255901", body: "upstream failed" }),
      ).join("\n");

    let slowAdmitted = 0;
    const allSlowAdmitted = new Promise<void>((resolve) => {
      limiter.admitted = (keyId) => {
        if (keyId === slow.id && ++slowAdmitted === 6) resolve();
      };
    });
    const uploads = Array.from({ length: 6 }, (_, u) => startSlowUpload(server.url, slow.key, body(`slow-${u}`, 20)));
    let slowAnswered = false;
    void Promise.allSettled(uploads.map((u) => u.response)).then(() => (slowAnswered = true));
    await allSlowAdmitted; // all six are past authentication and admission, their bodies unfinished

    const quickAnswer = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${quick.key}`, "content-type": "application/x-ndjson" },
      body: body("quick", 3),
    });
    expect(quickAnswer.status).toBe(202);
    expect((await quickAnswer.json()).accepted).toBe(3);
    expect(slowAnswered).toBe(false); // the slow uploads are still open
    expect(await storedFor("quick shipper")).toBe(3);

    // The slow uploads finish and are stored too.
    for (const [u, upload] of uploads.entries()) upload.request.end(body(`slow-${u}`, 20).slice(10));
    const answers = await Promise.all(uploads.map((u) => u.response));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(await storedFor("slow shipper")).toBe(120);
  }, 60_000);

  it("answers 408 problem details when a body does not arrive within the deadline, and stores nothing of it", async () => {
    process.env.TRIAGE_INGEST_BODY_TIMEOUT_MS = "200";
    resetEnv();
    resetIngestLimiter(undefined);
    const dripper = await createApiKey(t.db, "dripping shipper", ["ingest"]);
    const upload = startSlowUpload(
      server.url,
      dripper.key,
      JSON.stringify({ eventId: "drip", status: 500, body: "never finished" }),
    );
    const answer = await upload.response;
    upload.request.destroy();
    expect(answer.status).toBe(408);
    expect(answer.type).toBe("application/problem+json");
    const problem = JSON.parse(answer.body);
    expect(problem).toMatchObject({ type: "urn:triage:request-timeout", status: 408 });
    expect(problem.detail).toContain("200 ms");
    expect(problem.correlationId).toBeTruthy();
    expect(await storedFor("dripping shipper")).toBe(0);
  }, 30_000);

  it("refuses a 10 MB body nested deeper than 64 levels with 400 naming the path, and still ingests the next request", async () => {
    const key = (await createApiKey(t.db, "nesting shipper", ["ingest"])).key;
    const depth = 5_000_000;
    const deep = `[{"status":500,"body":{"detail":${"[".repeat(depth)}${"]".repeat(depth)}}}]`;
    const post = (body: string) =>
      fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
    const refused = await post(deep);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const problem = await refused.json();
    const path = `$[0].body.detail${"[0]".repeat(61)}`;
    expect(problem.validationErrors).toEqual({ [path]: ["nested deeper than 64 levels"] });
    expect(problem.detail).toContain(path);
    // 64 levels are accepted.
    const fine = await post(`[{"status":500,"body":{"detail":${"[".repeat(61)}${"]".repeat(61)}}}]`);
    expect(fine.status).toBe(202);
    expect(await storedFor("nesting shipper")).toBe(1);
  }, 60_000);
});
