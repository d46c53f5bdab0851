import { databaseConfigFromEnv, describeDatabase } from "../db/config";
import { openDatabase } from "../runtime/database";
import { migrate } from "../db/migrate";

export async function run(): Promise<number> {
  const config = databaseConfigFromEnv();
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db);
    console.error(
      applied.length
        ? `applied ${applied.join(", ")} to ${describeDatabase(config)}`
        : `${describeDatabase(config)} is up to date`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
