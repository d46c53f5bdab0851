// The client → district map on PGlite and PostgreSQL: events without a district take their
// client's one district at ingest; re-mapping moves the client's mapped events, and after every
// step each rollup (problem counters, daily rollup, folded and pending trend counts, message
// counts) equals the raw events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/ingest/ingest";
import { listClients, mapClient } from "@/lib/clients/store";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { random } from "../support/random";
import { expectRollupsEqualRaw } from "../support/rollups";

const DV = "urn:ed-fi:api:bad-request:data-validation-failed";

function events(n: number, client: string, lea: string | undefined, seed: number) {
  const rng = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    eventId: `${client}-${lea ?? "none"}-${seed}-${i}`,
    occurredAt: new Date(Date.UTC(2026, 10, 20) + Math.floor(rng() * 5 * 86_400_000)).toISOString(),
    status: rng() < 0.5 ? 400 : 409,
    url: `https://h/data/v3/ed-fi/${rng() < 0.5 ? "students" : "grades"}`,
    client,
    ...(lea ? { lea } : {}),
    body:
      rng() < 0.5
        ? {
            type: DV,
            detail: "Data validation failed.",
            validationErrors: { "$.sexDescriptor": [`SexDescriptor value 'x${i % 3}' does not exist.`] },
          }
        : {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            detail: "The referenced 'Session' item does not exist.",
          },
  }));
}

describe.each(dbKinds())("client → district map on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.drop();
  });
  const leaOf = async (client: string) =>
    (
      await t.db.prisma.$queryRawUnsafe<{ lea: string | null; mapped: boolean; n: bigint }[]>(
        `SELECT lea, lea_mapped AS mapped, count(*) AS n FROM error_event WHERE client = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
        client,
      )
    ).map((r) => ({ lea: r.lea, mapped: r.mapped, n: Number(r.n) }));

  it("gives events without a district their client's district, and moves them with every rollup when the map changes", async () => {
    await ingestEvents(
      t.db,
      [...events(60, "43", undefined, 1), ...events(20, "43", "4801234", 2), ...events(30, "7", undefined, 3)],
      { apiKeyId: null },
    );
    await t.db.procedure("foldPending"); // some counts folded, the later ones pending
    await expectRollupsEqualRaw(t);

    expect(await mapClient(t.db, "43", ["255901"])).toEqual({ moved: 60 });
    expect(await leaOf("43")).toEqual([
      { lea: "255901", mapped: true, n: 60 },
      { lea: "4801234", mapped: false, n: 20 },
    ]);
    await expectRollupsEqualRaw(t);

    // New events of the client take the district (this process's cache was cleared by the change).
    await ingestEvents(t.db, events(10, "43", undefined, 4), { apiKeyId: null });
    expect(await leaOf("43")).toEqual([
      { lea: "255901", mapped: true, n: 70 },
      { lea: "4801234", mapped: false, n: 20 },
    ]);

    expect(await mapClient(t.db, "43", ["4802567"])).toEqual({ moved: 70 });
    await t.db.procedure("foldPending");
    await expectRollupsEqualRaw(t);

    // Several districts: the map cannot choose one, the mapped events lose theirs.
    expect(await mapClient(t.db, "43", ["255901", "4802567"])).toEqual({ moved: 70 });
    expect(await leaOf("43")).toEqual([
      { lea: "4801234", mapped: false, n: 20 },
      { lea: null, mapped: false, n: 70 },
    ]);
    await expectRollupsEqualRaw(t);

    expect(await mapClient(t.db, "43", [])).toEqual({ moved: 0 });
    expect(await leaOf("7")).toEqual([{ lea: null, mapped: false, n: 30 }]);
    await t.db.procedure("foldPending");
    await expectRollupsEqualRaw(t);

    const clients = await listClients(t.db);
    expect(clients.find((c) => c.client === "43")).toEqual({ client: "43", leas: [], events: 90, withoutDistrict: 70 });
    // Counted from the rollups: events not yet folded count at once.
    await ingestEvents(t.db, [...events(5, "43", undefined, 99), ...events(2, "new client", "255901", 98)], {
      apiKeyId: null,
    });
    const now = await listClients(t.db);
    expect(now.find((c) => c.client === "43")).toEqual({ client: "43", leas: [], events: 95, withoutDistrict: 75 });
    expect(now.find((c) => c.client === "new client")).toEqual({
      client: "new client",
      leas: [],
      events: 2,
      withoutDistrict: 0,
    });
  });

  it("folds every pending count of the problems it moves first, however many problems are pending (no row left at zero)", async () => {
    // More problems pending than one fold takes (2,000): one event each, a resource of its own.
    const at = new Date(Date.UTC(2026, 10, 22, 9)).toISOString();
    const many = Array.from({ length: 2_100 }, (_, i) => ({
      eventId: `mapper-${i}`,
      occurredAt: at,
      status: 403,
      url: `https://h/data/v3/ed-fi/resource${i}`,
      client: "Mapper",
      body: { type: "urn:ed-fi:api:security:authorization", detail: "Access to the resource could not be authorized." },
    }));
    for (let k = 0; k < many.length; k += 700) await ingestEvents(t.db, many.slice(k, k + 700), { apiKeyId: null });
    const [pending] = await t.db.prisma.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(DISTINCT problem_id)::int AS n FROM share_pending",
    );
    expect(pending.n).toBeGreaterThan(2_000);
    expect(await mapClient(t.db, "Mapper", ["4801234"])).toEqual({ moved: 2_100 });
    const [zero] = await t.db.prisma.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM problem_daily_count WHERE count <= 0",
    );
    expect(zero.n).toBe(0);
    await expectRollupsEqualRaw(t);
  });
});
