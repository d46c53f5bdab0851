// A command's database: opened, migrated, closed afterwards (PGlite: one process per directory).
import { databaseConfigFromEnv } from "../db/config";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";

export async function withCliDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(databaseConfigFromEnv());
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}
