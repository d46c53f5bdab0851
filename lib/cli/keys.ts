// npm run keys -- create NAME [--scope ingest,read] [--lea CODE,…] [--rate N] | rate ID|PREFIX N|default
//                | revoke ID|PREFIX | list
// Changes reach every running server process at once (lib/cluster/changes.ts).
import { createApiKey, listApiKeys, parseKeyRate, parseScopes, revokeApiKey, setKeyRate } from "../auth/api-keys";
import { describeKeyRate } from "../ingest/rate-limit";
import { listOption, parseArgs } from "./args";
import { withCliDatabase } from "./database";

const USAGE =
  "usage: npm run keys -- create NAME [--scope ingest,read] [--lea CODE,…] [--rate EVENTS_PER_SECOND]" +
  " | rate ID|PREFIX EVENTS_PER_SECOND|default | revoke ID|PREFIX | list";

export async function run(args: string[]): Promise<number> {
  const { words, options } = parseArgs(args, ["scope", "lea", "rate"]);
  const [action, ...rest] = words;
  if (
    !action ||
    !["create", "rate", "revoke", "list"].includes(action) ||
    (action !== "list" && !rest.length) ||
    (action === "rate" && rest.length !== 2)
  ) {
    console.error(USAGE);
    return 2;
  }
  return withCliDatabase(async (db) => {
    if (action === "create") {
      const name = rest.join(" ");
      const scopes = parseScopes(options.get("scope"));
      const leaCodes = listOption(options.get("lea"));
      const rate = parseKeyRate(options.get("rate"));
      const { id, key } = await createApiKey(db, name, scopes, leaCodes, null, rate);
      const districts = leaCodes.length ? `for districts ${leaCodes.join(",")}` : "for every district";
      const at = rate ? ` at ${describeKeyRate(rate)}` : "";
      console.error(
        `created key #${id} "${name}" with scope ${scopes.join(",")} ${districts}${at}. It is shown once; store it now:`,
      );
      console.log(key);
      return 0;
    }
    if (action === "rate") {
      const rate = parseKeyRate(rest[1]);
      const n = await setKeyRate(db, rest[0], rate);
      console.error(
        n
          ? `key ${rest[0]} now ingests ${rate ? `at ${describeKeyRate(rate)}` : "at the configured rate"}`
          : `no active key ${rest[0]}`,
      );
      return n ? 0 : 1;
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
          k.eventsPerSecond ? describeKeyRate(k.eventsPerSecond) : "configured rate",
          k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active",
          k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used",
        ].join("\t"),
      );
    }
    return 0;
  });
}
