// npm run keys -- create NAME [--scope ingest,read] [--lea CODE,…] | revoke ID|PREFIX | list
import { createApiKey, listApiKeys, parseScopes, revokeApiKey } from "../auth/api-keys";
import { listOption, parseArgs } from "./args";
import { withCliDatabase } from "./database";

const USAGE = "usage: npm run keys -- create NAME [--scope ingest,read] [--lea CODE,…] | revoke ID|PREFIX | list";

export async function run(args: string[]): Promise<number> {
  const { words, options } = parseArgs(args, ["scope", "lea"]);
  const [action, ...rest] = words;
  if (!action || !["create", "revoke", "list"].includes(action) || (action !== "list" && !rest.length)) {
    console.error(USAGE);
    return 2;
  }
  return withCliDatabase(async (db) => {
    if (action === "create") {
      const name = rest.join(" ");
      const scopes = parseScopes(options.get("scope"));
      const leaCodes = listOption(options.get("lea"));
      const { id, key } = await createApiKey(db, name, scopes, leaCodes);
      console.error(
        `created key #${id} "${name}" with scope ${scopes.join(",")}${leaCodes.length ? ` for districts ${leaCodes.join(",")}` : " for every district"}. It is shown once; store it now:`,
      );
      console.log(key);
      return 0;
    }
    if (action === "revoke") {
      const n = await revokeApiKey(db, rest[0]);
      console.error(n ? `revoked ${n} key(s)` : `no active key with id or prefix ${rest[0]}`);
      return n ? 0 : 1;
    }
    for (const k of await listApiKeys(db)) {
      console.log(
        [
          k.id,
          `${k.prefix}…`,
          k.name,
          k.scopes.join(","),
          k.leaCodes?.length ? k.leaCodes.join(",") : "all districts",
          k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active",
          k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used",
        ].join("\t"),
      );
    }
    return 0;
  });
}
