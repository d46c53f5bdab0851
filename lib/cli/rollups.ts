// npm run rollups -- verify | rebuild | fold
//   verify   every derived table (folded + pending) against its definition from the raw events;
//            prints each difference, exits 1 when there is any
//   rebuild  recomputes every derived table from the events in bounded transactions (the server
//            may keep serving and ingesting on PostgreSQL; PGlite's data directory is one process's)
//   fold     folds the pending counts now
import { withCliDatabase } from "./database";
import { verifyRollups, formatDifference } from "../ledger/verify";
import { rebuildRollups } from "../ledger/rebuild";
import { foldedEvents } from "../ledger/fold";

export async function run(args: string[]): Promise<number> {
  const [command] = args;
  if (command === "verify") {
    return withCliDatabase(async (db) => {
      const differences = await verifyRollups(db);
      for (const d of differences) console.log(formatDifference(d));
      console.log(
        differences.length
          ? `${differences.length} difference${differences.length === 1 ? "" : "s"}`
          : "0 differences: every derived table equals its definition from the events",
      );
      return differences.length ? 1 : 0;
    });
  }
  if (command === "rebuild") {
    return withCliDatabase(async (db) => {
      const started = performance.now();
      const { batches } = await rebuildRollups(db, (p) =>
        process.stderr.write(`\r${p.phase}: ${p.done}/${p.total}   `),
      );
      process.stderr.write("\n");
      console.log(`rebuilt in ${batches} batches, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    });
  }
  if (command === "fold") {
    return withCliDatabase(async (db) => {
      let total = 0;
      const fold = async () => foldedEvents(await db.procedure("foldPending"));
      for (let n = await fold(); n > 0; n = await fold()) total += n;
      console.log(`folded ${total} events`);
      return 0;
    });
  }
  console.error("usage: npm run rollups -- verify | rebuild | fold");
  return 2;
}
