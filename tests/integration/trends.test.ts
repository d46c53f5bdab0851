// The trends page's figures against an oracle: random batches (duplicates, several districts and
// clients, events on both sides of midnight in several time zones, redaction on) are ingested
// through the real path; every figure of the report — each bucket by route and status, the ghost
// line, totals, districts, clients, resources, top/new/rising problems — is compared with a count
// of the raw events stored, bucketed with Intl in the viewer's zone (never with the code's pieces).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.TRIAGE_REDACT_RESPONSE_VALUES = "1";
  process.env.TRIAGE_REDACT_FIELDS = "studentUniqueId,lastSurname";
});

import { ALL_DISTRICTS, leaScope, type Scope } from "@/lib/auth/scope";
import { FOLD_EVERY_EVENTS, ingestEvents } from "@/lib/ingest/ingest";
import { startFolder } from "@/lib/ledger/folder";
import { foldedEvents } from "@/lib/ledger/fold";
import { trendReport, STATUS_SERIES, type TrendReport } from "@/lib/queries/trends";
import { unseenBeforeSql } from "@/lib/queries/trend-problems";
import {
  localDateOf,
  localTimeOf,
  localMidnight,
  addDays,
  totalPiecesOf,
  trendPeriods,
  type TrendPeriods,
  type TrendRangeInput,
} from "@/lib/trends/periods";
import { utcDayOf } from "@/lib/trends/quarter-hours";
import { monthReadsOf } from "@/lib/trends/piece-reads";
import { changeRoutes, createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { random } from "../support/random";

const LEAS = ["255901", "4801234", "1000001"];
const CLIENTS = ["SIS Vendor", "Assessment Co", ""];
const ZONES = ["America/Chicago", "America/New_York", "Asia/Kolkata", "Europe/London", "UTC"];
/** Two days after London's clocks went forward (29 March 2026: that UTC day holds two London
 * midnights) and three weeks after the United States' (8 March): the ranges cross both. */
const NOW = Date.UTC(2026, 2, 31, 10, 7);
/** A district with events only 8 to 12 days back: in the 7 days' period before, not in the range. */
const EARLIER_LEA = "3000003";
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
  (r: string) => ({
    status: 500,
    url: `https://h/data/v3/ed-fi/${r}`,
    body: {
      type: "urn:ed-fi:api:system:database-connection",
      detail: "The API was unable to connect to the database.",
    },
  }),
  (r: string) => ({
    status: 401,
    url: `https://h/data/v3/ed-fi/${r}`,
    body: { type: "urn:ed-fi:api:security:authentication", detail: "The caller could not be authenticated." },
  }),
  (r: string) => ({
    status: 404,
    url: `https://h/data/v3/ed-fi/${r}/abc`,
    body: { type: "urn:ed-fi:api:not-found", detail: "The specified resource could not be found." },
  }),
  (r: string) => ({
    status: 412,
    url: `https://h/data/v3/ed-fi/${r}`,
    body: {
      type: "urn:ed-fi:api:optimistic-lock-failed",
      detail: "The resource item has been modified by another user.",
    },
  }),
];
const RESOURCES = ["students", "sections", "grades"];

interface RawEvent {
  at: number;
  lea: string;
  client: string;
  status: number;
  problemId: string;
  route: string;
  resource: string;
}

/** The oracle: the report's figures counted from raw events, bucketed with Intl. */
function oracle(raw: RawEvent[], scope: Scope, periods: TrendPeriods) {
  const inScope = raw.filter((e) => scope.kind === "all" || scope.leaCodes.includes(e.lea));
  const bucketOf = (at: number, starts: number[], end: number) => {
    if (at < starts[0] || at >= end) return -1;
    let i = starts.length - 1;
    while (starts[i] > at) i--;
    return i;
  };
  const n = periods.current.starts.length;
  const zeros = () => new Array<number>(n).fill(0);
  const cur = zeros(),
    prev = zeros();
  const byRoute: Record<string, number[]> = { dev: zeros(), data: zeros(), ops: zeros() };
  const byStatus = new Map<string, number[]>();
  const districts = new Map<string, { events: number; previous: number; series: number[] }>();
  const clients = new Map<string, { events: number; previous: number }>();
  const problems = new Map<string, { events: number; previous: number; before: boolean }>();
  const resources = new Map<string, { events: number; previous: number }>();
  for (const e of inScope) {
    const p = problems.get(e.problemId) ?? { events: 0, previous: 0, before: false };
    problems.set(e.problemId, p);
    if (e.at < periods.current.starts[0]) p.before = true;
    const b = bucketOf(e.at, periods.current.starts, periods.current.end);
    const pb = bucketOf(e.at, periods.previous.starts, periods.previous.end);
    if (b < 0 && pb < 0) continue;
    const d = districts.get(e.lea) ?? { events: 0, previous: 0, series: zeros() };
    districts.set(e.lea, d);
    const c = clients.get(e.client) ?? { events: 0, previous: 0 };
    clients.set(e.client, c);
    const r = resources.get(e.resource) ?? { events: 0, previous: 0 };
    resources.set(e.resource, r);
    if (b >= 0) {
      cur[b]++;
      byRoute[e.route][b]++;
      if (!byStatus.has(String(e.status))) byStatus.set(String(e.status), zeros());
      byStatus.get(String(e.status))![b]++;
      d.events++;
      d.series[b]++;
      c.events++;
      p.events++;
      r.events++;
    } else {
      prev[pb]++;
      d.previous++;
      c.previous++;
      p.previous++;
      r.previous++;
    }
  }
  return { cur, prev, byRoute, byStatus, districts, clients, problems, resources };
}

function compare(report: TrendReport, expected: ReturnType<typeof oracle>) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(report.buckets.map((b) => b.events)).toEqual(expected.cur);
  expect(report.buckets.map((b) => b.previous)).toEqual(expected.prev);
  expect(report.totals.events).toBe(sum(expected.cur));
  expect(report.totals.previous).toBe(sum(expected.prev));
  for (const team of ["dev", "data", "ops"] as const)
    expect(report.buckets.map((b) => b.byRoute[team])).toEqual(expected.byRoute[team]);
  // Statuses: the busiest drawn apart, the rest summed as "other"; together they are every event.
  const drawn = report.statuses.filter((s) => s !== "other");
  expect(drawn.length).toBeLessThanOrEqual(STATUS_SERIES + 1);
  for (const s of drawn) expect(report.buckets.map((b) => b.byStatus[s])).toEqual(expected.byStatus.get(s));
  const rest = [...expected.byStatus].filter(([s]) => !drawn.includes(s));
  if (rest.length)
    expect(report.buckets.map((b) => b.byStatus.other)).toEqual(
      expected.cur.map((_, i) => sum(rest.map(([, xs]) => xs[i]))),
    );
  else expect(report.statuses).not.toContain("other");
  const drawnTotals = drawn.map((s) => sum(expected.byStatus.get(s)!));
  for (const [, xs] of rest) expect(sum(xs)).toBeLessThanOrEqual(Math.min(...drawnTotals));

  expect(
    new Map(report.districts.map((d) => [d.lea, { events: d.events, previous: d.previous, series: d.series }])),
  ).toEqual(expected.districts);
  expect(new Map(report.clients.map((c) => [c.client, { events: c.events, previous: c.previous }]))).toEqual(
    expected.clients,
  );

  const withEvents = [...expected.problems].filter(([, p]) => p.events > 0);
  expect(report.topProblems).toHaveLength(Math.min(10, withEvents.length));
  for (const p of report.topProblems)
    expect([p.events, p.previous]).toEqual([
      expected.problems.get(p.id)!.events,
      expected.problems.get(p.id)!.previous,
    ]);
  const listed = new Set(report.topProblems.map((p) => p.id));
  const floor = Math.min(...report.topProblems.map((p) => p.events));
  for (const [id, p] of withEvents) if (!listed.has(id)) expect(p.events).toBeLessThanOrEqual(floor);

  const fresh = withEvents.filter(([, p]) => !p.before);
  expect(report.newProblems).toHaveLength(Math.min(10, fresh.length));
  for (const p of report.newProblems) expect(expected.problems.get(p.id)!.before).toBe(false);
  const rising = withEvents
    .filter(([, p]) => p.before && p.events > p.previous)
    .map(([, p]) => p.events - p.previous)
    .sort((a, b) => b - a)
    .slice(0, 10);
  expect(report.risingProblems.map((p) => p.events - p.previous)).toEqual(rising);

  const resources = [...expected.resources].filter(([, r]) => r.events > 0);
  expect(report.resources).toHaveLength(Math.min(10, resources.length));
  for (const r of report.resources)
    expect([r.events, r.previous]).toEqual([
      expected.resources.get(r.resource)!.events,
      expected.resources.get(r.resource)!.previous,
    ]);
}

describe.each(dbKinds())("trends on %s", (kind) => {
  let t: TestDatabase;
  let raw: RawEvent[] = [];
  let sent = 0;
  let distinct = 0;

  async function readRaw(): Promise<RawEvent[]> {
    const rows = await t.db.prisma.$queryRawUnsafe<
      { at: Date; lea: string; client: string; status: number; problem_id: string; route: string; resource: string }[]
    >(
      `SELECT e.occurred_at AS at, coalesce(e.lea, '') AS lea, coalesce(e.client, '') AS client, e.status, e.problem_id::text, coalesce(p.assigned_team, p.route)::text AS route, coalesce(p.resource, '') AS resource
         FROM error_event e JOIN problem p ON p.id = e.problem_id`,
    );
    return rows.map((r) => ({
      at: r.at.getTime(),
      lea: r.lea,
      client: r.client,
      status: r.status,
      problemId: r.problem_id,
      route: r.route,
      resource: r.resource,
    }));
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const next = random(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const eventIds = new Set<string>();
    let anonymous = 0;
    for (let batch = 0; batch < 5; batch++) {
      const events = Array.from({ length: 160 }, () => {
        let at: number;
        if (next() < 0.6) {
          // Around a local midnight of some zone, some days back.
          const zone = pick(ZONES);
          const date = addDays(localDateOf(NOW, zone), -Math.floor(next() * 18));
          at = localMidnight(date, zone) + Math.round((next() - 0.5) * 3 * 3_600_000);
        } else at = NOW - Math.floor(next() * 40 * 86_400_000);
        at = Math.min(at, NOW - 1000);
        const lea = pick(LEAS);
        const client = pick(CLIENTS);
        const eventId = next() < 0.3 ? `dup-${Math.floor(next() * 60)}` : undefined;
        if (eventId) eventIds.add(eventId);
        else anonymous++;
        const problem = Math.floor(next() ** 2 * BODIES.length); // some busier than others
        return {
          ...BODIES[problem](pick(RESOURCES)),
          lea,
          client: client || undefined,
          eventId,
          occurredAt: new Date(at).toISOString(),
          request: { body: { studentUniqueId: "S-000123", lastSurname: "Doe", beginDate: null } },
        };
      });
      if (batch === 0 || batch === 4)
        for (let i = 0; i < 4; i++, anonymous++)
          events.push({
            ...BODIES[0](pick(RESOURCES)),
            lea: EARLIER_LEA,
            client: undefined,
            eventId: undefined,
            occurredAt: new Date(NOW - (8 + next() * 4) * 86_400_000).toISOString(),
            request: { body: { studentUniqueId: "S-000123", lastSurname: "Doe", beginDate: null } },
          });
      sent += events.length;
      await ingestEvents(t.db, events, { apiKeyId: null });
      // The first three batches folded into the running totals, the last two still pending: every
      // figure below sums both.
      if (batch === 2) expect(foldedEvents(await t.db.procedure("foldPending"))).toBeGreaterThan(0);
    }
    distinct = eventIds.size + anonymous;
    raw = await readRaw();
  });
  afterAll(() => t?.drop());

  it("compares a running range like for like: today so far against the same time of day a week ago", async () => {
    const periods = trendPeriods({ range: "7d", timeZone: "UTC", now: NOW });
    const report = await trendReport(t.db, ALL_DISTRICTS, periods);
    const day = 86_400_000;
    const today = Math.floor(NOW / day) * day;
    const cut = Math.ceil((NOW + 1) / 900_000) * 900_000 - 7 * day; // the same quarter-hour, seven days back
    const count = (from: number, to: number) => raw.filter((e) => e.at >= from && e.at < to).length;
    expect(report.totals.events).toBe(count(today - 6 * day, today + day));
    expect(report.totals.previous).toBe(count(today - 13 * day, cut));
    expect(report.buckets.map((b) => b.unfinished)).toEqual([false, false, false, false, false, false, true]);
    expect(report.buckets.at(-1)!.previous).toBe(count(today - day * 7, cut));
  });

  it("lists a district whose events all fall in the period before, with its change", async () => {
    const periods = trendPeriods({ range: "7d", timeZone: "Europe/London", now: NOW });
    const report = await trendReport(t.db, ALL_DISTRICTS, periods);
    const earlier = report.districts.find((d) => d.lea === EARLIER_LEA);
    expect(earlier).toMatchObject({ events: 0, previous: 8, changePercent: -100 });
    expect(earlier!.series).toEqual(new Array(7).fill(0));
  });

  it("stored each event once, with the request redacted", async () => {
    expect(raw).toHaveLength(distinct);
    expect(sent).toBeGreaterThan(distinct);
    const leaked = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM error_event WHERE request_body::text LIKE '%S-000123%' OR request_body::text LIKE '%Doe%'`,
    );
    expect(Number(leaked[0].n)).toBe(0);
  });

  const cases: [string, Omit<TrendRangeInput, "timeZone" | "now">][] = [
    ["24h", { range: "24h" }],
    ["7d", { range: "7d" }],
    ["7d hourly", { range: "7d", bucket: "hour" }],
    ["30d", { range: "30d" }],
    ["90d (whole UTC months from problem_month)", { range: "90d" }],
    ["custom days", { range: "custom", from: "__10", to: "__3" }],
    ["custom hours", { range: "custom", from: "__5T22:00", to: "__4T03:30" }],
    // Ends inside March at 03:30: March is read as its row less its last days and the cut day's rest.
    ["custom, ending mid-month", { range: "custom", from: "__80T05:00", to: "__4T03:30" }],
  ];
  const scopes: [string, Scope][] = [
    ["every district", ALL_DISTRICTS],
    ["one district", leaScope([LEAS[1]])],
    ["two districts", leaScope([LEAS[0], LEAS[2]])],
  ];

  it.each(ZONES)("every figure equals a count of raw events, in %s", async (timeZone) => {
    const date = (back: string) => addDays(localDateOf(NOW, timeZone), -Number(back));
    for (const [, input] of cases) {
      const from = input.from?.replace(/__(\d+)/, (_, d) => date(d));
      const to = input.to?.replace(/__(\d+)/, (_, d) => date(d));
      const periods = trendPeriods({ ...input, from, to, timeZone, now: NOW });
      for (const start of periods.current.starts.slice(1)) expect(localTimeOf(start, timeZone).minute).toBe(0);
      if (periods.bucket === "day")
        for (const start of periods.current.starts.slice(1)) expect(localTimeOf(start, timeZone).hour).toBe(0);
      for (const [, scope] of scopes) compare(await trendReport(t.db, scope, periods), oracle(raw, scope, periods));
    }
    // Drawn three weeks before NOW, a range running past that day with the period before it in the
    // same month: both read the month's row less its days outside each, the days outside both twice.
    const early = NOW - 21 * 86_400_000;
    const ahead = trendPeriods({ range: "custom", from: date("13"), to: date("0"), timeZone, now: early });
    const month = `${utcDayOf(NOW).slice(0, 7)}-01`;
    expect(monthReadsOf(totalPiecesOf(ahead), utcDayOf(early)).months.filter((m) => m.month === month)).toHaveLength(2);
    for (const [, scope] of scopes) compare(await trendReport(t.db, scope, ahead), oracle(raw, scope, ahead));
  });

  it(`folds the pending counts after ${FOLD_EVERY_EVENTS.toLocaleString("en-US")} events, and no figure moves`, async () => {
    const periods = trendPeriods({ range: "7d", timeZone: "America/New_York", now: NOW });
    const pendingRows = async () =>
      Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM share_pending"))[0].n);
    // The background folder, as the server starts it (its timer far off: only the count triggers it).
    const folder = startFolder(t.db, { everyMs: 3_600_000 });
    let folded = false;
    for (let i = 0; !folded && i < FOLD_EVERY_EVENTS / 1000 + 2; i++) {
      const before = await pendingRows();
      await ingestEvents(
        t.db,
        Array.from({ length: 1000 }, (_, k) => ({
          ...BODIES[k % BODIES.length]("students"),
          lea: LEAS[k % 3],
          occurredAt: new Date(NOW - ((i * 1000 + k) % 5000) * 60_000).toISOString(),
        })),
        { apiKeyId: null },
      );
      await folder.settled();
      folded = (await pendingRows()) < before;
    }
    folder.stop();
    expect(folded).toBe(true);
    raw = await readRaw();
    for (const scope of [ALL_DISTRICTS, leaScope([LEAS[2]])])
      compare(await trendReport(t.db, scope, periods), oracle(raw, scope, periods));
  });

  it("follows a problem to the team it is assigned to", async () => {
    // Some counts folded, some pending, when the routes change.
    await ingestEvents(
      t.db,
      Array.from({ length: 40 }, (_, k) => ({
        ...BODIES[k % 3]("grades"),
        lea: LEAS[k % 3],
        occurredAt: new Date(NOW - k * 3_600_000).toISOString(),
      })),
      { apiKeyId: null },
    );
    raw = await readRaw();
    const periods = trendPeriods({ range: "30d", timeZone: "America/Chicago", now: NOW });
    const before = await trendReport(t.db, ALL_DISTRICTS, periods);
    const top = before.topProblems[0];
    const team = top.route === "ops" ? "data" : "ops";
    // Refused without the fold lock (the trigger moves folded rows a fold may be writing).
    await expect(
      t.db.prisma.$executeRawUnsafe(
        `UPDATE problem SET assigned_team = $2::"Team" WHERE id = $1::bigint`,
        top.id,
        team,
      ),
    ).rejects.toThrow(/fold lock/);
    await changeRoutes(t.db, `UPDATE problem SET assigned_team = $2::"Team" WHERE id = $1::bigint`, [top.id, team]);
    raw = await readRaw();
    const after = await trendReport(t.db, ALL_DISTRICTS, periods);
    compare(after, oracle(raw, ALL_DISTRICTS, periods));
    expect(after.totals.events).toBe(before.totals.events);
    const moved = (r: TrendReport, route: "dev" | "data" | "ops") =>
      r.buckets.reduce((n, b) => n + b.byRoute[route], 0);
    expect(moved(after, team) - moved(before, team)).toBe(top.events);
    // A routing rule changes another problem's suggestion; the first one's assignment is cleared.
    const other = before.topProblems.find((p) => p.id !== top.id)!;
    await changeRoutes(t.db, `UPDATE problem SET route = $2::"Team" WHERE id = $1::bigint AND assigned_team IS NULL`, [
      other.id,
      other.route === "data" ? "dev" : "data",
    ]);
    await changeRoutes(t.db, `UPDATE problem SET assigned_team = NULL WHERE id = $1::bigint`, [top.id]);
    raw = await readRaw();
    for (const scope of [ALL_DISTRICTS, leaScope([LEAS[0]])])
      compare(await trendReport(t.db, scope, periods), oracle(raw, scope, periods));
    // The series rollup still sums to the per-problem one, quarter-hour by quarter-hour.
    const drift = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM (SELECT day, lea, status, int_array_sum(cumulative) AS c FROM trend_day GROUP BY 1, 2, 3) s
         FULL JOIN (SELECT day, lea, status, int_array_sum(cumulative) AS c FROM problem_trend_day GROUP BY 1, 2, 3) p USING (day, lea, status)
        WHERE quarter_totals_full(s.c) IS DISTINCT FROM quarter_totals_full(p.c)`,
    );
    expect(Number(drift[0].n)).toBe(0);
    // Folding what is pending changes no figure.
    const pending = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM share_pending");
    expect(Number(pending[0].n)).toBeGreaterThan(0);
    await t.db.procedure("foldPending");
    expect(
      Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM share_pending"))[0].n),
    ).toBe(0);
    for (const scope of [ALL_DISTRICTS, leaScope([LEAS[1]])])
      compare(await trendReport(t.db, scope, periods), oracle(raw, scope, periods));
    const hourly = trendPeriods({ range: "7d", bucket: "hour", timeZone: "Asia/Kolkata", now: NOW });
    compare(await trendReport(t.db, ALL_DISTRICTS, hourly), oracle(raw, ALL_DISTRICTS, hourly));
  });

  // Last: it adds events (and reads raw again).
  it("tells a problem first seen minutes before the range, on the UTC day the range cuts, from a new one, pending and folded", async () => {
    const periods = trendPeriods({ range: "7d", timeZone: "America/Chicago", now: NOW });
    const start = periods.current.starts[0];
    expect(new Date(start - 600_000).toISOString().slice(0, 10)).toBe(new Date(start).toISOString().slice(0, 10));
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    const notFound = (resource: string, minutes: number) => ({
      status: 404,
      url: `https://h/data/v3/ed-fi/${resource}`,
      body: { type: "urn:ed-fi:api:not-found", detail: "The requested resource could not be found." },
      lea: LEAS[0],
      occurredAt: at(minutes),
    });
    const written = await ingestEvents(
      t.db,
      [notFound("calendars", -10), notFound("calendars", 60), notFound("calendarDates", 0)],
      { apiKeyId: null },
    );
    // The new problem's first event is the range's first instant: were "seen before" taken from a
    // period before the range that reached into it, even a quarter-hour, it would not be new.
    const [seenJustBefore, fresh] = [written.events[0].problemId, written.events[2].problemId];
    expect(written.events[1].problemId).toBe(seenJustBefore);
    expect(fresh).not.toBe(seenJustBefore);
    const check = async () => {
      for (const scope of [ALL_DISTRICTS, leaScope([LEAS[0]])]) {
        const ids = (await trendReport(t.db, scope, periods)).newProblems.map((p) => p.id);
        expect(ids, scope.kind).toContain(fresh);
        expect(ids, scope.kind).not.toContain(seenJustBefore);
      }
    };
    await check(); // pending
    await t.db.procedure("foldPending");
    await check(); // folded
    // Of every district the page asks for the few problems not seen before, and the greatest id
    // it saw: a problem created after that statement counts as new, not as seen before.
    const unseen = await t.db.prisma.$queryRaw<{ id: string | null; top: string }[]>(
      unseenBeforeSql(ALL_DISTRICTS, periods.current.starts[0]),
    );
    expect(unseen.map((r) => r.id)).toContain(fresh);
    expect(unseen.map((r) => r.id)).not.toContain(seenJustBefore);
    const [{ top }] = await t.db.prisma.$queryRawUnsafe<{ top: string }[]>("SELECT max(id)::text AS top FROM problem");
    expect(new Set(unseen.map((r) => r.top))).toEqual(new Set([top]));
    raw = await readRaw();
  });
});
