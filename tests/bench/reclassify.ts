// npm run reclassify at size: BENCH_RECLASSIFY_EVENTS demo events stored under an older catalog
// (tests/support/older-catalog.ts: ~10% of them now belong elsewhere), then a dry run and a real run
// in steps of 1,000, on PGlite (in memory) and PostgreSQL. Events read per second, events moved per
// second, and rollups verify afterwards (must be 0).
import { demoEvents } from "../../prisma/demo/generate";
import { openDatabase, type Database } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";
import { verifyRollups } from "../../lib/ledger/verify";
import { reclassify } from "../../lib/reclassify/reclassify";
import { storeUnderOlderCatalog } from "../support/older-catalog";
import type { IngestEvent } from "../../lib/ingest/events.schema";
import { createBenchDatabase, round } from "./util";

export interface ReclassifyFigure {
  database: string;
  events: number;
  moved: number;
  "dry run s": number;
  "dry run events/s": number;
  "run s": number;
  "run events/s": number;
  "moved events/s": number;
  "verify differences": number;
}

const COUNT = Number(process.env.BENCH_RECLASSIFY_EVENTS ?? 100_000);

export async function benchReclassify(pgUrl: string | null): Promise<ReclassifyFigure[]> {
  const end = new Date();
  // Every 10th event of a larger stream: the mix of every situation, not one incident's burst.
  const events = [...demoEvents({ count: COUNT * 10, days: 30, seed: 23, end })]
    .filter((_, k) => k % 10 === 0)
    .slice(0, COUNT) as IngestEvent[];
  const figures: ReclassifyFigure[] = [];
  const lite = await openDatabase({ kind: "pglite", dataDir: undefined });
  try {
    figures.push(await measure("PGlite", lite, events, end));
  } finally {
    await lite.close();
  }
  if (pgUrl) {
    const target = await createBenchDatabase(pgUrl, "reclassify");
    const db = await openDatabase({ kind: "postgres", url: target.url });
    try {
      figures.push(await measure("PostgreSQL", db, events, end));
    } finally {
      await db.close();
      await target.drop();
    }
  }
  return figures;
}

async function measure(database: string, db: Database, events: IngestEvent[], end: Date): Promise<ReclassifyFigure> {
  await migrate(db);
  await storeUnderOlderCatalog(db, events, end, 1_000);
  let started = performance.now();
  await reclassify(db, { dryRun: true });
  const dry = (performance.now() - started) / 1000;
  started = performance.now();
  const run = await reclassify(db);
  const real = (performance.now() - started) / 1000;
  const differences = (await verifyRollups(db)).length;
  return {
    database,
    events: run.scanned,
    moved: run.moved,
    "dry run s": round(dry, 1),
    "dry run events/s": Math.round(run.scanned / dry),
    "run s": round(real, 1),
    "run events/s": Math.round(run.scanned / real),
    "moved events/s": Math.round(run.moved / real),
    "verify differences": differences,
  };
}
