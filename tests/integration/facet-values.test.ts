// The problem list's district and client facets of every district (lib/queries/problem-sets.ts:
// the bits of each day's problems per district or client ORed over the range's whole UTC days,
// pending counts and the days a range cuts added pair by pair) against a count of the events ingested: in
// several time zones and ranges, pending and folded, and after a client re-map moved events from
// one district to another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS } from "@/lib/auth/scope";
import { mapClient } from "@/lib/clients/store";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { groupProblemStream, problemFacets, type FacetOption } from "@/lib/queries/problem-stream";
import { groupDistrictsOfKept, problemsPerValueOfKept, problemsPerValueOfPairs } from "@/lib/queries/problem-pairs";
import { groupDistrictsOfSets, problemsPerValueFromSets } from "@/lib/queries/problem-sets";
import { rangeWindow } from "@/lib/queries/time-range";
import { dayTotalsWithLastDay } from "@/lib/queries/every-district-counts";
import { streamFilters } from "@/lib/queries/problem-filters";
import { raw, sql, type Sql } from "@/lib/queries/sql-tag";
import { listRange, loadProblemSearch } from "@/lib/search-params/problems";
import { localDateOf } from "@/lib/trends/periods";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { random } from "../support/random";

const LEAS = ["255901", "4801234", "1000001"];
const CLIENTS = ["SIS Vendor", "Assessment Co", ""];
/** Sends without a district: its events take the district its map gives (re-mapped below). */
const UNMAPPED = "Roster Sync";
const RESOURCES = ["students", "sections", "grades", "sessions"];
const HOUR = 3_600_000;

interface Stored {
  problemId: string;
  lea: string;
  client: string;
  resource: string;
  at: number;
}

describe.each(dbKinds())("district and client facets on %s", (kind) => {
  let t: TestDatabase;
  const stored: Stored[] = [];
  // "Now" late in last month (UTC), with events after it too: a range ending today reads its month
  // as the month's row less the days after today (monthReadsOf), so those days hold events that
  // must be left out, on every date this test runs.
  const real = new Date();
  const now = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() - 1, 25, 15));

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    // Problem ids on both sides of 16,384: the sets hold a block of 16,384 ids per row.
    await t.db.prisma.$queryRawUnsafe("SELECT setval(pg_get_serial_sequence('problem', 'id'), 16380)");
    const next = random(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const events: (IngestEvent & { resource: string })[] = Array.from({ length: 360 }, (_, i) => {
      const resource = pick(RESOURCES);
      const unmapped = i % 6 === 0;
      // Any hour of the last 40 days: some fall in the hours a range cuts from its first and last UTC days.
      const at = new Date(now.getTime() - Math.floor(next() * 40 * 24) * HOUR - Math.floor(next() * HOUR));
      const lea = pick(LEAS);
      const client = unmapped ? UNMAPPED : pick(CLIENTS);
      return {
        resource,
        status: 409,
        url: `https://h/data/v3/ed-fi/${resource}`,
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: `The referenced '${pick(["Session", "School", "Student"])}' item does not exist.`,
        },
        ...(unmapped ? {} : { lea }),
        ...(client ? { client } : {}),
        occurredAt: at.toISOString(),
      };
    });
    // After now, up to three days (still last month): in the month's rows, outside every range but
    // what today has left.
    for (let i = 0; i < 24; i++) {
      const resource = RESOURCES[i % RESOURCES.length];
      events.push({
        resource,
        status: 409,
        url: `https://h/data/v3/ed-fi/${resource}`,
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'Course' item does not exist.",
        },
        lea: LEAS[i % LEAS.length],
        client: CLIENTS.filter(Boolean)[i % 2],
        occurredAt: new Date(now.getTime() + (i * 3 + 1) * HOUR).toISOString(), // by the 28th
      });
    }
    const written = await ingestEvents(
      t.db,
      events.map(({ resource: _, ...e }) => e),
      { apiKeyId: null },
    );
    written.events.forEach((w, i) =>
      stored.push({
        problemId: w.problemId,
        lea: events[i].lea ?? "",
        client: events[i].client ?? "",
        resource: events[i].resource,
        at: Date.parse(events[i].occurredAt!),
      }),
    );
  });
  afterAll(() => t?.drop());

  const chicagoDay = (daysAgo: number) => localDateOf(now.getTime() - daysAgo * 24 * HOUR, "America/Chicago");
  const QUERIES: [string, string][] = [
    ["range=30d", "America/Chicago"],
    ["range=7d", "Asia/Kolkata"],
    ["range=2d", "Australia/Eucla"],
    ["range=90d", "UTC"],
    [`range=custom&from=${chicagoDay(20)}T07:45&to=${chicagoDay(3)}T16:15`, "America/Chicago"],
    ["range=30d&resource=grades,sessions", "Asia/Kolkata"],
    [`range=custom&from=${chicagoDay(5)}T01:15&to=${chicagoDay(5)}T09:45`, "America/Chicago"], // no whole UTC day
  ];

  /** Problems per district and per client with events in the query's range, from what was ingested. */
  function expected(query: string, timeZone: string) {
    const search = loadProblemSearch(query);
    const { since, until } = listRange(search, timeZone, now);
    const per = { lea: new Map<string, Set<string>>(), client: new Map<string, Set<string>>() };
    for (const s of stored) {
      if (s.at < since.getTime() || s.at >= until.getTime()) continue;
      if (search.resource.length && !search.resource.includes(s.resource)) continue;
      for (const facet of ["lea", "client"] as const) {
        if (!s[facet]) continue;
        const problems = per[facet].get(s[facet]) ?? new Set<string>();
        problems.add(s.problemId);
        per[facet].set(s[facet], problems);
      }
    }
    const options = (m: Map<string, Set<string>>) =>
      [...m].map(([value, problems]) => ({ value, count: problems.size })).sort(byValue);
    return { lea: options(per.lea), client: options(per.client) };
  }
  const byValue = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
  const counts = (options: FacetOption[]) => options.map(({ value, count }) => ({ value, count })).sort(byValue);

  async function check(when: string) {
    for (const [query, timeZone] of QUERIES) {
      const facets = await problemFacets(t.db, ALL_DISTRICTS, loadProblemSearch(query), { timeZone, now });
      const want = expected(query, timeZone);
      expect(want.lea.length, `${when}: ${query} has districts to count`).toBeGreaterThan(0);
      expect(counts(facets.lea), `${when}: districts, ${query} in ${timeZone}`).toEqual(want.lea);
      expect(counts(facets.client), `${when}: clients, ${query} in ${timeZone}`).toEqual(want.client);
    }
  }

  /** Gives the unmapped client's events the district (as the re-map does to stored events). */
  function remapped(lea: string) {
    for (const s of stored) if (s.client === UNMAPPED) s.lea = lea;
  }

  it("counts each district's and client's problems, pending and folded", async () => {
    await check("pending");
    await t.db.procedure("foldPending");
    await check("folded");
  });

  it("counts them after a re-map moved events from one district to another, pending and folded", async () => {
    expect((await mapClient(t.db, UNMAPPED, [LEAS[0]])).moved).toBe(60);
    remapped(LEAS[0]);
    await check("first map");
    expect((await mapClient(t.db, UNMAPPED, [LEAS[1]])).moved).toBe(60);
    remapped(LEAS[1]);
    await check("second map");
    await t.db.procedure("foldPending");
    await check("second map folded");
  });

  it("counts from the problem sets and from chosen problems' pairs what the pairs count, with a condition on the problems and without", async () => {
    // Pending counts (not yet folded) over the same days, of the problems the bits hold and of new ones.
    const more: IngestEvent[] = Array.from({ length: 40 }, (_, i) => ({
      status: 409,
      url: `https://h/data/v3/ed-fi/${RESOURCES[i % RESOURCES.length]}`,
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: `The referenced '${i % 2 ? "Session" : "Course"}' item does not exist.`,
      },
      lea: LEAS[i % LEAS.length],
      ...(CLIENTS[i % 2] ? { client: CLIENTS[i % 2] } : {}),
      occurredAt: new Date(now.getTime() - (i * 23 + 5) * HOUR).toISOString(),
    }));
    const written = await ingestEvents(t.db, more, { apiKeyId: null });
    written.events.forEach((w, i) =>
      stored.push({
        problemId: w.problemId,
        lea: more[i].lea ?? "",
        client: more[i].client ?? "",
        resource: RESOURCES[i % RESOURCES.length],
        at: Date.parse(more[i].occurredAt!),
      }),
    );
    const [pending] = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM share_pending");
    expect(Number(pending.n)).toBeGreaterThan(0);
    const someResources = sql`coalesce(p.resource, '') = ANY(${["grades", "sessions"]}::text[])`;
    for (const [query, timeZone] of QUERIES) {
      const { since, until } = listRange(loadProblemSearch(query), timeZone, now);
      for (const facet of ["lea", "client"] as const)
        for (const problems of [null, someResources]) {
          const w = rangeWindow(since, until);
          const read = async (statement: Sql) =>
            (await t.db.prisma.$queryRaw<{ value: string; n: bigint }[]>(statement))
              .map((r) => ({ value: r.value, count: Number(r.n) }))
              .sort(byValue);
          const pairs = await read(problemsPerValueOfPairs(sql`${raw(`d.${facet}`)} <> ''`, w, facet, problems));
          const name = `${query}: ${facet}${problems ? ", two resources" : ""}`;
          expect(pairs.length, name).toBeGreaterThan(0);
          // From the sets, and from the pairs where an OR is made to cost more than every pair.
          expect(await read(problemsPerValueFromSets(w, facet, problems, 0)), name).toEqual(pairs);
          expect(await read(problemsPerValueFromSets(w, facet, problems, 1e12)), `${name}, pairs`).toEqual(pairs);
          // A few problems chosen (as "new" and "rising" keep them): their own pairs, read by problem.
          expect(await read(problemsPerValueOfKept(w, facet, problems ?? sql`TRUE`)), `${name}, kept`).toEqual(pairs);
        }
    }
  });

  it("counts each group's districts from the problem sets, with pending counts and folded", async () => {
    for (const when of ["pending", "folded"]) {
      if (when === "folded") await t.db.procedure("foldPending");
      for (const [query, timeZone] of QUERIES) {
        const search = loadProblemSearch(query);
        const { since, until } = listRange(search, timeZone, now);
        const want = new Map<string, Set<string>>();
        for (const s of stored) {
          if (s.at < since.getTime() || s.at >= until.getTime() || !s.lea) continue;
          if (search.resource.length && !search.resource.includes(s.resource)) continue;
          want.set(s.resource, (want.get(s.resource) ?? new Set()).add(s.lea));
        }
        const groups = await groupProblemStream(t.db, ALL_DISTRICTS, search, "resource", { timeZone, now });
        const found = new Map(groups.filter((g) => g.districts).map((g) => [g.key, g.districts]));
        const name = `${when}: ${query} in ${timeZone}`;
        expect(found.size, name).toBeGreaterThan(0);
        const wanted = new Map([...want].map(([resource, leas]) => [resource, leas.size]));
        expect(found, name).toEqual(wanted);
        // Each problem's events in the range and its last UTC day with events there (whose rows
        // give a group's last seen): month and day rollups, a backward probe, the cut days.
        const totals = await t.db.prisma.$queryRaw<{ problem_id: bigint; events: bigint; last_day: Date | null }[]>(
          dayTotalsWithLastDay(ALL_DISTRICTS, streamFilters(search, { timeZone, now })),
        );
        const perProblem = new Map<string, { events: number; lastDay: string }>();
        for (const s of stored.filter((s) => s.at >= since.getTime() && s.at < until.getTime())) {
          const p = perProblem.get(s.problemId) ?? { events: 0, lastDay: "" };
          const day = new Date(s.at).toISOString().slice(0, 10);
          perProblem.set(s.problemId, { events: p.events + 1, lastDay: day > p.lastDay ? day : p.lastDay });
        }
        const read = totals
          .filter((r) => r.events > 0n)
          .map(
            (r) =>
              [
                String(r.problem_id),
                { events: Number(r.events), lastDay: r.last_day?.toISOString().slice(0, 10) },
              ] as const,
          );
        expect(new Map(read), `${name}: problems' totals`).toEqual(perProblem);
        // A few chosen problems' groups (as "new" and "rising" keep them), from their own pairs.
        const resources = search.resource.length
          ? sql`coalesce(p.resource, '') = ANY(${search.resource}::text[])`
          : sql`TRUE`;
        const kept = await t.db.prisma.$queryRaw<{ key: string; districts: bigint }[]>(
          groupDistrictsOfKept(rangeWindow(since, until), raw("coalesce(p.resource, '')"), resources),
        );
        expect(new Map(kept.map((k) => [k.key, Number(k.districts)])), `${name}, kept`).toEqual(wanted);
        // Counted from the pairs (an OR made to cost more than every pair) and from the sets (nothing).
        for (const rowCost of [1e12, 0]) {
          const districts = await groupDistrictsOfSets(
            t.db,
            rangeWindow(since, until),
            raw("coalesce(p.resource, '')"),
            resources,
            rowCost,
          );
          expect(districts, `${name}, ${rowCost}`).toEqual(wanted);
        }
      }
    }
  });

  it("refuses a pending count that is not above zero (what the facets rely on)", async () => {
    const [row] = await t.db.prisma.$queryRawUnsafe<{ problem_id: string }[]>(
      "SELECT problem_id::text FROM problem_daily_count LIMIT 1",
    );
    await expect(
      t.db.prisma.$executeRawUnsafe(
        `INSERT INTO share_pending (problem_id, day, lea, client, status, quarter, events, first_seen_at, last_seen_at)
         VALUES ($1::bigint, current_date, '255901', '', 409, 0, -1, now(), now())`,
        row.problem_id,
      ),
    ).rejects.toThrow(/share_pending_events_positive/);
  });
});
