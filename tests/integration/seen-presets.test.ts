// The list's "New" and "Rising" presets against the raw events: in zones whose days start inside
// UTC days, for presets and custom ranges (of days, and of hours) across a month's start, of every
// district, inside districts and with district and client filters, with events a minute and a
// quarter-hour either side of each range's start and of the period before's, events of no
// district, folded and pending. The list's rows and totals, its district facet, its groups and
// its CSV export keep exactly the problems the raw events call new (no event inside the scope
// before the range) or rising (seen before it, more events in the range than in the period
// before, inside the filters).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope, type Scope } from "@/lib/auth/scope";
import { exportProblemsCsv } from "@/lib/api/export";
import { ingestEvents } from "@/lib/ingest/ingest";
import { csvRecords } from "@/lib/logs/csv";
import { groupProblemStream, listProblemStream, problemFacets, streamFilters } from "@/lib/queries/problem-stream";
import { loadProblemSearch } from "@/lib/search-params/problems";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { random } from "../support/random";

const [A, B, C] = ["255901", "4801234", "3700001"];
const CLIENTS = ["Gradebook", "Roster Sync", "SIS"];
const ZONES = ["Asia/Kolkata", "Australia/Eucla", "America/Chicago", "UTC"];
const PROBLEMS = 40;
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The clock of the test: the 3rd of this UTC month at 10:07 (of last month, early on the 3rd), so
 * that a week's range crosses a month's start whatever day the test runs (problem_month holds the
 * months before the start's, problem_day the start month's days).
 */
function pinnedNow(): Date {
  const today = new Date();
  const pinned = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 3, 10, 7);
  return new Date(
    pinned < today.getTime() - 3_600_000 ? pinned : Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 3, 10, 7),
  );
}
const now = pinnedNow();
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Presets, and custom ranges ended before the clock (the export reads them as the list does). */
const RANGES = [
  "range=7d",
  "range=2d",
  `range=custom&from=${utcDate(now.getTime() - 12 * DAY)}&to=${utcDate(now.getTime() - 2 * DAY)}`,
  `range=custom&from=${utcDate(now.getTime() - 5 * DAY)}T05:15&to=${utcDate(now.getTime() - DAY)}T20:00`,
];

interface RawEvent {
  problem: number;
  /** '' for no district. */
  lea: string;
  client: string;
  at: number;
  /** Ingested after the fold. */
  pending: boolean;
}

interface Case {
  name: string;
  scope: Scope;
  filter: string;
  inScope: (lea: string) => boolean;
  inFilter: (e: RawEvent) => boolean;
}

const CASES: Case[] = [
  { name: "every district", scope: ALL_DISTRICTS, filter: "", inScope: () => true, inFilter: () => true },
  { name: "district B's admin", scope: leaScope([B]), filter: "", inScope: (lea) => lea === B, inFilter: () => true },
  {
    name: "every district, filtered to A",
    scope: ALL_DISTRICTS,
    filter: `&lea=${A}`,
    inScope: () => true,
    inFilter: (e) => e.lea === A,
  },
  {
    name: "every district, filtered to a client",
    scope: ALL_DISTRICTS,
    filter: "&client=SIS",
    inScope: () => true,
    inFilter: (e) => e.client === "SIS",
  },
  {
    name: "an admin of A and C, filtered to C and a client",
    scope: leaScope([A, C]),
    filter: `&lea=${C}&client=Gradebook`,
    inScope: (lea) => lea === A || lea === C,
    inFilter: (e) => e.lea === C && e.client === "Gradebook",
  },
];

describe.each(dbKinds())("the New and Rising presets on %s", (kind) => {
  let t: TestDatabase;
  const raw: RawEvent[] = [];
  const problemIds = new Map<number, string>();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const rnd = random(2612);
    // The instants a preset turns on: each range's start and its period before's, in every zone.
    const edges: number[] = [];
    for (const timeZone of ZONES)
      for (const range of RANGES) {
        const f = streamFilters(loadProblemSearch(`${range}&seen=rising`), { timeZone, now });
        for (const start of [f.since.getTime(), f.previous!.since.getTime()])
          for (const minutes of [-16, -15, -1, 0, 1, 14, 15]) edges.push(start + minutes * MINUTE);
      }
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    for (let problem = 0; problem < PROBLEMS; problem++) {
      const events = 1 + Math.floor(rnd() * 7);
      for (let i = 0; i < events; i++) {
        const at = rnd() < 0.5 ? pick(edges) : now.getTime() - Math.floor(rnd() * 50 * DAY);
        raw.push({
          problem,
          lea: pick([A, A, B, C, ""]),
          client: pick(CLIENTS),
          at: Math.min(at, now.getTime() - MINUTE),
          pending: rnd() < 0.5,
        });
      }
    }
    // And in each zone, problems first seen at the week's start and a minute before it, folded and
    // pending (the quarter-hour the start is in counts as the range's, the one before as before it).
    let problem = PROBLEMS;
    for (const timeZone of ZONES) {
      const since = streamFilters(loadProblemSearch("range=7d"), { timeZone, now }).since.getTime();
      for (const first of [since, since - MINUTE])
        for (const pending of [false, true]) {
          raw.push({ problem, lea: B, client: "SIS", at: first, pending });
          raw.push({ problem: problem++, lea: B, client: "SIS", at: now.getTime() - 3_600_000, pending });
        }
    }
    const body = (e: RawEvent) => ({
      status: 409,
      ...(e.lea ? { lea: e.lea } : {}),
      client: e.client,
      occurredAt: new Date(e.at).toISOString(),
      url: `https://h/data/v3/ed-fi/resource${e.problem}s`,
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'Session' item does not exist.",
      },
    });
    // Folded and pending (a problem's events on either side, or all on one).
    for (const pending of [false, true]) {
      const part = raw.filter((e) => e.pending === pending);
      const written = await ingestEvents(t.db, part.map(body), { apiKeyId: null });
      part.forEach((e, i) => problemIds.set(e.problem, written.events[i].problemId));
      if (!pending) await t.db.procedure("foldPending");
    }
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  /** The raw events' answer: each kept problem's events in the range, inside the scope and the filter. */
  function expected(preset: "new" | "rising", c: Case, f: ReturnType<typeof streamFilters>): Map<string, number> {
    const out = new Map<string, number>();
    for (let problem = 0; problem < problemIds.size; problem++) {
      const mine = raw.filter((e) => e.problem === problem && c.inScope(e.lea));
      const between = (since: Date, until: Date) =>
        mine.filter((e) => c.inFilter(e) && e.at >= since.getTime() && e.at < until.getTime()).length;
      const seenBefore = mine.some((e) => e.at < f.since.getTime());
      const events = between(f.since, f.until);
      const kept =
        preset === "new" ? !seenBefore : seenBefore && events > between(f.previous!.since, f.previous!.until);
      if (kept && events > 0) out.set(problemIds.get(problem)!, events);
    }
    return out;
  }

  it.each(ZONES)("keeps the problems the raw events call new or rising, in %s", async (timeZone) => {
    let kept = 0;
    for (const range of RANGES)
      for (const preset of ["new", "rising"] as const)
        for (const c of CASES) {
          const query = `${range}&seen=${preset}&size=100${c.filter}`;
          const search = loadProblemSearch(query);
          const clock = { timeZone, now };
          const f = streamFilters(search, clock);
          const want = expected(preset, c, f);
          const label = `${timeZone} ${query} (${c.name})`;
          const list = await listProblemStream(t.db, c.scope, search, clock);
          expect(new Map(list.rows.map((r) => [r.id, r.events])), label).toEqual(want);
          const sum = [...want.values()].reduce((a, b) => a + b, 0);
          expect([list.total, list.totalEvents], label).toEqual([want.size, sum]);
          const groups = await groupProblemStream(t.db, c.scope, search, "resource", clock);
          expect(new Map(groups.map((g) => [g.key, [g.problems, g.events]])), label).toEqual(
            new Map(list.rows.map((r) => [r.resource, [1, r.events]])),
          );
          if (!c.filter) {
            // The district facet: of the kept problems, those with events in each district in the range.
            const facets = await problemFacets(t.db, c.scope, search, clock);
            const perDistrict = new Map<string, number>();
            for (const lea of [A, B, C].filter(c.inScope)) {
              const inDistrict = raw.filter(
                (e) =>
                  e.lea === lea &&
                  e.at >= f.since.getTime() &&
                  e.at < f.until.getTime() &&
                  want.has(problemIds.get(e.problem)!),
              );
              const problems = new Set(inDistrict.map((e) => e.problem)).size;
              if (problems) perDistrict.set(lea, problems);
            }
            expect(new Map(facets.lea.map((o) => [o.value, o.count])), label).toEqual(perDistrict);
          }
          if (range.includes("custom")) {
            // The export of the same URL (the Export button sends the list's query): the same rows.
            const response = await exportProblemsCsv(t.db, c.scope, new URLSearchParams(`${query}&tz=${timeZone}`));
            expect(response.status, label).toBe(200);
            const [header, ...rows] = csvRecords((await response.text()).trim()).records.map((r) => r.fields);
            const [id, events] = [header.indexOf("id"), header.indexOf("events")];
            expect(new Map(rows.map((r) => [r[id], Number(r[events])])), label).toEqual(want);
          }
          kept += want.size;
        }
    // The data gives the presets something to keep (a test that keeps nothing checks nothing).
    expect(kept).toBeGreaterThan(40);
  });
});
