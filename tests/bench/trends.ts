// The trends page's queries (lib/queries/trends.ts) as bench cases: every range, all districts and
// one, in a US time zone. benchTrends loads its own data set (10,000,000 events by default).
import pg from "pg";
import { openDatabase, type Database } from "../../lib/runtime/database";
import { ALL_DISTRICTS, leaScope, type Scope } from "../../lib/auth/scope";
import { seriesSql, trendReport } from "../../lib/queries/trends";
import { districtSeriesSql } from "../../lib/queries/trend-districts";
import { problemTotalsSql } from "../../lib/queries/trend-problems";
import { trendPeriods, type TrendRange } from "../../lib/trends/periods";
import { FOLD_EVERY_EVENTS } from "../../lib/ingest/ingest";
import { DISTRICTS } from "../../prisma/demo/generate";
import { timeCases, type QueryCase, type QueryFigure } from "./timing";
import { createBenchDatabase } from "./util";

const ZONE = "America/Chicago";

export function trendCases(db: Database, district: Scope): QueryCase[] {
  const ranges: TrendRange[] = ["24h", "7d", "30d", "90d"];
  return ranges.flatMap((range) =>
    (
      [
        ["all districts", ALL_DISTRICTS],
        ["one district", district],
      ] as const
    ).map(([who, scope]): QueryCase => {
      const periods = () => trendPeriods({ range, timeZone: ZONE, now: Date.now() });
      return {
        query: `trends ${range} (${who})`,
        targetMs: 100,
        run: () => trendReport(db, scope, periods()),
        plans: [seriesSql(scope, periods()), districtSeriesSql(scope, periods()), problemTotalsSql(scope, periods())],
      };
    }),
  );
}

/**
 * The worst moment for a read: just before a fold, with a fold's worth of counts pending (the
 * latest 50,000 events counted again into share_pending — the figures double-count them; only
 * the time is of interest), read beside the running totals.
 */
export async function timePendingCases(client: pg.Client, db: Database, district: Scope): Promise<QueryFigure[]> {
  await client.query(`INSERT INTO share_pending (problem_id, day, lea, client, status, quarter, events, first_seen_at, last_seen_at)
    SELECT problem_id, utc_day(occurred_at), coalesce(lea, ''), coalesce(client, ''), status, utc_quarter_hour(occurred_at), count(*)::int, min(occurred_at), max(occurred_at)
      FROM (SELECT * FROM error_event ORDER BY occurred_at DESC LIMIT ${FOLD_EVERY_EVENTS}) e GROUP BY 1, 2, 3, 4, 5, 6`);
  await client.query("ANALYZE share_pending");
  try {
    const cases = trendCases(db, district).filter((c) => /^trends (24h|30d)/.test(c.query));
    return await timeCases(
      client,
      cases.map((c) => ({ ...c, query: `${c.query}, ${FOLD_EVERY_EVENTS.toLocaleString("en-US")} events pending` })),
    );
  } finally {
    await client.query("TRUNCATE share_pending");
  }
}

export async function benchTrends(
  adminUrl: string,
  total: number,
): Promise<{ loadSeconds: number; events: number; figures: QueryFigure[] }> {
  const target = await createBenchDatabase(adminUrl, "trends");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  const client = new pg.Client({ connectionString: target.url });
  try {
    const { migrate } = await import("../../lib/db/migrate");
    const { load } = await import("./queries");
    await migrate(db);
    const { seconds } = await load(db, target.url, total);
    await client.connect();
    // The load leaves gigabytes of dirty buffers: flushed now, not by a checkpoint mid-timing.
    await client.query("CHECKPOINT");
    const district = leaScope([DISTRICTS[0].lea]);
    const figures = [
      ...(await timeCases(client, trendCases(db, district))),
      ...(await timePendingCases(client, db, district)),
    ];
    return { loadSeconds: seconds, events: total, figures };
  } finally {
    await client.end().catch(() => {});
    await db.close();
    await target.drop();
  }
}
