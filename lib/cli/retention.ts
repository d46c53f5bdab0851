// npm run retention [-- --dry-run]
//   drops the months of events older than TRIAGE_RETENTION_DAYS (default 400) and what only they
//   held (idempotency keys, aliases, the month's search texts); the counts stay in the rollups.
//   The server does this by itself every few hours; this runs it now and says what it did.
import { withCliDatabase } from "./database";
import { retireOldEvents } from "../retention/retention";
import { eventPartitions } from "../retention/partitions";
import { monthsToRetire, retentionDays, retentionHorizon } from "../retention/policy";
import { eventsKeptFrom } from "../retention/retired";

export async function run(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  if (args.some((a) => a !== "--dry-run")) {
    console.error("usage: npm run retention [-- --dry-run]");
    return 2;
  }
  return withCliDatabase(async (db) => {
    const days = retentionDays();
    const horizon = new Date(retentionHorizon());
    console.log(`keeping events of the last ${days} days (TRIAGE_RETENTION_DAYS): from ${horizon.toISOString()}`);
    if (dryRun) {
      const months = monthsToRetire(
        (await db.session(eventPartitions)).map((p) => p.month),
        horizon.getTime(),
      );
      console.log(months.length ? `would drop: ${months.map((m) => m.slice(0, 7)).join(", ")}` : "nothing to drop");
      return 0;
    }
    const result = await retireOldEvents(db, { days });
    if (result.busy) {
      console.error("another retention run (a server's, or another npm run retention) is in progress; try again later");
      return 1;
    }
    for (const r of result.retired)
      console.log(
        `dropped ${r.month.slice(0, 7)}: ${r.events.toLocaleString("en-US")} events in ${r.ms} ms (counts kept)`,
      );
    if (!result.retired.length) console.log("nothing to drop");
    if (result.keysDeleted || result.aliasesDeleted)
      console.log(
        `deleted ${result.keysDeleted} idempotency keys and ${result.aliasesDeleted} aliases of dropped events`,
      );
    const from = await db.session(eventsKeptFrom);
    const partitions = await db.session(eventPartitions);
    console.log(
      `events kept from ${from ?? partitions[0]?.month ?? "(none stored)"}; months held: ${partitions.map((p) => p.month.slice(0, 7)).join(", ") || "none"}`,
    );
    return 0;
  });
}
