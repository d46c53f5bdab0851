// What the daily rollup's quarter-hour running totals cost the problems list (README, "Quarter-hours
// in the daily rollup"): at 1M events in one database, the list's SQL over problem_daily_count as it
// is (wide), over a copy without the column (narrow, as before), and over a copy whose arrays are
// kept out of line (toasted), interleaved so that the machine's load hits each alike.
//   npx tsx tests/bench/daily-quarter-hours.ts   (BENCH_DATABASE_URL, BENCH_QUERY_EVENTS=1000000)
import pg from "pg";
import { openDatabase } from "../../lib/runtime/database";
import { ALL_DISTRICTS, leaScope } from "../../lib/auth/scope";
import { problemRowsSql, streamFilters } from "../../lib/queries/problem-stream";
import { loadProblemSearch } from "../../lib/search-params/problems";
import { DISTRICTS } from "../../prisma/demo/generate";
import { load } from "./queries";
import { createBenchDatabase, percentile } from "./util";

const url = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const target = await createBenchDatabase(url, "tzab");
const db = await openDatabase({ kind: "postgres", url: target.url });
const { migrate } = await import("../../lib/db/migrate");
await migrate(db);
await load(db, target.url, Number(process.env.BENCH_QUERY_EVENTS ?? 1_000_000));
const c = new pg.Client({ connectionString: target.url });
await c.connect();
await c.query(`CREATE SCHEMA narrow;
  CREATE TABLE narrow.problem_daily_count AS SELECT problem_id, day, lea, client, count, first_seen_at, last_seen_at FROM problem_daily_count;
  CREATE VIEW narrow.problem_daily_live AS
    SELECT problem_id, day, lea, client, count, first_seen_at, last_seen_at, NULL::int[] AS cumulative, NULL::smallint AS quarter
      FROM narrow.problem_daily_count
    UNION ALL SELECT problem_id, day, lea, client, events, first_seen_at, last_seen_at, NULL::int[], quarter FROM share_pending`);
await c.query(`CREATE SCHEMA toasted;
  CREATE TABLE toasted.problem_daily_count (LIKE problem_daily_count INCLUDING ALL);
  ALTER TABLE toasted.problem_daily_count SET (toast_tuple_target = 128);
  ALTER TABLE toasted.problem_daily_count ALTER COLUMN cumulative SET STORAGE EXTERNAL;
  INSERT INTO toasted.problem_daily_count SELECT * FROM problem_daily_count;
  CREATE VIEW toasted.problem_daily_live AS
    SELECT problem_id, day, lea, client, count, first_seen_at, last_seen_at, cumulative, NULL::smallint AS quarter FROM toasted.problem_daily_count
    UNION ALL SELECT problem_id, day, lea, client, events, first_seen_at, last_seen_at, NULL::int[], quarter FROM share_pending`);
await c.query("VACUUM ANALYZE toasted.problem_daily_count");
await c.query("VACUUM ANALYZE narrow.problem_daily_count");
await c.query("VACUUM ANALYZE problem_daily_count");
const sizes = await c.query(`SELECT pg_size_pretty(pg_table_size('problem_daily_count')) AS wide,
  pg_size_pretty(pg_table_size('narrow.problem_daily_count')) AS narrow, pg_size_pretty(pg_relation_size('toasted.problem_daily_count')) AS toasted_heap,
  pg_size_pretty(pg_table_size('toasted.problem_daily_count')) AS toasted_all, (SELECT count(*) FROM problem_daily_count) AS rows`);
console.log("rollup size", sizes.rows[0]);
const district = leaScope([DISTRICTS[0].lea]);
const [kolkata, chicago] = [{ timeZone: "Asia/Kolkata" }, { timeZone: "America/Chicago" }];
const cases = [
  {
    name: "list, all districts, 30d, UTC",
    q: problemRowsSql(ALL_DISTRICTS, streamFilters(loadProblemSearch("")), "events.desc", 50, 0),
  },
  {
    name: "list, all districts, 30d, Asia/Kolkata",
    q: problemRowsSql(ALL_DISTRICTS, streamFilters(loadProblemSearch(""), kolkata), "events.desc", 50, 0),
  },
  {
    name: "list, one district, 7d, America/Chicago",
    q: problemRowsSql(district, streamFilters(loadProblemSearch("range=7d"), chicago), "events.desc", 50, 0),
  },
];
const out: Record<string, unknown>[] = [];
for (const k of cases) {
  const times = { wide: [] as number[], narrow: [] as number[], toasted: [] as number[] };
  for (let i = 0; i < 25; i++) {
    for (const side of ["wide", "narrow", "toasted"] as const) {
      await c.query(side === "wide" ? "SET search_path = public" : `SET search_path = ${side}, public`);
      const t0 = performance.now();
      await c.query(k.q.text, k.q.values as unknown[]);
      if (i >= 5) times[side].push(performance.now() - t0);
    }
  }
  const figures = (["wide", "narrow", "toasted"] as const).flatMap((side) => [
    [`${side}P50`, percentile(times[side], 50).toFixed(1)],
    [`${side}P95`, percentile(times[side], 95).toFixed(1)],
  ]);
  out.push({ query: k.name, ...Object.fromEntries(figures) });
}
console.table(out);
await c.end();
await db.close();
await target.drop();
process.exit(0);
