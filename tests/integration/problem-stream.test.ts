// The dashboard's problem list against an oracle: random events in several districts, clients,
// resources and days; every filter, facet count, sort and group is compared with a count of the
// events that were ingested (never with numbers written into the test).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope, type Scope } from "@/lib/auth/scope";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import {
  groupProblemStream,
  listProblemStream,
  problemFacets,
  problemIdsMatching,
  type FacetName,
} from "@/lib/queries/problem-stream";
import { loadProblemSearch, type ProblemSearch } from "@/lib/search-params/problems";
import { changeRoutes, createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { random } from "../support/random";
import { addDays, localDateOf, localMidnight } from "@/lib/trends/periods";

/** "": events sent without an LEA, counted in every figure but in no district. */
const LEAS = ["255901", "4801234", "1000001", ""];
const CLIENTS = ["SIS Vendor", "Assessment Co", ""];
const RESOURCES = ["students", "sections", "grades"];
const BODIES = [
  (r: string) => ({
    status: 409,
    url: `https://h/data/v3/ed-fi/${r}`,
    body: {
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      detail: "The referenced 'Session' item does not exist.",
    },
  }),
  (r: string) => ({
    status: 400,
    url: `https://h/data/v3/ed-fi/${r}`,
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "Data validation failed.",
      validationErrors: { "$.beginDate": ["beginDate is required."] },
    },
  }),
  (r: string) => ({
    status: 403,
    url: `https://h/data/v3/ed-fi/${r}`,
    body: { type: "urn:ed-fi:api:security:authorization", detail: "Access to the resource could not be authorized." },
  }),
];

interface Stored {
  problemId: string;
  lea: string;
  client: string;
  day: number;
  /** occurredAt, epoch ms */
  at: number;
  /** What was sent. */
  input: IngestEvent;
}

describe.each(dbKinds())("problem stream on %s", (kind) => {
  let t: TestDatabase;
  const stored: Stored[] = [];
  const problems = new Map<
    string,
    { article: string; resource: string; type: string; route: string; status: string }
  >();
  const search = (query: string): ProblemSearch => loadProblemSearch(query);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const next = random(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const events = Array.from({ length: 400 }, () => {
      const day = Math.floor(next() * 40); // some outside the default 30 days
      const resource = pick(RESOURCES);
      const lea = pick(LEAS);
      const client = pick(CLIENTS);
      const at = new Date(Date.now() - day * 86_400_000);
      return {
        day,
        lea,
        client,
        event: {
          ...pick(BODIES)(resource),
          lea: lea || undefined,
          client: client || undefined,
          occurredAt: at.toISOString(),
        },
      };
    });
    const written = await ingestEvents(
      t.db,
      events.map((e) => e.event),
      { apiKeyId: null },
    );
    written.events.forEach((w, i) =>
      stored.push({
        problemId: w.problemId,
        lea: events[i].lea,
        client: events[i].client,
        day: events[i].day,
        at: Date.parse(events[i].event.occurredAt),
        input: events[i].event,
      }),
    );
    // One problem resolved, one assigned to ops, so status and route filters have something to find.
    const ids = [...new Set(stored.map((s) => s.problemId))];
    await t.db.prisma.$executeRawUnsafe(`UPDATE problem SET triage_status = 'ignored' WHERE id = $1::bigint`, ids[0]);
    await changeRoutes(t.db, `UPDATE problem SET assigned_team = 'ops' WHERE id = $1::bigint`, [ids[1]]);
    const rows = await t.db.prisma.$queryRawUnsafe<
      { id: string; article_id: string; resource: string; canonical_type: string; route: string; status: string }[]
    >(
      `SELECT id::text, article_id, resource, canonical_type, coalesce(assigned_team, route)::text AS route, triage_status::text AS status FROM problem`,
    );
    for (const r of rows)
      problems.set(r.id, {
        article: r.article_id,
        resource: r.resource,
        type: r.canonical_type,
        route: r.route,
        status: r.status,
      });
  });
  afterAll(() => t?.drop());

  /** The oracle: events per problem for a filter, counted from what was ingested. */
  function expected(
    scope: Scope,
    f: { days?: number; lea?: string[]; client?: string[]; resource?: string[]; status?: string[]; route?: string[] },
  ) {
    const counts = new Map<string, { events: number; leas: Set<string>; last: number }>();
    for (const s of stored) {
      if (scope.kind === "leas" && !scope.leaCodes.includes(s.lea)) continue;
      if (s.day >= (f.days ?? 30)) continue;
      if (f.lea && !f.lea.includes(s.lea)) continue;
      if (f.client && !f.client.includes(s.client)) continue;
      const p = problems.get(s.problemId)!;
      if (f.resource && !f.resource.includes(p.resource)) continue;
      if (f.status && !f.status.includes(p.status)) continue;
      if (f.route && !f.route.includes(p.route)) continue;
      const c = counts.get(s.problemId) ?? { events: 0, leas: new Set(), last: 0 };
      c.events++;
      c.last = Math.max(c.last, s.at);
      if (s.lea) c.leas.add(s.lea);
      counts.set(s.problemId, c);
    }
    return counts;
  }

  async function actual(scope: Scope, query: string) {
    const page = await listProblemStream(t.db, scope, search(`${query}&size=100`));
    return { page, counts: new Map(page.rows.map((r) => [r.id, { events: r.events, districts: r.districts }])) };
  }

  it.each([
    ["", {}],
    ["range=7d", { days: 7 }],
    ["range=90d", { days: 90 }],
    ["lea=255901,1000001", { lea: ["255901", "1000001"] }],
    ["client=SIS%20Vendor", { client: ["SIS Vendor"] }],
    ["resource=grades&range=14d", { resource: ["grades"], days: 14 }],
    ["status=ignored", { status: ["ignored"] }],
    ["route=ops,data", { route: ["ops", "data"] }],
  ])("filters %s like a count of the raw events", async (query, f) => {
    for (const scope of [ALL_DISTRICTS, leaScope(["4801234"])]) {
      const want = expected(scope, f);
      const { page, counts } = await actual(scope, query);
      expect(page.total).toBe(want.size);
      expect(new Map([...counts].map(([id, c]) => [id, c.events]))).toEqual(
        new Map([...want].map(([id, c]) => [id, c.events])),
      );
      expect(new Map([...counts].map(([id, c]) => [id, c.districts]))).toEqual(
        new Map([...want].map(([id, c]) => [id, c.leas.size])),
      );
      for (const row of page.rows) expect(row.trend.reduce((a, b) => a + b, 0)).toBe(row.events);
    }
  });

  it("sorts by the allowed keys and pages through the whole result", async () => {
    const byEvents = (await actual(ALL_DISTRICTS, "sort=events.asc")).page.rows.map((r) => r.events);
    expect(byEvents).toEqual([...byEvents].sort((a, b) => a - b));
    const lastSeen = (await actual(ALL_DISTRICTS, "sort=lastSeen.desc")).page.rows.map((r) => r.lastSeenAt);
    expect(lastSeen).toEqual([...lastSeen].sort().reverse());
    // An unknown sort key falls back to the default instead of reaching SQL.
    expect(
      (await listProblemStream(t.db, ALL_DISTRICTS, search("sort=id;drop table problem"))).rows.length,
    ).toBeGreaterThan(0);
    const all = (await actual(ALL_DISTRICTS, "")).page;
    const paged: string[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 25); page++)
      paged.push(
        ...(await listProblemStream(t.db, ALL_DISTRICTS, search(`size=25&page=${page}`))).rows.map((r) => r.id),
      );
    expect(paged.sort()).toEqual(all.rows.map((r) => r.id).sort());
  });

  it("counts facets over the whole result, each leaving its own filter out", async () => {
    const facets = await problemFacets(t.db, ALL_DISTRICTS, search("lea=255901&resource=grades"));
    const count = (f: Parameters<typeof expected>[1]) => expected(ALL_DISTRICTS, f).size;
    const option = (name: FacetName, value: string) => facets[name].find((o) => o.value === value)?.count ?? 0;
    for (const lea of LEAS.filter(Boolean))
      expect(option("lea", lea)).toBe(count({ lea: [lea], resource: ["grades"] }));
    for (const resource of RESOURCES)
      expect(option("resource", resource)).toBe(count({ lea: ["255901"], resource: [resource] }));
    for (const client of CLIENTS.filter(Boolean))
      expect(option("client", client)).toBe(count({ lea: ["255901"], resource: ["grades"], client: [client] }));
    expect(facets.status.reduce((n, o) => n + o.count, 0)).toBe(count({ lea: ["255901"], resource: ["grades"] }));
    expect(facets.article.every((o) => o.label && o.label !== o.value)).toBe(true);
    // A district admin's facets know nothing of other districts.
    const district = await problemFacets(t.db, leaScope(["4801234"]), search(""));
    expect(district.lea.map((o) => o.value)).toEqual(["4801234"]);
  });

  it("groups by resource and selects every id of a filter", async () => {
    const groups = await groupProblemStream(t.db, ALL_DISTRICTS, search(""), "resource");
    for (const g of groups) {
      const want = expected(ALL_DISTRICTS, { resource: [g.key] });
      expect(g.problems).toBe(want.size);
      expect(g.events).toBe([...want.values()].reduce((n, c) => n + c.events, 0));
      expect(g.districts).toBe(new Set([...want.values()].flatMap((c) => [...c.leas])).size);
      expect(g.lastSeenAt).toBe(new Date(Math.max(...[...want.values()].map((c) => c.last))).toISOString());
    }
    // With filters on the problems: each group's problems, events and districts are the filtered ones.
    const filters: [string, { route?: string[]; status?: string[]; lea?: string[] }][] = [
      ["route=dev,data", { route: ["dev", "data"] }],
      ["status=open&lea=255901,1000001", { status: ["open"], lea: ["255901", "1000001"] }],
    ];
    for (const [query, f] of filters) {
      const filtered = await groupProblemStream(t.db, ALL_DISTRICTS, search(query), "resource");
      expect(filtered.length, query).toBeGreaterThan(0);
      for (const g of filtered) {
        const want = expected(ALL_DISTRICTS, { ...f, resource: [g.key] });
        expect([g.problems, g.events], `${query} ${g.key}`).toEqual([
          want.size,
          [...want.values()].reduce((n, c) => n + c.events, 0),
        ]);
      }
    }
    const ids = await problemIdsMatching(t.db, leaScope(["4801234"]), search("resource=sections"), 10_000);
    expect(ids.sort()).toEqual([...expected(leaScope(["4801234"]), { resource: ["sections"] }).keys()].sort());
  });

  // Last: it folds the pending counts and adds events (to `stored`, so the oracle stays true).
  it("shows each row's first and last seen over all time inside the scope and the district and client filters, pending or folded", async () => {
    /** First and last seen of a problem in the oracle: every stored event, whatever its day. */
    function seen(scope: Scope, problemId: string, f: { lea?: string[]; client?: string[] }) {
      const at = stored
        .filter((s) => s.problemId === problemId)
        .filter((s) => scope.kind === "all" || scope.leaCodes.includes(s.lea))
        .filter((s) => (!f.lea || f.lea.includes(s.lea)) && (!f.client || f.client.includes(s.client)))
        .map((s) => s.at);
      return { first: new Date(Math.min(...at)).toISOString(), last: new Date(Math.max(...at)).toISOString() };
    }
    const cases: [string, { lea?: string[]; client?: string[] }][] = [
      ["", {}],
      ["range=7d&sort=firstSeen.asc", {}],
      ["lea=255901,4801234&sort=lastSeen.desc", { lea: ["255901", "4801234"] }],
      ["client=SIS%20Vendor&range=14d", { client: ["SIS Vendor"] }],
    ];
    const check = async () => {
      for (const scope of [ALL_DISTRICTS, leaScope(["4801234"])])
        for (const [query, f] of cases) {
          const { rows } = (await actual(scope, query)).page;
          expect(rows.length).toBeGreaterThan(0);
          for (const row of rows)
            expect({ first: row.firstSeenAt, last: row.lastSeenAt }, `${query} ${row.id}`).toEqual(
              seen(scope, row.id, f),
            );
        }
    };
    await check(); // every count pending
    await t.db.procedure("foldPending");
    await check(); // every count folded
    // Folded and pending rows of one problem: an event before its first and one after its last.
    const target = stored.find((s) => s.lea === "4801234" && s.client === "SIS Vendor" && s.day < 7)!;
    const times = [Date.now() - 39.5 * 86_400_000, Date.now()]; // before every stored event, after every one
    const written = await ingestEvents(
      t.db,
      times.map((at) => ({ ...target.input, occurredAt: new Date(at).toISOString() })),
      { apiKeyId: null },
    );
    expect(written.events.map((w) => w.problemId)).toEqual([target.problemId, target.problemId]);
    for (const at of times) stored.push({ ...target, day: Math.floor((Date.now() - at) / 86_400_000), at });
    await check();
  });

  // Last: it adds events (to `stored`).
  it("gives a group the last event inside a range that ends in the past, not a later one of the same day", async () => {
    const zone = "America/Chicago";
    const date = addDays(localDateOf(Date.now(), zone), -3);
    const at = (days: number, hours: number) => new Date(localMidnight(addDays(date, days), zone) + hours * 3_600_000);
    const event = (resource: string, when: Date, lea: string, client: string) => ({
      ...BODIES[0](resource),
      lea,
      client,
      occurredAt: when.toISOString(),
    });
    // Each resource a group of its own, two events: one inside the range, one an hour after its
    // end, on the UTC day the range's end cuts. calendarEvents' event inside is on that day too, in
    // another rollup row (another client); sessions' in the same row (whose last seen is then the
    // later one); calendarDates' the day before, so that the cut day holds none of its events
    // inside the range, and its later event is from a district not the group's in the range.
    const cases = [
      { resource: "calendarEvents", inside: at(0, 10), after: at(0, 17.25), lea: "255901", client: "Assessment Co" },
      { resource: "sessions", inside: at(0, 10), after: at(0, 17.25), lea: "255901", client: "SIS Vendor" },
      { resource: "calendarDates", inside: at(-1, 10), after: at(0, 17.25), lea: "4801234", client: "Assessment Co" },
    ];
    for (const c of cases) {
      const sent = [event(c.resource, c.inside, "255901", "SIS Vendor"), event(c.resource, c.after, c.lea, c.client)];
      const written = await ingestEvents(t.db, sent, { apiKeyId: null });
      for (const [i, w] of written.events.entries())
        stored.push({
          problemId: w.problemId,
          lea: sent[i].lea,
          client: sent[i].client,
          day: 3,
          at: [c.inside, c.after][i].getTime(),
          input: sent[i],
        });
    }
    const range = `range=custom&from=${addDays(date, -2)}&to=${date}T16:15`;
    for (const when of ["pending", "folded"]) {
      const groups = await groupProblemStream(t.db, ALL_DISTRICTS, search(range), "resource", { timeZone: zone });
      for (const c of cases)
        expect(
          groups.find((g) => g.key === c.resource),
          `${c.resource} ${when}`,
        ).toEqual(
          expect.objectContaining({ events: 1, problems: 1, districts: 1, lastSeenAt: c.inside.toISOString() }),
        );
      await t.db.procedure("foldPending");
    }
  });
});
