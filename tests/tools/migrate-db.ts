// Dev aid: applies the pending migrations to a database:  npx tsx tests/tools/migrate-db.ts URL
import { openDatabase } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";

async function main() {
  const db = await openDatabase({
    kind: "postgres",
    url: process.argv[2] ?? "postgresql://postgres@127.0.0.1:5432/perf",
  });
  const started = performance.now();
  await migrate(db);
  console.log(`migrated in ${Math.round(performance.now() - started)} ms`);
  await db.close();
}
main();
