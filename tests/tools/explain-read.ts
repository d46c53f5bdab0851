// Dev aid: EXPLAIN (ANALYZE, BUFFERS) of every statement one dashboard read sends, on a kept
// database (tests/tools/perf-db.ts), to see where its time goes:
//   [LEA=code] npx tsx tests/tools/explain-read.ts postgresql://postgres@127.0.0.1:5432/perf groups|facets|list|trends [search] [zone]
// LEA: read inside that district (default: every district). BY=article: groups by article (default: resource).
import pg from "pg";
import { ALL_DISTRICTS, leaScope } from "../../lib/auth/scope";
import { openDatabase } from "../../lib/runtime/database";
import { SESSION_OPTIONS } from "../../lib/db/database";
import { sql, type Sql } from "../../lib/queries/sql-tag";
import { groupProblemStream, listProblemStream, problemFacets } from "../../lib/queries/problem-stream";
import { loadProblemSearch } from "../../lib/search-params/problems";
import { trendReport } from "../../lib/queries/trends";
import { trendPeriods, type TrendRange } from "../../lib/trends/periods";

async function main() {
  const [url, read = "groups", query = "", timeZone = "UTC"] = process.argv.slice(2);
  if (!url) throw new Error("usage: explain-read.ts <database url> groups|facets|list|trends [search] [zone]");
  const db = await openDatabase({ kind: "postgres", url });
  const sent: Sql[] = [];
  // Called as a function with a Sql or as a tag with its strings and values.
  type QueryRaw = (q: Sql | TemplateStringsArray, ...values: unknown[]) => Promise<unknown>;
  const prisma = db.prisma as unknown as { $queryRaw: QueryRaw };
  const send = prisma.$queryRaw.bind(prisma);
  prisma.$queryRaw = (q, ...values) => {
    const statement = Array.isArray(q) ? sql(q as TemplateStringsArray, ...values) : (q as Sql);
    sent.push(statement);
    return send(statement);
  };
  const search = loadProblemSearch(query);
  const scope = process.env.LEA ? leaScope([process.env.LEA]) : ALL_DISTRICTS;
  const reads: Record<string, () => Promise<unknown>> = {
    groups: () =>
      groupProblemStream(db, scope, search, process.env.BY === "article" ? "article" : "resource", { timeZone }),
    facets: () => problemFacets(db, scope, search, { timeZone }),
    list: () => listProblemStream(db, scope, search, { timeZone }),
    trends: () =>
      trendReport(db, scope, trendPeriods({ range: (query || "30d") as TrendRange, timeZone, now: Date.now() })),
  };
  await reads[read]();
  const client = new pg.Client({ connectionString: url, options: SESSION_OPTIONS }); // as the app connects
  await client.connect();
  try {
    for (const q of sent) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values as unknown[]);
      console.log(rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"), "\n");
    }
  } finally {
    await client.end();
    await db.close();
  }
}
main();
