// A command's database: opened, migrated, closed afterwards (PGlite: one process per directory).
// Commands that store or move events (import, clients) run the ledger's background folder while
// they work and fold what is left before closing, as the server does.
import { databaseConfigFromEnv } from "../db/config";
import { openDatabase, type Database } from "../runtime/database";
import { migrate } from "../db/migrate";
import { startFolder } from "../ledger/folder";
import { connectCluster } from "../runtime/cluster";

export async function withCliDatabase<T>(
  fn: (db: Database) => Promise<T>,
  options: { fold?: boolean } = {},
): Promise<T> {
  const config = databaseConfigFromEnv();
  const db = await openDatabase(config);
  // The servers hear what a command changes (a revoked key, a re-mapped client) at once.
  const cluster = connectCluster(db, config, { serve: false });
  try {
    await migrate(db);
    if (!options.fold) return await fn(db);
    const folder = startFolder(db);
    try {
      const result = await fn(db);
      await folder.drain();
      return result;
    } finally {
      folder.stop();
    }
  } finally {
    await cluster.stop();
    await db.close();
  }
}
