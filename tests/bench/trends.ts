// The trends page's queries (lib/queries/trends.ts) as bench cases: every range, all districts and
// one, in a US time zone. benchTrends loads its own data set (10,000,000 events by default).
import pg from "pg";
import { openDatabase, type Database } from "../../lib/db/database";
import { ALL_DISTRICTS, leaScope, type Scope } from "../../lib/auth/scope";
import { problemTotalsSql, seriesSql, trendReport } from "../../lib/queries/trends";
import { trendPeriods, type TrendRange } from "../../lib/trends/periods";
import { DISTRICTS } from "../../prisma/demo/generate";
import { timeCases, type QueryCase, type QueryFigure } from "./timing";
import { createBenchDatabase } from "./util";

const ZONE = "America/Chicago";

export function trendCases(db: Database, district: Scope): QueryCase[] {
  const ranges: TrendRange[] = ["24h", "7d", "30d", "90d"];
  return ranges.flatMap((range) =>
    ([["all districts", ALL_DISTRICTS], ["one district", district]] as const).map(([who, scope]): QueryCase => {
      const periods = () => trendPeriods({ range, timeZone: ZONE, now: Date.now() });
      return { query: `trends ${range} (${who})`, targetMs: 100, run: () => trendReport(db, scope, periods()), plans: [seriesSql(scope, periods()), problemTotalsSql(scope, periods())] };
    }),
  );
}

export async function benchTrends(adminUrl: string, total: number): Promise<{ loadSeconds: number; events: number; figures: QueryFigure[] }> {
  const target = await createBenchDatabase(adminUrl, "trends");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  const client = new pg.Client({ connectionString: target.url });
  try {
    const { migrate } = await import("../../lib/db/migrate");
    const { load } = await import("./queries");
    await migrate(db);
    const { seconds } = await load(db, target.url, total);
    await client.connect();
    const figures = await timeCases(client, trendCases(db, leaScope([DISTRICTS[0].lea])));
    return { loadSeconds: seconds, events: total, figures };
  } finally {
    await client.end().catch(() => {});
    await db.close();
    await target.drop();
  }
}
