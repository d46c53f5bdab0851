// Alerts end to end on a real database, a real HTTP receiver and a real SMTP server: decided in
// the ingest transaction (new, regressed) or by the worker from the rollups (spiking), once per
// rule, problem and quiet period under a burst of 10,000 events; signed; retried with backoff on
// an injected clock; resumed after a restart; delivered once by two workers; scoped to districts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startReceiver, startSmtp } from "../support/alert-sinks";
import { ingestEvents } from "@/lib/ingest/ingest";
import { createAlertWorker } from "@/lib/alerts/worker";
import { retryDelayMs } from "@/lib/alerts/backoff";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/alerts/signature";
import { openDatabase, type Database } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";

const SECRET = "whsec-test-0123456789";
let seq = 0;
const conflict = (lea: string, resource: string, at: number) => ({
  status: 409, lea, client: "SIS", occurredAt: new Date(at).toISOString(), correlationId: `a-${lea}-${resource}-${++seq}`,
  url: `https://h/data/v3/ed-fi/${resource}`, body: { type: "urn:ed-fi:api:data-conflict:unresolved-reference", detail: "The referenced 'Session' item does not exist." },
});

async function sql<R>(db: Database, text: string, params: unknown[] = []): Promise<R[]> {
  return db.transaction((tx) => tx.query<R>(text, params));
}

/** A webhook channel per team at the receiver (path /dev, /data, /ops), signed. */
async function teamWebhooks(db: Database, url: string): Promise<void> {
  for (const team of ["dev", "data", "ops"]) {
    await sql(db, "INSERT INTO alert_channel (name, kind, target, secret, team) VALUES ($1, 'webhook', $2, $3, $4::\"Team\")", [team, `${url}/${team}`, SECRET, team]);
  }
}

async function burst(db: Database, resource: string, lea = "255901", n = 10_000): Promise<string> {
  const now = Date.now();
  const batches = Array.from({ length: 10 }, (_, b) => Array.from({ length: n / 10 }, (_, i) => conflict(lea, resource, now - (b * n) / 10 - i)));
  const results = await Promise.all(batches.map((events) => ingestEvents(db, events, { apiKeyId: null })));
  return results[0].events[0].problemId;
}

describe.each(dbKinds())("alerts on %s", (kind) => {
  let t: TestDatabase;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
    await t.drop();
  });

  it("new, regressed and spiking fire once per quiet period under bursts of 10,000 events, signed", { timeout: 240_000 }, async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    await teamWebhooks(t.db, receiver.url);
    await sql(t.db, "INSERT INTO alert_rule (name, kind, factor, min_events, quiet_minutes, to_team) VALUES ('Spikes', 'spiking', 3, 100, 10, true)");
    let clock = 0;
    const worker = createAlertWorker(t.db, { now: () => new Date(clock) });

    const problemId = await burst(t.db, "sections");
    clock = Date.now();
    await worker.runOnce();
    await worker.runOnce();
    const kinds = () => receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    expect(kinds()).toEqual(["triage.alert.new", "triage.alert.spiking"]);

    await sql(t.db, "UPDATE problem SET triage_status = 'resolved' WHERE id = $1", [problemId]);
    await burst(t.db, "sections");
    clock += 5 * 60_000; // inside the spiking rule's quiet period
    await worker.runOnce();
    expect(kinds()).toEqual(["triage.alert.new", "triage.alert.regressed", "triage.alert.spiking"]);
    // Resolved again inside the regressed rule's quiet period (60 min): a regression, no alert.
    await sql(t.db, "UPDATE problem SET triage_status = 'resolved' WHERE id = $1", [problemId]);
    await ingestEvents(t.db, [conflict("255901", "sections", Date.now())], { apiKeyId: null });
    clock += 6 * 60_000; // the spiking rule's quiet period is over: a second spike alert
    await worker.runOnce();
    expect(kinds()).toEqual(["triage.alert.new", "triage.alert.regressed", "triage.alert.spiking", "triage.alert.spiking"]);
    expect((await sql<{ triage_status: string }>(t.db, "SELECT triage_status::text FROM problem WHERE id = $1", [problemId]))[0].triage_status).toBe("regressed");

    for (const r of receiver.received) {
      const header = r.headers[SIGNATURE_HEADER.toLowerCase()] as string;
      expect(verifySignature(SECRET, header, r.body, Math.floor(clock / 1000), 3600)).toBe(true);
      expect(verifySignature("another secret", header, r.body, Math.floor(clock / 1000), 3600)).toBe(false);
      expect(verifySignature(SECRET, header, r.body + " ", Math.floor(clock / 1000), 3600)).toBe(false);
    }
    const spike = JSON.parse(receiver.received.find((r) => r.body.includes("spiking"))!.body) as { problem: { id: string }; counts: { lastHour: number }; link: string };
    expect(spike.problem.id).toBe(problemId);
    expect(spike.counts.lastHour).toBeGreaterThanOrEqual(10_000);
    expect(spike.link).toBe(`http://localhost:3000/problems/${problemId}`);
  });

  it("a receiver failing three times gets the alert on the fourth try, every attempt recorded", async () => {
    const receiver = await startReceiver((n) => (n <= 3 ? 500 : 200));
    closers.push(receiver.close);
    const [{ id: channel }] = await sql<{ id: number }>(t.db, "INSERT INTO alert_channel (name, kind, target) VALUES ('hook', 'webhook', $1) RETURNING id", [receiver.url]);
    const [{ id: rule }] = await sql<{ id: number }>(t.db, "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int]) RETURNING id", [channel]);
    await ingestEvents(t.db, [conflict("255901", "students", Date.now())], { apiKeyId: null });
    let clock = Date.now();
    const worker = createAlertWorker(t.db, { now: () => new Date(clock), log: () => {} });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await worker.deliverDue()).toEqual({ sent: 0, failed: 1 });
      expect(await worker.deliverDue()).toEqual({ sent: 0, failed: 0 }); // not due before its backoff
      clock += retryDelayMs(attempt);
    }
    expect(await worker.deliverDue()).toEqual({ sent: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const attempts = await sql<{ ok: boolean; response_code: number | null; error: string | null }>(
      t.db, "SELECT ok, response_code, error FROM alert_attempt WHERE rule_id = $1 ORDER BY id", [rule]);
    expect(attempts).toEqual([
      ...Array.from({ length: 3 }, () => ({ ok: false, response_code: 500, error: "HTTP 500" })),
      { ok: true, response_code: 200, error: null },
    ]);
  });

  it("e-mails a district admin's channel nothing of another district, over every line of the message", async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    const [{ id: channel }] = await sql<{ id: number }>(t.db,
      "INSERT INTO alert_channel (name, kind, target, leas) VALUES ('district A', 'email', 'admin-a@example.org', ARRAY['255901']) RETURNING id");
    await sql(t.db, "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int])", [channel]);
    const worker = createAlertWorker(t.db, { mailer: smtp.transport });
    const now = Date.now();
    await ingestEvents(t.db, [...Array.from({ length: 3 }, (_, i) => conflict("255901", "grades", now - i)), ...Array.from({ length: 7 }, (_, i) => conflict("477102", "grades", now - i))], { apiKeyId: null });
    // Only district B: no alert to A's channel.
    await ingestEvents(t.db, [conflict("477102", "courses", now)], { apiKeyId: null });
    expect(await worker.deliverDue()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    const lines = smtp.messages[0].split(/\r?\n/);
    expect(lines.some((l) => l.includes("255901"))).toBe(true);
    expect(lines.some((l) => l.includes("3 events in 255901"))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain("477102");
      expect(line).not.toMatch(/\b(7|10) events\b/);
    }
    expect(smtp.messages[0]).toContain("Content-Type: text/html");
    expect(smtp.messages[0]).toContain("Content-Type: text/plain");
  });

  it("a stopped process resumes its outbox after a restart", async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const dir = kind === "pglite" ? mkdtempSync(join(tmpdir(), "triage-alerts-")) : null;
    const open = async () => {
      const db = kind === "pglite" ? await openDatabase({ kind: "pglite", dataDir: dir! }) : await openDatabase({ kind: "postgres", url: t.url! });
      await migrate(db);
      return db;
    };
    let db = await open();
    await teamWebhooks(db, receiver.url);
    await ingestEvents(db, [conflict("255901", "staffs", Date.now())], { apiKeyId: null });
    expect((await sql<{ n: number }>(db, "SELECT count(*)::int AS n FROM alert_outbox WHERE status = 'pending'"))[0].n).toBe(1);
    await db.close(); // stopped before its worker ran
    db = await open();
    try {
      expect(await createAlertWorker(db).deliverDue()).toEqual({ sent: 1, failed: 0 });
      expect(receiver.received.map((r) => r.path)).toHaveLength(1);
    } finally {
      await db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(kind === "postgres")("two processes deliver each alert once", { timeout: 120_000 }, async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const [{ id: channel }] = await sql<{ id: number }>(t.db, "INSERT INTO alert_channel (name, kind, target) VALUES ('hook', 'webhook', $1) RETURNING id", [receiver.url]);
    await sql(t.db, "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int])", [channel]);
    const events = Array.from({ length: 60 }, (_, i) => conflict("255901", `resource${i}`, Date.now()));
    await ingestEvents(t.db, events, { apiKeyId: null });
    const other = await openDatabase({ kind: "postgres", url: t.url! });
    closers.push(() => other.close());
    const rounds = await Promise.all([createAlertWorker(t.db, { id: "one" }).deliverDue(), createAlertWorker(other, { id: "two" }).deliverDue()]);
    expect(rounds[0].sent + rounds[1].sent).toBe(60);
    expect(rounds[0].sent).toBeGreaterThan(0);
    expect(rounds[1].sent).toBeGreaterThan(0);
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { problem: { id: string } }).problem.id);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toHaveLength(60);
  });
});
