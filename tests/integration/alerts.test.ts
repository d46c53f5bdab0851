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
import { createAlertWorker, LEASE_MS, type DeliveryRound } from "@/lib/alerts/worker";
import { startAlertPeer } from "../support/alert-peer-process";
import { retryDelayMs } from "@/lib/alerts/backoff";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/alerts/signature";
import { openDatabase, type Database } from "@/lib/runtime/database";
import { migrate } from "@/lib/db/migrate";
import { resetEnv } from "@/lib/env";
import { createRule, getRule, ruleSchema, updateRule } from "@/lib/alerts/admin";

const SECRET = "whsec-test-0123456789";
let seq = 0;
const conflict = (lea: string, resource: string, at: number) => ({
  status: 409,
  lea,
  client: "SIS",
  occurredAt: new Date(at).toISOString(),
  correlationId: `a-${lea}-${resource}-${++seq}`,
  url: `https://h/data/v3/ed-fi/${resource}`,
  body: {
    type: "urn:ed-fi:api:data-conflict:unresolved-reference",
    detail: "The referenced 'Session' item does not exist.",
  },
});

async function sql<R>(db: Database, text: string, params: unknown[] = []): Promise<R[]> {
  return db.transaction((tx) => tx.query<R>(text, params));
}

/** A webhook channel per team at the receiver (path /dev, /data, /ops), signed. */
async function teamWebhooks(db: Database, url: string): Promise<void> {
  for (const team of ["dev", "data", "ops"]) {
    await sql(
      db,
      "INSERT INTO alert_channel (name, kind, target, secret, team) VALUES ($1, 'webhook', $2, $3, $4::\"Team\")",
      [team, `${url}/${team}`, SECRET, team],
    );
  }
}

async function burst(db: Database, resource: string, lea = "255901", n = 10_000): Promise<string> {
  const now = Date.now();
  const batches = Array.from({ length: 10 }, (_, b) =>
    Array.from({ length: n / 10 }, (_, i) => conflict(lea, resource, now - (b * n) / 10 - i)),
  );
  const results = await Promise.all(batches.map((events) => ingestEvents(db, events, { apiKeyId: null })));
  return results[0].events[0].problemId;
}

// The receivers listen on 127.0.0.1, a private address: these tests allow it (the default refuses
// it; the test "a webhook to a private address is refused" below and webhook-address.test.ts).
process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS = "1";
resetEnv();

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

  it(
    "new, regressed and spiking fire once per quiet period under bursts of 10,000 events, signed",
    { timeout: 240_000 },
    async () => {
      const receiver = await startReceiver();
      closers.push(receiver.close);
      await teamWebhooks(t.db, receiver.url);
      await sql(
        t.db,
        "INSERT INTO alert_rule (name, kind, factor, min_events, quiet_minutes, to_team) VALUES ('Spikes', 'spiking', 3, 100, 10, true)",
      );
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
      expect(kinds()).toEqual([
        "triage.alert.new",
        "triage.alert.regressed",
        "triage.alert.spiking",
        "triage.alert.spiking",
      ]);
      expect(
        (
          await sql<{ triage_status: string }>(t.db, "SELECT triage_status::text FROM problem WHERE id = $1", [
            problemId,
          ])
        )[0].triage_status,
      ).toBe("regressed");

      for (const r of receiver.received) {
        const header = r.headers[SIGNATURE_HEADER.toLowerCase()] as string;
        expect(verifySignature(SECRET, header, r.body, Math.floor(clock / 1000), 3600)).toBe(true);
        expect(verifySignature("another secret", header, r.body, Math.floor(clock / 1000), 3600)).toBe(false);
        expect(verifySignature(SECRET, header, r.body + " ", Math.floor(clock / 1000), 3600)).toBe(false);
      }
      const spike = JSON.parse(receiver.received.find((r) => r.body.includes("spiking"))!.body) as {
        problem: { id: string };
        counts: { lastHour: number };
        link: string;
      };
      expect(spike.problem.id).toBe(problemId);
      expect(spike.counts.lastHour).toBeGreaterThanOrEqual(10_000);
      expect(spike.link).toBe(`http://localhost:3000/problems/${problemId}`);
    },
  );

  it("stores a rule as the form gave it, and an edit replaces every field", async () => {
    const form = {
      name: "Spikes in 255901",
      kind: "spiking",
      route: "data",
      articleId: "",
      resource: "sections",
      client: "",
      leas: "255901",
      factor: "4",
      minEvents: "50",
      quietMinutes: "30",
      channelIds: [],
      toTeam: true,
      perDistrict: false,
    };
    const id = await createRule(t.db, ruleSchema.parse(form));
    expect(await getRule(t.db, id)).toMatchObject({
      name: "Spikes in 255901",
      kind: "spiking",
      route: "data",
      article_id: null,
      resource: "sections",
      leas: ["255901"],
      factor: 4,
      min_events: 50,
      quiet_minutes: 30,
      to_team: true,
      per_district: false,
      enabled: true,
    });
    const edited = ruleSchema.parse({
      ...form,
      name: "New in a district",
      kind: "new",
      route: "",
      resource: "",
      leas: "",
      toTeam: false,
      perDistrict: true,
    });
    expect(await updateRule(t.db, id, { ...edited, enabled: false })).toBe(true);
    expect(await getRule(t.db, id)).toMatchObject({
      name: "New in a district",
      kind: "new",
      route: null,
      resource: null,
      leas: [],
      to_team: false,
      per_district: true,
      enabled: false,
    });
    expect(await updateRule(t.db, id + 1_000, { ...edited, enabled: true })).toBe(false);
  });

  it("a webhook to a private address is refused, recorded as a failure, and nothing reaches it", async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    await teamWebhooks(t.db, receiver.url);
    await ingestEvents(t.db, [conflict("255901", "staffs", Date.now())], { apiKeyId: null });
    process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS = "0";
    resetEnv();
    try {
      expect(await createAlertWorker(t.db, { log: () => {} }).deliverDue()).toEqual({ sent: 0, failed: 1 });
    } finally {
      process.env.TRIAGE_ALERT_PRIVATE_WEBHOOKS = "1";
      resetEnv();
    }
    expect(receiver.received).toHaveLength(0);
    const [attempt] = await sql<{ error: string }>(t.db, "SELECT error FROM alert_attempt");
    expect(attempt.error).toMatch(/^refused: 127\.0\.0\.1 is a private/);
  });

  it(
    "new in a district fires once per problem and district under a concurrent burst of 10,000 events, counted in that district",
    { timeout: 240_000 },
    async () => {
      const receiver = await startReceiver();
      closers.push(receiver.close);
      const [{ id: all }] = await sql<{ id: number }>(
        t.db,
        "INSERT INTO alert_channel (name, kind, target) VALUES ('all', 'webhook', $1) RETURNING id",
        [`${receiver.url}/all`],
      );
      const [{ id: onlyB }] = await sql<{ id: number }>(
        t.db,
        "INSERT INTO alert_channel (name, kind, target, leas) VALUES ('B', 'webhook', $1, ARRAY['477102']) RETURNING id",
        [`${receiver.url}/b`],
      );
      await sql(
        t.db,
        "INSERT INTO alert_rule (name, kind, per_district, channel_ids) VALUES ('New in a district', 'new', true, ARRAY[$1::int, $2::int])",
        [all, onlyB],
      );
      // A client-narrowed one: only a first event from that client counts.
      await sql(
        t.db,
        "INSERT INTO alert_rule (name, kind, per_district, client, channel_ids) VALUES ('New in a district from Other Vendor', 'new', true, 'Other Vendor', ARRAY[$1::int])",
        [all],
      );
      const worker = createAlertWorker(t.db);
      const docs = () =>
        receiver.received.map((r) => ({
          path: r.path,
          ...(JSON.parse(r.body) as {
            type: string;
            districts: string[];
            counts: { events: number };
            rule: { name: string };
            link: string;
          }),
        }));

      const problemId = (
        await ingestEvents(
          t.db,
          Array.from({ length: 3 }, (_, i) => conflict("255901", "sections", Date.now() - i)),
          { apiKeyId: null },
        )
      ).events[0].problemId;
      await worker.deliverDue();
      expect(docs().map((d) => [d.path, d.type, d.districts, d.counts.events])).toEqual([
        ["/all", "triage.alert.new_in_district", ["255901"], 3],
      ]);

      // 10,000 events in 10 concurrent batches, each with events in 255901 (seen) and 477102 (first).
      const now = Date.now();
      await Promise.all(
        Array.from({ length: 10 }, (_, b) =>
          ingestEvents(
            t.db,
            Array.from({ length: 1_000 }, (_, i) =>
              conflict(i % 2 ? "477102" : "255901", "sections", now - b * 1_000 - i),
            ),
            { apiKeyId: null },
          ),
        ),
      );
      await worker.deliverDue();
      const second = docs()
        .slice(1)
        .sort((a, b) => a.path.localeCompare(b.path));
      expect(second.map((d) => [d.path, d.type, d.districts, d.rule.name])).toEqual([
        ["/all", "triage.alert.new_in_district", ["477102"], "New in a district"],
        ["/b", "triage.alert.new_in_district", ["477102"], "New in a district"],
      ]);
      // Counted in that district only (5,000 of the burst), linked to it.
      expect(second.map((d) => d.counts.events)).toEqual([5_000, 5_000]);
      expect(second[0].link).toBe(`http://localhost:3000/problems/${problemId}?lea=477102`);
      const [text] = receiver.received
        .filter((r) => r.path === "/b")
        .map((r) => (JSON.parse(r.body) as { text: string }).text);
      expect(text).toBe(
        `New in district 477102: #${problemId} unresolved-reference (sections) → ${(await sql<{ route: string }>(t.db, "SELECT route::text FROM problem WHERE id = $1", [problemId]))[0].route}`,
      );

      // Neither district is new any more; a third is, but not from the client the second rule wants.
      await ingestEvents(
        t.db,
        [
          conflict("255901", "sections", Date.now()),
          conflict("477102", "sections", Date.now()),
          conflict("6001000", "sections", Date.now()),
        ],
        { apiKeyId: null },
      );
      await worker.deliverDue();
      expect(
        docs()
          .slice(3)
          .map((d) => [d.path, d.districts, d.rule.name]),
      ).toEqual([["/all", ["6001000"], "New in a district"]]);
      expect(await sql(t.db, "SELECT subject FROM alert_state WHERE subject LIKE '%@%' ORDER BY 1")).toEqual(
        ["255901", "477102", "6001000"].map((lea) => ({ subject: `problem:${problemId}@${lea}` })),
      );
    },
  );

  it(
    "narrows every kind of rule by team, article, resource, API client and district",
    { timeout: 120_000 },
    async () => {
      const [{ id: channel }] = await sql<{ id: number }>(
        t.db,
        "INSERT INTO alert_channel (name, kind, target) VALUES ('hook', 'webhook', 'http://127.0.0.1:9/') RETURNING id",
      );
      // Every kind × every narrowing, once with the events' value and once with another.
      const narrowings: {
        name: string;
        column: string;
        values: { value: string | string[]; fires: boolean | "route" }[];
      }[] = [
        {
          name: "team",
          column: "route",
          values: ["dev", "data", "ops"].map((team) => ({ value: team, fires: "route" as const })),
        },
        {
          name: "article",
          column: "article_id",
          values: [
            { value: "unresolved-reference", fires: true },
            { value: "descriptor-not-found", fires: false },
          ],
        },
        {
          name: "resource",
          column: "resource",
          values: [
            { value: "sections", fires: true },
            { value: "students", fires: false },
          ],
        },
        {
          name: "client",
          column: "client",
          values: [
            { value: "SIS", fires: true },
            { value: "Other Vendor", fires: false },
          ],
        },
        {
          name: "district",
          column: "leas",
          values: [
            { value: ["255901"], fires: true },
            { value: ["477102"], fires: false },
          ],
        },
      ];
      const kinds = [
        { kind: "new", perDistrict: false },
        { kind: "new", perDistrict: true },
        { kind: "regressed", perDistrict: false },
        { kind: "spiking", perDistrict: false },
        { kind: "volume", perDistrict: false },
      ];
      const rules: { id: number; label: string; fires: boolean | "route"; value: string | string[] }[] = [];
      for (const k of kinds) {
        for (const n of narrowings) {
          for (const v of n.values) {
            const label = `${k.kind}${k.perDistrict ? " in a district" : ""} by ${n.name} = ${String(v.value)}`;
            const [{ id }] = await sql<{ id: number }>(
              t.db,
              `INSERT INTO alert_rule (name, kind, per_district, ${n.column}, factor, min_events, channel_ids)
             VALUES ($1, $2::"AlertKind", $3, $4${n.column === "route" ? '::"Team"' : ""}, 3, 50, ARRAY[$5::int]) RETURNING id`,
              [label, k.kind, k.perDistrict, v.value, channel],
            );
            rules.push({ id, label, fires: v.fires, value: v.value });
          }
        }
      }
      const now = Date.now();
      const problemId = (
        await ingestEvents(
          t.db,
          Array.from({ length: 200 }, (_, i) => conflict("255901", "sections", now - i * 1_000)),
          { apiKeyId: null },
        )
      ).events[0].problemId;
      await sql(t.db, "UPDATE problem SET triage_status = 'resolved' WHERE id = $1", [problemId]);
      await ingestEvents(t.db, [conflict("255901", "sections", now)], { apiKeyId: null });
      await createAlertWorker(t.db, { now: () => new Date(now + 1_000) }).evaluate();

      const [{ route }] = await sql<{ route: string }>(t.db, "SELECT route::text FROM problem WHERE id = $1", [
        problemId,
      ]);
      const fired = new Set(
        (await sql<{ rule_id: number }>(t.db, "SELECT DISTINCT rule_id FROM alert_outbox")).map((r) => r.rule_id),
      );
      const expected = rules
        .filter((r) => (r.fires === "route" ? r.value === route : r.fires))
        .map((r) => r.label)
        .sort();
      expect(
        rules
          .filter((r) => fired.has(r.id))
          .map((r) => r.label)
          .sort(),
      ).toEqual(expected);
      expect(expected).toHaveLength(5 * 5);
    },
  );

  it("a receiver failing three times gets the alert on the fourth try, every attempt recorded", async () => {
    const receiver = await startReceiver((n) => (n <= 3 ? 500 : 200));
    closers.push(receiver.close);
    const [{ id: channel }] = await sql<{ id: number }>(
      t.db,
      "INSERT INTO alert_channel (name, kind, target) VALUES ('hook', 'webhook', $1) RETURNING id",
      [receiver.url],
    );
    const [{ id: rule }] = await sql<{ id: number }>(
      t.db,
      "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int]) RETURNING id",
      [channel],
    );
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
      t.db,
      "SELECT ok, response_code, error FROM alert_attempt WHERE rule_id = $1 ORDER BY id",
      [rule],
    );
    expect(attempts).toEqual([
      ...Array.from({ length: 3 }, () => ({ ok: false, response_code: 500, error: "HTTP 500" })),
      { ok: true, response_code: 200, error: null },
    ]);
  });

  it("e-mails a district admin's channel nothing of another district, over every line of the message", async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    const [{ id: channel }] = await sql<{ id: number }>(
      t.db,
      "INSERT INTO alert_channel (name, kind, target, leas) VALUES ('district A', 'email', 'admin-a@example.org', ARRAY['255901']) RETURNING id",
    );
    await sql(t.db, "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int])", [
      channel,
    ]);
    const worker = createAlertWorker(t.db, { mailer: smtp.transport });
    const now = Date.now();
    await ingestEvents(
      t.db,
      [
        ...Array.from({ length: 3 }, (_, i) => conflict("255901", "grades", now - i)),
        ...Array.from({ length: 7 }, (_, i) => conflict("477102", "grades", now - i)),
      ],
      { apiKeyId: null },
    );
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

  it("sends nothing twice when slow sends outlive the later rows' lease and another worker takes them", async () => {
    // Worker A takes 5 rows under one lease. Its 2nd and 3rd sends are slow (0.6 of a lease each):
    // rows 4 and 5 are no longer leased when their turn comes, worker B has taken and sent them,
    // and A must not send them again. (Each row's lease is renewed just before its send.)
    let clock = Date.now();
    let calls = 0;
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const [{ id: channel }] = await sql<{ id: number }>(
      t.db,
      "INSERT INTO alert_channel (name, kind, target) VALUES ('hook', 'webhook', $1) RETURNING id",
      [receiver.url],
    );
    await sql(t.db, "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int])", [
      channel,
    ]);
    for (const r of ["students", "staffs", "sections", "grades", "courses"])
      await ingestEvents(t.db, [conflict("255901", r, clock)], { apiKeyId: null });
    clock = Date.now(); // the rows are due from when they were written
    const b = createAlertWorker(t.db, { id: "B", now: () => new Date(clock), log: () => {} });
    let bRound: DeliveryRound | null = null;
    const slowFetch: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 2 || calls === 3) clock += LEASE_MS * 0.6;
      if (calls === 3) bRound = await b.deliverDue();
      return fetch(input, init);
    };
    const a = createAlertWorker(t.db, { id: "A", now: () => new Date(clock), fetch: slowFetch, log: () => {} });
    expect(await a.deliverDue()).toEqual({ sent: 3, failed: 0 });
    expect(bRound).toEqual({ sent: 2, failed: 0 });
    expect(receiver.received).toHaveLength(5);
    expect((await sql<{ n: number }>(t.db, "SELECT count(*)::int AS n FROM alert_attempt"))[0].n).toBe(5);
    expect(
      (await sql<{ n: number }>(t.db, "SELECT count(*)::int AS n FROM alert_outbox WHERE status = 'sent'"))[0].n,
    ).toBe(5);
  });

  it("a stopped process resumes its outbox after a restart", async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const dir = kind === "pglite" ? mkdtempSync(join(tmpdir(), "triage-alerts-")) : null;
    const open = async () => {
      const db =
        kind === "pglite"
          ? await openDatabase({ kind: "pglite", dataDir: dir! })
          : await openDatabase({ kind: "postgres", url: t.url! });
      await migrate(db);
      return db;
    };
    let db = await open();
    await teamWebhooks(db, receiver.url);
    await ingestEvents(db, [conflict("255901", "staffs", Date.now())], { apiKeyId: null });
    expect(
      (await sql<{ n: number }>(db, "SELECT count(*)::int AS n FROM alert_outbox WHERE status = 'pending'"))[0].n,
    ).toBe(1);
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

  it.runIf(kind === "postgres")(
    "two server processes on one PostgreSQL deliver each alert once",
    { timeout: 180_000 },
    async () => {
      // The receiver holds the first request until a second one is in flight: a worker sends one at a
      // time, so two requests at once come from the two processes (both took part).
      let releaseFirst: () => void = () => {};
      const bothSending = new Promise<void>((resolve) => (releaseFirst = resolve));
      let inFlight = 0;
      const receiver = await startReceiver(
        () => 200,
        async () => {
          if (++inFlight === 2) releaseFirst();
          await Promise.race([bothSending, new Promise((r) => setTimeout(r, 5_000).unref())]);
        },
      );
      closers.push(receiver.close);
      const [{ id: channel }] = await sql<{ id: number }>(
        t.db,
        "INSERT INTO alert_channel (name, kind, target, secret) VALUES ('hook', 'webhook', $1, $2) RETURNING id",
        [receiver.url, SECRET],
      );
      await sql(t.db, "INSERT INTO alert_rule (name, kind, channel_ids) VALUES ('New', 'new', ARRAY[$1::int])", [
        channel,
      ]);
      const one = await startAlertPeer(t.url!, "one");
      closers.push(() => one.close());
      const two = await startAlertPeer(t.url!, "two");
      closers.push(() => two.close());
      const events = Array.from({ length: 60 }, (_, i) => conflict("255901", `resource${i}`, Date.now()));
      await ingestEvents(t.db, events, { apiKeyId: null });
      const at = Date.now();
      const rounds = await Promise.all([
        one.request<DeliveryRound>("deliver", { at }),
        two.request<DeliveryRound>("deliver", { at }),
      ]);
      expect(rounds.map((r) => r.failed)).toEqual([0, 0]);
      expect(rounds[0].sent + rounds[1].sent).toBe(60);
      expect(rounds[0].sent).toBeGreaterThan(0);
      expect(rounds[1].sent).toBeGreaterThan(0);
      const ids = receiver.received.map((r) => (JSON.parse(r.body) as { problem: { id: string } }).problem.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      for (const r of receiver.received)
        expect(
          verifySignature(SECRET, String(r.headers["x-triage-signature"]), r.body, Math.floor(Date.now() / 1000)),
        ).toBe(true);
      expect(await sql(t.db, "SELECT status, count(*)::int AS n FROM alert_outbox GROUP BY 1")).toEqual([
        { status: "sent", n: 60 },
      ]);
      // Nothing left for a later round of either process.
      expect(
        await Promise.all([
          one.request<DeliveryRound>("deliver", { at: at + LEASE_MS * 2 }),
          two.request<DeliveryRound>("deliver", { at: at + LEASE_MS * 2 }),
        ]),
      ).toEqual([
        { sent: 0, failed: 0 },
        { sent: 0, failed: 0 },
      ]);
      expect(receiver.received).toHaveLength(60);
    },
  );

  it.runIf(kind === "postgres")(
    "a server process killed while delivering: its alert goes out once, after its lease, from the restarted process",
    { timeout: 180_000 },
    async () => {
      const receiver = await startReceiver();
      closers.push(receiver.close);
      await teamWebhooks(t.db, receiver.url);
      const doomed = await startAlertPeer(t.url!, "doomed");
      closers.push(() => doomed.kill());
      await ingestEvents(t.db, [conflict("255901", "staffs", Date.now())], { apiKeyId: null });
      expect(await doomed.request("hang in delivery")).toBe("inside");
      await doomed.kill(); // SIGKILL mid-delivery: no clean-up, the row stays leased
      const leased = await sql<{ status: string; leased_by: string; attempts: number }>(
        t.db,
        "SELECT status, leased_by, attempts FROM alert_outbox",
      );
      expect(leased).toEqual([{ status: "pending", leased_by: "doomed", attempts: 1 }]);
      expect(receiver.received).toHaveLength(0);

      const restarted = await startAlertPeer(t.url!, "restarted");
      closers.push(() => restarted.close());
      const now = Date.now();
      expect(await restarted.request("deliver", { at: now })).toEqual({ sent: 0, failed: 0 }); // still leased by the killed process
      expect(await restarted.request("deliver", { at: now + LEASE_MS + 1_000 })).toEqual({ sent: 1, failed: 0 });
      expect(await restarted.request("deliver", { at: now + 2 * LEASE_MS })).toEqual({ sent: 0, failed: 0 });
      expect(receiver.received).toHaveLength(1);
      expect(await sql(t.db, "SELECT status, attempts FROM alert_outbox")).toEqual([{ status: "sent", attempts: 2 }]);
    },
  );
});
