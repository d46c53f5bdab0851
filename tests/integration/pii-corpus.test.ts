// FERPA: after ingesting a corpus of realistic Ed-Fi requests full of seeded student and staff
// data, a scan of every column of every table finds none of it outside the response body, and
// the response body's markers (kept for support) appear nowhere else either, not in the shared
// problem rows; only in the body and in the copies of its message text that search reads: its
// district's (event_message), and the one of every district (message_text, and message_pending
// until it is folded), which only a viewer of every district reads. Log evidence, client names, field and header names and sign-in names are redacted
// like request bodies; identifiers that carry personal data are refused. On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/v1/events/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { setDatabase } from "@/lib/runtime/database";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { piiCorpus } from "../support/pii-corpus";
import { startTestServer, type TestServer } from "../support/server";

/** Where a response body's text is kept: the body, and the message texts search reads. */
const MESSAGE_COPIES = ["error_event.body", "event_message.text", "message_text.text", "message_pending.text"];

describe.each(dbKinds())("PII corpus on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer({ "/api/v1/events": eventsRoute });
  });
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  /** Every stored value as text: table.column → the column's values joined. */
  async function storedText(except: { table: string; column: string }[]): Promise<Map<string, string>> {
    const columns = await t.db.prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
          AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition) -- read through their table
        ORDER BY table_name, ordinal_position`,
    );
    const out = new Map<string, string>();
    for (const { table_name: table, column_name: column } of columns) {
      if (except.some((e) => e.table === table && e.column === column)) continue;
      const rows = await t.db.prisma.$queryRawUnsafe<{ v: string | null }[]>(
        `SELECT "${column}"::text AS v FROM "${table}"`,
      );
      out.set(`${table}.${column}`, rows.map((r) => r.v ?? "").join("\n"));
    }
    return out;
  }

  it("stores no student or staff data outside the response body", async () => {
    const key = (await createApiKey(t.db, "corpus shipper", ["ingest"])).key;
    const corpus = piiCorpus(kind === "pglite" ? 17 : 29, 180);
    const response = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(corpus.events),
    });
    expect(response.status).toBe(202);
    expect((await response.json()).accepted).toBe(corpus.events.length);
    expect(corpus.secret.length).toBeGreaterThan(3_000);

    const everywhere = await storedText([]);
    const responseBodies = everywhere.get("error_event.body")!;
    // The corpus reached the database: the response bodies hold their markers as sent…
    for (const marker of corpus.responseOnly) expect(responseBodies).toContain(marker);
    // …and the request side was stored (redacted), not dropped.
    expect(everywhere.get("error_event.request_body")).toContain("[redacted]");
    expect(everywhere.get("error_event.url")).toContain("limit=25");

    const found: string[] = [];
    for (const [where, text] of everywhere) {
      for (const marker of corpus.secret) if (text.includes(marker)) found.push(`${marker} in ${where}`);
      if (MESSAGE_COPIES.includes(where)) continue;
      for (const marker of corpus.responseOnly)
        if (text.includes(marker)) found.push(`${marker} (response) in ${where}`);
    }
    expect(found).toEqual([]);
    // The log evidence was stored (redacted), not dropped.
    const logEvidence = await t.db.prisma.$queryRawUnsafe<{ v: string }[]>(
      "SELECT log_evidence::text AS v FROM error_event WHERE log_evidence IS NOT NULL",
    );
    expect(logEvidence.length).toBeGreaterThan(corpus.events.length / 4);
    for (const { v } of logEvidence) expect(v).toMatch(/\[redacted ssn\].*\[redacted\]/);
    expect(everywhere.get("error_event.partial")).toContain("true");
  }, 120_000);

  it.each([
    ["eventId", { eventId: "import-123-45-6789" }],
    ["correlationId", { correlationId: "jane.doe@district.example.org" }],
    ["lea", { lea: "512-555-0100" }],
  ])(
    "refuses an event whose %s carries personal data, naming the path, and stores nothing of it",
    async (field, planted) => {
      const key = (await createApiKey(t.db, `identifier ${field}`, ["ingest"])).key;
      const before = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event");
      const response = await fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify([
          { status: 500, body: "fine" },
          { status: 500, body: "fine", ...planted },
        ]),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(Object.keys((await response.json()).validationErrors)).toEqual([`$[1].${field}`]);
      const after = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event");
      expect(after[0].n).toBe(before[0].n);
    },
  );
});
