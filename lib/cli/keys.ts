import { createApiKey, listApiKeys, parseScopes, revokeApiKey } from "../auth/api-keys";
import { databaseConfigFromEnv } from "../db/config";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";

const USAGE = "usage: npm run keys -- create NAME [--scope ingest,read] | revoke ID|PREFIX | list";

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!action || !["create", "revoke", "list"].includes(action)) {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase(databaseConfigFromEnv());
  try {
    await migrate(db);
    if (action === "create") {
      const scopeAt = rest.findIndex((a) => a === "--scope" || a.startsWith("--scope="));
      const scopeText = scopeAt < 0 ? undefined : rest[scopeAt].includes("=") ? rest[scopeAt].split("=")[1] : rest[scopeAt + 1];
      const name = rest.filter((_, i) => scopeAt < 0 || (i !== scopeAt && i !== scopeAt + 1)).join(" ");
      if (!name) {
        console.error(USAGE);
        return 2;
      }
      const scopes = parseScopes(scopeText);
      const { id, key } = await createApiKey(db, name, scopes);
      console.error(`created key #${id} "${name}" with scope ${scopes.join(",")}. It is shown once; store it now:`);
      console.log(key);
      return 0;
    }
    if (action === "revoke") {
      if (!rest[0]) {
        console.error(USAGE);
        return 2;
      }
      const n = await revokeApiKey(db, rest[0]);
      console.error(n ? `revoked ${n} key(s)` : `no active key with id or prefix ${rest[0]}`);
      return n ? 0 : 1;
    }
    for (const k of await listApiKeys(db)) {
      console.log([k.id, k.prefix + "…", k.name, k.scopes.join(","), k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active", k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used"].join("\t"));
    }
    return 0;
  } finally {
    await db.close();
  }
}
