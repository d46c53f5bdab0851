// The ledger under random interleavings (fast-check): ingest (duplicates, several keys, partial
// events and the records that complete them), client re-maps, triage re-routes and status
// changes, routing-rule changes and folds — on PostgreSQL also from a second server process at the
// same time (tests/support/ledger-peer.ts: its own pool, pending-batch memory and folds), and that
// process killed with SIGKILL in the middle of a fold, then restarted. After every step
// `rollups verify` (lib/ledger/verify.ts) finds no difference between any derived table and the
// raw events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startLedgerPeer, type LedgerPeer } from "../support/ledger-peer-process";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { mapClient } from "@/lib/clients/store";
import { changeProblems } from "@/lib/triage/problem-triage";
import { createRoutingRule, deleteRoutingRule } from "@/lib/triage/routing-rules";
import { foldPending, foldedEvents } from "@/lib/ledger/fold";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";

const NOW = Date.UTC(2026, 10, 20, 12);
const LEAS = ["255901", "4801234"];
const CLIENTS = ["43", "7"];
const DV = "urn:ed-fi:api:bad-request:data-validation-failed";
const BODIES: ((v: number) => unknown)[] = [
  (v) => ({
    type: DV,
    detail: "Data validation failed.",
    validationErrors: { "$.sexDescriptor": [`SexDescriptor value 'x${v}' does not exist.`] },
  }),
  () => ({
    type: "urn:ed-fi:api:data-conflict:unresolved-reference",
    detail: "The referenced 'Session' item does not exist.",
  }),
  () => ({
    message: "Authorization denied. The claim does not have any established relationships with the requested resource.",
  }),
];

const eventArb = fc.record({
  id: fc.integer({ min: 0, max: 40 }), // a small pool: repeats are duplicates
  keyed: fc.boolean(),
  body: fc.integer({ min: 0, max: BODIES.length - 1 }),
  value: fc.integer({ min: 0, max: 2 }),
  lea: fc.integer({ min: 0, max: LEAS.length }), // LEAS.length: none
  client: fc.integer({ min: 0, max: CLIENTS.length }),
  minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  resource: fc.constantFrom("students", "grades"),
  partial: fc.boolean(), // a log record without its body, completed by a later record
  correlation: fc.integer({ min: 0, max: 8 }),
});
type EventSpec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function toEvent(e: EventSpec): IngestEvent {
  const base: IngestEvent = {
    ...(e.keyed ? { eventId: `ev-${e.id}${e.partial ? "-log" : ""}` } : {}),
    occurredAt: new Date(NOW - e.minutes * 60_000).toISOString(),
    method: "POST",
    url: `https://h/data/v3/ed-fi/${e.resource}`,
    status: e.body === 2 ? 403 : 400,
    correlationId: `corr-${e.correlation}`,
    ...(e.lea < LEAS.length ? { lea: LEAS[e.lea] } : {}),
    ...(e.client < CLIENTS.length ? { client: CLIENTS[e.client] } : {}),
  };
  return e.partial
    ? { ...base, log: { format: "edfi-log4net", level: "ERROR", message: "Validation failed", statusFrom: "log" } }
    : { ...base, body: BODIES[e.body](e.value) };
}

const stepArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("ingest" as const),
      key: fc.integer({ min: 0, max: 2 }),
      events: fc.array(eventArb, { minLength: 1, maxLength: 12 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fold" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("remap" as const),
      client: fc.constantFrom(...CLIENTS),
      leas: fc.subarray(LEAS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("triage" as const),
      pick: fc.nat(),
      team: fc.constantFrom("dev", "ops", "data", null),
      status: fc.constantFrom("open", "resolved", undefined),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rule" as const),
      client: fc.constantFrom(...CLIENTS),
      team: fc.constantFrom("dev", "ops", "data"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unrule" as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("concurrent" as const),
      events: fc.array(eventArb, { minLength: 1, maxLength: 12 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("two processes ingest" as const),
      key: fc.integer({ min: 0, max: 2 }),
      here: fc.array(eventArb, { minLength: 1, maxLength: 12 }),
      there: fc.array(eventArb, { minLength: 1, maxLength: 12 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("killed fold" as const) }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

describe.each(dbKinds())("the ledger under random interleavings on %s", (kind) => {
  let t: TestDatabase;
  let peer: LedgerPeer | undefined; // PostgreSQL: another server process on the same database
  let actor = 0;
  const seen = { steps: 0, enriched: 0, duplicates: 0, moved: 0, rerouted: 0, folded: 0, otherProcess: 0, killed: 0 };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    if (t.url) peer = await startLedgerPeer(t.url);
    actor = (
      await t.db.prisma.user.create({
        data: { email: "triager@ledger.test", name: "T", role: "triager", passwordHash: "x" },
      })
    ).id;
  });
  afterAll(async () => {
    await peer?.close();
    await t?.drop();
  });

  async function run(step: Step): Promise<void> {
    const db = t.db;
    switch (step.kind) {
      case "ingest": {
        const r = await ingestEvents(db, step.events.map(toEvent), { apiKeyId: step.key });
        seen.enriched += r.enriched;
        seen.duplicates += r.duplicates;
        return;
      }
      case "fold":
        seen.folded += Math.max(0, foldedEvents(await db.procedure("foldPending")));
        return;
      case "remap":
        seen.moved += (await mapClient(db, step.client, step.leas)).moved;
        return;
      case "triage": {
        const ids = (await db.prisma.$queryRawUnsafe<{ id: string }[]>("SELECT id::text FROM problem ORDER BY id")).map(
          (r) => r.id,
        );
        if (!ids.length) return;
        const chosen = [ids[step.pick % ids.length], ids[(step.pick + 1) % ids.length]];
        await changeProblems(db, actor, chosen, {
          team: step.team as never,
          ...(step.status ? { status: step.status } : {}),
        });
        return;
      }
      case "rule":
        seen.rerouted += (
          await createRoutingRule(db, {
            articleId: null,
            resource: null,
            client: step.client,
            lea: null,
            team: step.team,
            priority: 10,
            note: null,
          })
        ).reapplied;
        return;
      case "unrule": {
        const rule = await db.prisma.routingRule.findFirst({ orderBy: { id: "asc" } });
        if (rule) await deleteRoutingRule(db, rule.id);
        return;
      }
      case "concurrent": {
        // Two processes at once: one ingests and folds, the other folds and re-maps (PostgreSQL); PGlite runs them one after the other.
        const leas = [LEAS[step.events.length % 2]];
        await Promise.all([
          ingestEvents(db, step.events.map(toEvent), { apiKeyId: 1 }).then(() => db.procedure("foldPending")),
          peer
            ? peer.request("fold").then(() => peer!.request("remap", { client: CLIENTS[0], leas }))
            : db.procedure("foldPending").then(() => mapClient(db, CLIENTS[0], leas)),
        ]);
        return;
      }
      case "two processes ingest": {
        // The same key from both processes at once (retries of one shipper land on either), then each folds.
        const here = ingestEvents(db, step.here.map(toEvent), { apiKeyId: step.key }).then(() =>
          db.procedure("foldPending"),
        );
        const there = peer
          ? peer
              .request<number>("ingest", { events: step.there.map(toEvent), key: step.key })
              .then((n) => ((seen.otherProcess += n), peer!.request("fold")))
          : here.then(() => ingestEvents(db, step.there.map(toEvent), { apiKeyId: step.key }));
        await Promise.all([here, there]);
        return;
      }
      case "killed fold": {
        if (!t.url) {
          // PGlite: the one process; a fold that throws before its commit rolls back whole.
          await db
            .transaction(async (tx) => {
              await foldPending(tx);
              throw new Error("killed");
            })
            .catch((e: Error) => expect(e.message).toBe("killed"));
          return;
        }
        // The other process is inside a fold (locks held, pending rows deleted, rollups written)
        // when it is killed: the server rolls its transaction back; a new process takes its place.
        expect(await peer!.request("hang in fold")).toBe("inside");
        await peer!.kill();
        seen.killed++;
        peer = await startLedgerPeer(t.url);
        return;
      }
    }
  }

  it("keeps every derived table equal to the raw events after every step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 12 }), async (steps) => {
        for (const step of steps) {
          seen.steps++;
          await run(step);
          expect((await verifyRollups(t.db)).map(formatDifference), JSON.stringify(step)).toEqual([]);
        }
      }),
      {
        numRuns: Number(process.env.LEDGER_PROPERTY_RUNS ?? 10),
        seed: Number(process.env.LEDGER_PROPERTY_SEED ?? 20261204),
      },
    );
    console.info(`${kind}: ${JSON.stringify(seen)}`);
    // The interleavings did exercise every kind of move.
    expect(seen.enriched, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(seen.duplicates).toBeGreaterThan(0);
    expect(seen.moved).toBeGreaterThan(0);
    expect(seen.rerouted).toBeGreaterThan(0);
    expect(seen.folded).toBeGreaterThan(0);
    if (kind === "postgres") expect([seen.otherProcess > 0, seen.killed > 0]).toEqual([true, true]);
  }, 300_000);
});
