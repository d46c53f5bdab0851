// One CSV export in a process of its own (started by queries.ts with a small heap limit), so its
// resident memory is the export's alone: prints {rows, megabytes, seconds, peakRssMb, startRssMb}.
//   npx tsx tests/bench/export-child.ts DATABASE_URL [query]
import { exportEventsCsv } from "../../lib/api/export";
import { ALL_DISTRICTS } from "../../lib/auth/scope";
import { openDatabase } from "../../lib/runtime/database";

async function main() {
  const [url, query = ""] = process.argv.slice(2);
  const db = await openDatabase({ kind: "postgres", url });
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  let bytes = 0;
  let rows = -1; // the header line
  const started = performance.now();
  const reader = (await exportEventsCsv(db, ALL_DISTRICTS, new URLSearchParams(query))).body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) rows++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  console.log(
    JSON.stringify({
      rows,
      megabytes: mb(bytes),
      seconds: Math.round(seconds * 10) / 10,
      peakRssMb: mb(peak),
      startRssMb: mb(startRss),
    }),
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
