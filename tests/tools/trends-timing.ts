// Dev aid: the bench's trends cases (tests/bench/trends.ts) on an existing database, e.g. one made
// by perf-db.ts:  npx tsx tests/tools/trends-timing.ts postgresql://postgres@127.0.0.1:5432/perf
import pg from "pg";
import { openDatabase } from "../../lib/runtime/database";
import { leaScope } from "../../lib/auth/scope";
import { DISTRICTS } from "../../prisma/demo/generate";
import { trendCases } from "../bench/trends";
import { timeCases } from "../bench/timing";

async function main() {
  const url = process.argv[2] ?? "postgresql://postgres@127.0.0.1:5432/perf";
  const db = await openDatabase({ kind: "postgres", url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const figures = await timeCases(client, trendCases(db, leaScope([DISTRICTS[0].lea])));
    console.table(figures.map(({ plan: _plan, ...f }) => f));
    for (const f of figures) console.log(`  ${f.query}: ${f.plan}`);
  } finally {
    await client.end();
    await db.close();
  }
}
main();
