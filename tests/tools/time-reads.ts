// Dev aid: times a few dashboard reads of every district on a kept database (tests/tools/perf-db.ts),
// so that two versions of a query are compared on the same data (run it from each checkout in turn):
//   npx tsx tests/tools/time-reads.ts postgresql://postgres@127.0.0.1:5432/perf [runs] [filter]
// [filter]: a regular expression on the reads' names. Each read: p50 and p95 of `runs` (default 7)
// after one warm-up, America/Chicago; "seen before" times only its own query (the totals it needs
// are read first). The trends page's bench cases, every scope: tests/tools/trends-timing.ts.
import { ALL_DISTRICTS, leaScope } from "../../lib/auth/scope";
import { searchEverything } from "../../lib/queries/search";
import { getProblemDetail, problemDailySeries, problemTopValues } from "../../lib/queries/problem-detail";
import { listEvents } from "../../lib/queries/event-list";
import { wideDistrict } from "../bench/wide";
import { percentile } from "../bench/util";
import { openDatabase } from "../../lib/runtime/database";
import { loadProblemSearch } from "../../lib/search-params/problems";
import { groupProblemStream, listProblemStream, problemFacets } from "../../lib/queries/problem-stream";
import { clientTotalsSql, seriesSql, trendReport } from "../../lib/queries/trends";
import { districtSeriesSql } from "../../lib/queries/trend-districts";
import { problemTotalsSql, seenBeforeSql, unseenBeforeSql } from "../../lib/queries/trend-problems";
import { trendPeriods, type TrendRange } from "../../lib/trends/periods";

const ZONE = "America/Chicago";

async function main() {
  const [url, runsArg, filter = ""] = process.argv.slice(2);
  if (!url) throw new Error("usage: time-reads.ts <database url> [runs] [filter]");
  const runs = Number(runsArg ?? 7);
  const db = await openDatabase({ kind: "postgres", url });
  const periods = (range: TrendRange) => trendPeriods({ range, timeZone: ZONE, now: Date.now() });
  const reads: [string, () => Promise<unknown>][] = [];
  for (const range of ["7d", "30d", "90d"] as TrendRange[]) {
    const p = periods(range);
    reads.push([`trends series ${range}`, () => db.prisma.$queryRaw(seriesSql(ALL_DISTRICTS, p))]);
    reads.push([`trends district series ${range}`, () => db.prisma.$queryRaw(districtSeriesSql(ALL_DISTRICTS, p))]);
    reads.push([`trends problem totals ${range}`, () => db.prisma.$queryRaw(problemTotalsSql(ALL_DISTRICTS, p))]);
    reads.push([`trends client totals ${range}`, () => db.prisma.$queryRaw(clientTotalsSql(ALL_DISTRICTS, p))]);
    reads.push([
      `trends seen before ${range}`,
      async () => {
        const rows = await db.prisma.$queryRaw<{ id: string; n: bigint }[]>(problemTotalsSql(ALL_DISTRICTS, p));
        const ids = rows.filter((r) => r.n > 0n).map((r) => r.id);
        const t = performance.now();
        await db.prisma.$queryRaw(seenBeforeSql(ALL_DISTRICTS, ids, p.current.starts[0]));
        return performance.now() - t;
      },
    ]);
    reads.push([
      `trends unseen before (every problem) ${range}`,
      () => db.prisma.$queryRaw(unseenBeforeSql(ALL_DISTRICTS, p.current.starts[0])),
    ]);
    reads.push([`trends page ${range}`, () => trendReport(db, ALL_DISTRICTS, periods(range))]);
  }
  for (const range of ["7d", "30d", "90d"]) {
    const search = loadProblemSearch(`range=${range}`);
    reads.push([`problems list ${range}`, () => listProblemStream(db, ALL_DISTRICTS, search, { timeZone: ZONE })]);
    reads.push([
      `problems list ${range}, rising first`,
      () =>
        listProblemStream(db, ALL_DISTRICTS, loadProblemSearch(`range=${range}&sort=rise.desc`), { timeZone: ZONE }),
    ]);
    reads.push([`facets ${range}`, () => problemFacets(db, ALL_DISTRICTS, search, { timeZone: ZONE })]);
    for (const by of ["resource", "article"] as const)
      for (const timeZone of ["UTC", ZONE])
        reads.push([
          `groups by ${by} ${range} ${timeZone}`,
          () => groupProblemStream(db, ALL_DISTRICTS, search, by, { timeZone }),
        ]);
  }
  // The New and Rising presets: the list, its facets and groups (every district, and with a district filter).
  for (const seen of ["new", "rising"])
    for (const range of ["7d", "30d"]) {
      const search = loadProblemSearch(`range=${range}&seen=${seen}`);
      const clock = { timeZone: ZONE };
      reads.push([`${seen}: problems list ${range}`, () => listProblemStream(db, ALL_DISTRICTS, search, clock)]);
      reads.push([`${seen}: facets ${range}`, () => problemFacets(db, ALL_DISTRICTS, search, clock)]);
      reads.push([`${seen}: groups ${range}`, () => groupProblemStream(db, ALL_DISTRICTS, search, "resource", clock)]);
      const filtered = loadProblemSearch(`range=${range}&seen=${seen}&lea=${wideDistrict(0)}`);
      reads.push([
        `${seen}: problems list ${range}, one district filter`,
        () => listProblemStream(db, ALL_DISTRICTS, filtered, clock),
      ]);
    }
  const [{ text: oneText }] = await db.prisma.$queryRawUnsafe<{ text: string }[]>(
    "SELECT substr(text, 1, 24) AS text FROM event_message ORDER BY id DESC LIMIT 1",
  );
  const district = leaScope([wideDistrict(0)]);
  for (const range of ["7d", "30d", "90d"] as TrendRange[]) {
    const search = loadProblemSearch(`range=${range}`);
    reads.push([
      `one district: problems list ${range}`,
      () => listProblemStream(db, district, search, { timeZone: ZONE }),
    ]);
    reads.push([`one district: facets ${range}`, () => problemFacets(db, district, search, { timeZone: ZONE })]);
    reads.push([`one district: trends page ${range}`, () => trendReport(db, district, periods(range))]);
  }
  for (const [scopeName, scope] of [
    ["every district", ALL_DISTRICTS],
    ["one district", district],
  ] as const) {
    reads.push([`search common words (${scopeName})`, () => searchEverything(db, scope, "does not exist")]);
    reads.push([`search one text (${scopeName})`, () => searchEverything(db, scope, oneText)]);
  }
  // The page of the busiest problem of the last 7 days, every district: each read, then all four at once.
  const [{ id: busiest }] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT problem_id::text AS id FROM problem_day WHERE day >= current_date - 7 GROUP BY 1 ORDER BY sum(events) DESC LIMIT 1`,
  );
  const clock = { timeZone: ZONE };
  const pageReads: [string, () => Promise<unknown>][] = [
    ["problem page: figures", () => getProblemDetail(db, ALL_DISTRICTS, busiest, clock)],
    ["problem page: 90-day series", () => problemDailySeries(db, ALL_DISTRICTS, busiest, 90, clock)],
    ["problem page: top values", () => problemTopValues(db, ALL_DISTRICTS, busiest, clock)],
    ["problem page: 25 events", () => listEvents(db, ALL_DISTRICTS, { problemId: busiest, limit: 25 })],
  ];
  reads.push(...pageReads, ["problem page: all four", () => Promise.all(pageReads.map(([, read]) => read()))]);
  for (const [name, read] of reads.filter(([n]) => new RegExp(filter).test(n))) {
    await read();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const own = await read();
      ms.push(typeof own === "number" ? own : performance.now() - t); // a read may time its own part
    }
    const at = (p: number) => percentile(ms, p).toFixed(1);
    console.log(`${name.padEnd(40)} p50 ${at(50).padStart(7)} ms   p95 ${at(95).padStart(7)} ms`);
  }
  await db.close();
}
main();
