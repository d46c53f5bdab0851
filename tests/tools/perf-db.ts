// Dev aid: a persistent 1,000,000-event PostgreSQL database (\`perf\`) loaded like the benchmark's,
// for working on query plans:  npx tsx tests/tools/perf-db.ts [events] [database name]
// BENCH_QUERY_DAYS: the days its events are spread over (default 30).
// BENCH_WIDE=1: the wide data set (10,000 problems, 500 districts, 200 clients; tests/bench/wide.ts).
import pg from "pg";
import { openDatabase } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";
import { load } from "../bench/queries";
import { WIDE_DEFAULT } from "../bench/wide";

async function main() {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/test" });
  await admin.connect();
  const name = process.argv[3] ?? "perf";
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("database name: lower case letters, digits, _");
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  const db = await openDatabase({ kind: "postgres", url });
  await migrate(db);
  const { seconds } = await load(
    db,
    url,
    Number(process.argv[2] ?? 1_000_000),
    process.env.BENCH_WIDE === "1" ? WIDE_DEFAULT : undefined,
    Number(process.env.BENCH_QUERY_DAYS ?? 30),
  );
  console.log(`loaded in ${seconds} s`);
  await db.close();
}
main();
