// One meaning of a time range (issue 20, item 4): the same filter gives the same number through
// the list, its facets and groups, trends, the problem page, search, the CSV export and the read
// API, in zones whose days start inside UTC days (Asia/Kolkata +5:30, Australia/Eucla +8:45) and
// across a daylight-saving change (America/Chicago), and a trends bucket's link opens a list whose
// totals equal the bucket. The oracle counts the raw events between the range's instants.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope, type Scope } from "@/lib/auth/scope";
import { setDatabase } from "@/lib/runtime/database";
import { ingestEvents } from "@/lib/ingest/ingest";
import { getProblemDetail, problemDailySeries } from "@/lib/queries/problem-detail";
import { setClientDistricts } from "@/lib/clients/remap";
import { groupProblemStream, listProblemStream, problemFacets, type RangeClock } from "@/lib/queries/problem-stream";
import { searchEverything } from "@/lib/queries/search";
import { trendReport } from "@/lib/queries/trends";
import { listRange, loadProblemSearch } from "@/lib/search-params/problems";
import { problemsHref } from "@/lib/trends/links";
import { lastLocalDays, localDateOf, localMidnight, trendPeriods } from "@/lib/trends/periods";
import { API_ROUTES } from "../support/read-api-routes";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { signedInUser } from "../support/sessions";

const A = "255901";
const B = "4801234";
const C = "3700001";
const D = "3700002";
const ZONES = ["Asia/Kolkata", "Australia/Eucla", "America/Chicago", "UTC"];
const RESOURCES = ["students", "sections", "grades"];
const BODY = {
  type: "urn:ed-fi:api:data-conflict:unresolved-reference",
  detail: "The referenced 'Session' item does not exist.",
};
const BAD = {
  type: "urn:ed-fi:api:bad-request:data-validation-failed",
  detail: "Data validation failed.",
  validationErrors: { "$.x": ["is required"] },
};

/** Events every 13 minutes over the last 9 days, and every 10 minutes around Chicago's fall-back (2026-11-01 07:00Z). */
function instants(now: number): number[] {
  const out: number[] = [];
  for (let t = now - 9 * 86_400_000; t < now; t += 13 * 60_000) out.push(t);
  for (let t = Date.parse("2026-10-30T00:00:00Z"); t < Date.parse("2026-11-03T00:00:00Z"); t += 10 * 60_000)
    out.push(t);
  return out;
}

/** Runs a check again when a zone's local date changed while it ran (a range of "last N days" moved under it). */
async function onOneLocalDay(timeZone: string, check: (now: Date) => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    await check(now);
    if (localDateOf(Date.now(), timeZone) === localDateOf(now.getTime(), timeZone) || attempt > 0) return;
  }
}

describe.each(dbKinds())("one meaning of a range on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  let cookie: string;
  const scope: Scope = leaScope([B]);

  /** Raw events of district B (null: of every district) in [start, end): the oracle. */
  async function oracle(start: number, end: number, where = "TRUE", lea: string | null = B): Promise<number> {
    const rows = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM error_event
        WHERE ($1::text IS NULL OR lea = $1) AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz AND ${where}`,
      lea,
      new Date(start).toISOString(),
      new Date(end).toISOString(),
    );
    return Number(rows[0].n);
  }
  const api = async (path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(response.status, path).toBe(200);
    return response;
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    setDatabase(t.db);
    server = await startTestServer(API_ROUTES);
    const all = instants(Date.now());
    const events = all.map((at, i) => ({
      status: i % 5 === 0 ? 400 : 409,
      lea: i % 3 === 0 ? A : B,
      client: i % 2 ? "Roster Sync" : "Gradebook",
      occurredAt: new Date(at).toISOString(),
      url: `https://h/data/v3/ed-fi/${RESOURCES[i % RESOURCES.length]}`,
      body: i % 5 === 0 ? BAD : BODY,
    }));
    // A third district's events just before each zone's last 7 days, on the UTC day the range cuts:
    // counted in no figure of the range (not its events, not its districts).
    for (const timeZone of ZONES)
      events.push({
        ...events[0],
        lea: C,
        body: BODY,
        occurredAt: new Date(lastLocalDays(7, timeZone).start - 600_000).toISOString(),
      });
    // A client's events either side of each zone's last 30 days' start, on the UTC day that range
    // cuts: the search's client counts take the second only.
    for (const timeZone of ZONES)
      for (const minutes of [-10, 10])
        events.push({
          ...events[1],
          occurredAt: new Date(lastLocalDays(30, timeZone).start + minutes * 60_000).toISOString(),
        });
    // And a problem of the period before only: in no list or facet of the range, compared or not.
    events.push({
      ...events[0],
      lea: C,
      body: { type: "urn:ed-fi:api:not-found", detail: "Gone." },
      occurredAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
    });
    for (let i = 0; i < events.length; i += 500) await ingestEvents(t.db, events.slice(i, i + 500), { apiKeyId: null });
    // Half folded, half pending: reads add both.
    await t.db.procedure("foldPending");
    await ingestEvents(
      t.db,
      [
        { ...events[1], occurredAt: new Date(Date.now() - 3_600_000).toISOString() },
        // A district and client whose only event is pending, on a day every zone's week covers whole.
        {
          ...events[1],
          lea: D,
          client: "Pending Sync",
          occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        },
      ],
      { apiKeyId: null },
    );
    cookie = (await signedInUser(t.db, "district_admin", [B])).cookie;
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    setDatabase(undefined);
    await t?.drop();
  });

  it.each(ZONES)(
    "counts the last 7 days in %s the same on every page and route",
    async (timeZone) => {
      await onOneLocalDay(timeZone, async (now) => {
        const clock: RangeClock = { timeZone, now };
        const { start, end } = lastLocalDays(7, timeZone, now.getTime());
        expect(start % 900_000).toBe(0);
        const expected = await oracle(start, end);
        expect(expected).toBeGreaterThan(300);
        const search = loadProblemSearch("range=7d&size=100");

        const list = await listProblemStream(t.db, scope, search, clock);
        expect(list.totalEvents).toBe(expected);
        expect(list.rows.reduce((n, r) => n + r.events, 0)).toBe(expected);
        expect(list.days).toHaveLength(7);
        for (const row of list.rows)
          expect(
            row.trend.reduce((a, b) => a + b, 0),
            `trend column of #${row.id}`,
          ).toBe(row.events);

        const groups = await groupProblemStream(t.db, scope, search, "resource", clock);
        expect(groups.reduce((n, g) => n + g.events, 0)).toBe(expected);
        const facets = await problemFacets(t.db, scope, search, clock);
        expect(facets.lea).toEqual([{ value: B, count: list.total }]);
        expect(facets.route.reduce((n, o) => n + o.count, 0)).toBe(list.total);

        const trends = await trendReport(t.db, scope, trendPeriods({ range: "7d", timeZone, now: now.getTime() }));
        expect(trends.totals.events).toBe(expected);
        const top = list.rows[0];
        expect(trends.topProblems.find((p) => p.id === top.id)?.events).toBe(top.events);
        expect((await getProblemDetail(t.db, scope, top.id, clock))?.events7d).toBe(top.events);

        const tz = encodeURIComponent(timeZone);
        const page = (await (await api(`/api/v1/problems?days=7&tz=${tz}&limit=200`)).json()) as {
          problems: { events: number }[];
          total: number;
        };
        expect(page.problems.reduce((n, p) => n + p.events, 0)).toBe(expected);
        expect(page.total).toBe(list.total);
        expect(
          ((await (await api(`/api/v1/problems/${top.id}?days=7&tz=${tz}`)).json()) as { events: number }).events,
        ).toBe(top.events);
        expect(
          ((await (await api(`/api/v1/trends?range=7d&tz=${tz}`)).json()) as { totals: { events: number } }).totals
            .events,
        ).toBe(expected);
        const csv = (await (await api(`/api/v1/problems/export?range=7d&tz=${tz}`)).text())
          .replace(/^\uFEFF/, "")
          .trim()
          .split("\r\n");
        const eventsColumn = csv[0].split(",").indexOf("events");
        expect(csv.slice(1).reduce((n, line) => n + Number(line.split(",")[eventsColumn]), 0)).toBe(expected);

        const month = lastLocalDays(30, timeZone, now.getTime());
        expect((await searchEverything(t.db, scope, B, clock)).districts).toEqual([
          { lea: B, name: null, events: await oracle(month.start, month.end) },
        ]);
        // A client's events inside the district (client_trend_day and the pending counts).
        expect((await searchEverything(t.db, scope, "roster", clock)).clients).toEqual([
          { client: "Roster Sync", events: await oracle(month.start, month.end, "client = 'Roster Sync'") },
        ]);
      });
    },
    120_000,
  );

  // Every district, no district or client filter: the counts come from problem_day (whole UTC days)
  // and the quarter-hours of the days a range cuts; districts are counted for the page's rows.
  it.each(ZONES)(
    "counts the last 7 days of every district in %s: each row's events and districts, the period before, the trends",
    async (timeZone) => {
      await onOneLocalDay(timeZone, async (now) => {
        const clock: RangeClock = { timeZone, now };
        const search = loadProblemSearch("range=7d&size=100&sort=rise.desc");
        const { since, until, previous } = listRange(search, timeZone, now);
        const perProblem = async (from: Date, to: Date) =>
          new Map(
            (
              await t.db.prisma.$queryRawUnsafe<{ id: string; n: bigint; districts: bigint }[]>(
                `SELECT problem_id::text AS id, count(*) AS n, count(DISTINCT lea) AS districts FROM error_event
                  WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz GROUP BY 1`,
                from.toISOString(),
                to.toISOString(),
              )
            ).map((r) => [r.id, { events: Number(r.n), districts: Number(r.districts) }]),
          );
        const [current, before] = [await perProblem(since, until), await perProblem(previous.since, previous.until)];
        const expected = [...current.values()].reduce((n, c) => n + c.events, 0);
        expect(expected).toBeGreaterThan(300);

        const list = await listProblemStream(t.db, ALL_DISTRICTS, search, clock);
        expect(list.totalEvents).toBe(expected);
        expect(list.total).toBe(current.size);
        for (const row of list.rows)
          expect({ id: row.id, ...current.get(row.id) }).toEqual({
            id: row.id,
            events: row.events,
            districts: row.districts,
          });
        // Ordered by the rise over the period before (its counts: the same sums over that period's days).
        const rise = list.rows.map((r) => r.events - (before.get(r.id)?.events ?? 0));
        expect(rise).toEqual([...rise].sort((a, b) => b - a));
        const byDistricts = await listProblemStream(
          t.db,
          ALL_DISTRICTS,
          loadProblemSearch("range=7d&size=100&sort=districts.desc"),
          clock,
        );
        expect(byDistricts.rows.map((r) => r.districts)).toEqual(
          byDistricts.rows.map((r) => current.get(r.id)?.districts),
        );

        const facets = await problemFacets(t.db, ALL_DISTRICTS, search, clock);
        expect(facets.route.reduce((n, o) => n + o.count, 0)).toBe(current.size);
        // A client's events of every district (client_day and the pending counts), the last 30 days.
        const month = lastLocalDays(30, timeZone, now.getTime());
        expect((await searchEverything(t.db, ALL_DISTRICTS, "sync", clock)).clients).toEqual([
          { client: "Roster Sync", events: await oracle(month.start, month.end, "client = 'Roster Sync'", null) },
          { client: "Pending Sync", events: await oracle(month.start, month.end, "client = 'Pending Sync'", null) },
        ]);
        // Problems per district and per client: the pairs with events in the range (C's are outside it).
        for (const facet of ["lea", "client"] as const) {
          const pairs = await t.db.prisma.$queryRawUnsafe<{ value: string; n: bigint }[]>(
            `SELECT ${facet} AS value, count(DISTINCT problem_id) AS n FROM error_event
              WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz GROUP BY 1 ORDER BY 1`,
            since.toISOString(),
            until.toISOString(),
          );
          const byValue = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
          expect(facets[facet].map((o) => ({ value: o.value, count: o.count })).sort(byValue), facet).toEqual(
            pairs.map((r) => ({ value: r.value, count: Number(r.n) })).sort(byValue),
          );
        }
        const trends = await trendReport(
          t.db,
          ALL_DISTRICTS,
          trendPeriods({ range: "7d", timeZone, now: now.getTime() }),
        );
        expect(trends.totals.events).toBe(expected);
        for (const p of trends.topProblems) {
          expect(p.events, `trends #${p.id}`).toBe(current.get(p.id)?.events);
          expect(p.previous, `trends #${p.id}, the period before`).toBe(before.get(p.id)?.events ?? 0);
        }
      });
    },
    120_000,
  );

  /**
   * The problem page: every district reads problem_day (a row a UTC day), its districts by a walk
   * of the (problem, district) index and its first and last seen from its first and last days; a
   * district admin reads the daily rows of their districts. Each problem's page and 5-day series,
   * both ways, against the raw events.
   */
  async function expectPagesAsRawEvents(timeZone: string, now: Date): Promise<void> {
    const clock: RangeClock = { timeZone, now };
    const [week, month] = [lastLocalDays(7, timeZone, now.getTime()), lastLocalDays(30, timeZone, now.getTime())];
    const series = lastLocalDays(5, timeZone, now.getTime());
    const raw = async (lea: string | null) =>
      t.db.prisma.$queryRawUnsafe<
        {
          id: string;
          events: bigint;
          week: bigint;
          month: bigint;
          districts: bigint;
          first: Date;
          last: Date;
          days: bigint[];
        }[]
      >(
        `SELECT problem_id::text AS id, count(*) AS events, count(*) FILTER (WHERE occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz) AS week,
                count(*) FILTER (WHERE occurred_at >= $4::timestamptz AND occurred_at < $5::timestamptz) AS month,
                count(DISTINCT nullif(lea, '')) AS districts, min(occurred_at) AS first, max(occurred_at) AS last,
                ARRAY(SELECT count(e.id) FROM generate_series(0, 4) g
                        LEFT JOIN error_event e ON e.problem_id = x.problem_id AND ($1::text IS NULL OR e.lea = $1)
                             AND e.occurred_at >= ($6::timestamptz AT TIME ZONE $7 + g * interval '1 day') AT TIME ZONE $7
                             AND e.occurred_at < ($6::timestamptz AT TIME ZONE $7 + (g + 1) * interval '1 day') AT TIME ZONE $7
                       GROUP BY g ORDER BY g) AS days
           FROM error_event x WHERE $1::text IS NULL OR lea = $1 GROUP BY problem_id ORDER BY 1`,
        lea,
        ...[week.start, week.end, month.start, month.end, series.start].map((at) => new Date(at).toISOString()),
        timeZone,
      );
    for (const [viewer, lea] of [
      [ALL_DISTRICTS, null],
      [scope, B],
    ] as const) {
      const expected = await raw(lea);
      expect(expected.length).toBeGreaterThan(3);
      for (const r of expected) {
        const page = await getProblemDetail(t.db, viewer, r.id, clock);
        expect(
          page && {
            events: page.events,
            events7d: page.events7d,
            events30d: page.events30d,
            districts: page.districts,
            firstSeenAt: page.firstSeenAt,
            lastSeenAt: page.lastSeenAt,
          },
          `#${r.id} in ${lea ?? "every district"}`,
        ).toEqual({
          events: Number(r.events),
          events7d: Number(r.week),
          events30d: Number(r.month),
          districts: Number(r.districts),
          firstSeenAt: r.first.toISOString(),
          lastSeenAt: r.last.toISOString(),
        });
        expect(
          (await problemDailySeries(t.db, viewer, r.id, 5, clock)).map((d) => d.events),
          `#${r.id}'s days in ${lea ?? "every district"}`,
        ).toEqual(r.days.map(Number));
      }
    }
    // A problem of no event inside the districts is missing; of every district it is not.
    const inB = new Set((await raw(B)).map((r) => r.id));
    const onlyElsewhere = (await raw(null)).find((r) => !inB.has(r.id));
    expect(onlyElsewhere).toBeDefined();
    expect(await getProblemDetail(t.db, scope, onlyElsewhere!.id, clock)).toBeNull();
    // A problem that never had an event is missing of every district too.
    const empty = await t.db.prisma.problem.upsert({
      where: { fingerprint: "time-zones: no events" },
      create: { fingerprint: "time-zones: no events", articleId: "not-found", signature: "-", route: "dev" },
      update: {},
    });
    expect(await getProblemDetail(t.db, ALL_DISTRICTS, String(empty.id), clock)).toBeNull();
  }

  it.each(ZONES)(
    "shows each problem's page in %s as the raw events give it, of every district and of one (half folded, half pending)",
    (timeZone) => onOneLocalDay(timeZone, (now) => expectPagesAsRawEvents(timeZone, now)),
    120_000,
  );

  // Events of no district ('' in the rollups: never a district) from a client, folded and pending,
  // one problem with no other; then the client mapped to a district, which moves them (the
  // ledger's signed moves: rows left at zero are deleted) and gives that problem its district.
  it("shows the pages as the raw events give them with events of no district, and after their client is mapped to one", async () => {
    const now = Date.now();
    const unmapped = (minutesAgo: number, body: object) => ({
      status: 409,
      client: "Unmapped Sync",
      occurredAt: new Date(now - minutesAgo * 60_000).toISOString(),
      url: "https://h/data/v3/ed-fi/students",
      body,
    });
    const alone = { type: "urn:ed-fi:api:conflict:write-conflict", detail: "Only from no district." };
    await ingestEvents(
      t.db,
      [unmapped(40 * 1440, BODY), unmapped(2 * 1440, BODY), unmapped(3 * 1440 + 7, alone), unmapped(95, alone)],
      { apiKeyId: null },
    );
    await t.db.procedure("foldPending");
    await ingestEvents(t.db, [unmapped(30, BODY), unmapped(20, alone)], { apiKeyId: null });
    const [{ id: aloneId }] = await t.db.prisma.$queryRawUnsafe<{ id: string }[]>(
      "SELECT problem_id::text AS id FROM error_event GROUP BY 1 HAVING bool_and(client = 'Unmapped Sync')",
    );
    for (const timeZone of ZONES) await onOneLocalDay(timeZone, (at) => expectPagesAsRawEvents(timeZone, at));
    expect(await getProblemDetail(t.db, ALL_DISTRICTS, aloneId)).toMatchObject({ events: 3, districts: 0 });
    expect(await setClientDistricts(t.db, "Unmapped Sync", [D])).toMatchObject({ moved: 6 });
    for (const timeZone of ZONES) await onOneLocalDay(timeZone, (at) => expectPagesAsRawEvents(timeZone, at));
    expect(await getProblemDetail(t.db, ALL_DISTRICTS, aloneId)).toMatchObject({ events: 3, districts: 1 });
  }, 240_000);

  it("counts local days across a daylight-saving change (America/Chicago, Nov 1 has 25 hours)", async () => {
    const timeZone = "America/Chicago";
    const [start, end] = [localMidnight("2026-10-31", timeZone), localMidnight("2026-11-02", timeZone)];
    expect(end - start).toBe(49 * 3_600_000);
    const expected = await oracle(start, end);
    const search = loadProblemSearch("range=custom&from=2026-10-31&to=2026-11-01&size=100");
    expect(listRange(search, timeZone).days).toEqual(["2026-10-31", "2026-11-01"]);
    const list = await listProblemStream(t.db, scope, search, { timeZone });
    expect(list.totalEvents).toBe(expected);
    expect(list.rows.reduce((n, r) => n + r.trend[1], 0)).toBe(
      await oracle(localMidnight("2026-11-01", timeZone), end),
    );
    // Every district: the counts from whole UTC days and the two the range cuts.
    const everyDistrict = await listProblemStream(t.db, ALL_DISTRICTS, search, { timeZone });
    expect(everyDistrict.totalEvents).toBe(await oracle(start, end, "TRUE", null));
    const periods = trendPeriods({ range: "custom", from: "2026-10-31", to: "2026-11-01", bucket: "day", timeZone });
    expect((await trendReport(t.db, scope, periods)).totals.events).toBe(expected);
    const exported = await api(
      `/api/v1/problems/export?range=custom&from=2026-10-31&to=2026-11-01&tz=${encodeURIComponent(timeZone)}`,
    );
    const csv = (await exported.text()).trim().split("\r\n");
    const eventsColumn = csv[0]
      .replace(/^\uFEFF/, "")
      .split(",")
      .indexOf("events");
    expect(csv.slice(1).reduce((n, line) => n + Number(line.split(",")[eventsColumn]), 0)).toBe(expected);
  });

  it.each([
    ["Asia/Kolkata", "day"],
    ["Australia/Eucla", "hour"],
    ["America/Chicago", "day"],
  ] as const)(
    "opens a list whose totals equal the clicked %s %s bucket, for every route and status series",
    async (timeZone, bucket) => {
      const dayBefore = localDateOf(Date.now() - 2 * 86_400_000, timeZone);
      const periods =
        bucket === "hour"
          ? trendPeriods({
              range: "custom",
              from: `${dayBefore}T00:00`,
              to: `${dayBefore}T06:00`,
              bucket: "hour",
              timeZone,
            })
          : trendPeriods({ range: "7d", timeZone });
      const report = await trendReport(t.db, scope, periods);
      expect(report.bucket).toBe(bucket);
      const listTotal = async (href: string) => {
        const search = loadProblemSearch(href.slice(href.indexOf("?") + 1));
        return (await listProblemStream(t.db, scope, search, { timeZone })).totalEvents;
      };
      for (const b of report.buckets) {
        expect(await listTotal(problemsHref({ lea: [B] }, b.start, b.end, timeZone)), `bucket ${b.start}`).toBe(
          b.events,
        );
        for (const route of ["dev", "data", "ops"] as const) {
          if (!b.byRoute[route]) continue;
          expect(
            await listTotal(problemsHref({ route, lea: [B] }, b.start, b.end, timeZone)),
            `${route} ${b.start}`,
          ).toBe(b.byRoute[route]);
        }
        for (const [status, n] of Object.entries(b.byStatus)) {
          if (n)
            expect(
              await listTotal(problemsHref({ http: [Number(status)], lea: [B] }, b.start, b.end, timeZone)),
              `HTTP ${status} ${b.start}`,
            ).toBe(n);
        }
      }
      expect(report.buckets.some((b) => b.events > 0)).toBe(true);
    },
    120_000,
  );
});
