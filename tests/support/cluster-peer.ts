// Another process on the same PostgreSQL (and Redis, when TRIAGE_REDIS_URL is set), making the
// changes an admin makes through one server process: it announces them as the CLI and the
// servers do (lib/runtime/cluster.ts), driven by one JSON line per request on stdin.
//   {"op":"revoke","key":"3"} {"op":"disable","userId":1} {"op":"map","client":"x","leas":["1"]}
//   {"op":"rule","resource":"students","team":"data"} {"op":"rate","key":"3","eventsPerSecond":10}
//   {"op":"ingest","events":[…]}: stores events as a server process does (partial ones from logs too)
import { servePeer } from "./peer-process";
import { openDatabase } from "@/lib/runtime/database";
import { connectCluster } from "@/lib/runtime/cluster";
import { revokeApiKey, setKeyRate } from "@/lib/auth/api-keys";
import { setDisabled } from "@/lib/auth/users";
import { mapClient } from "@/lib/clients/store";
import { createRoutingRule, routingRuleSchema } from "@/lib/triage/routing-rules";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";

const config = { kind: "postgres" as const, url: process.env.DATABASE_URL! };
const db = await openDatabase(config);
const cluster = connectCluster(db, config, { serve: false });

type Request = { id: number; op: string } & Record<string, unknown>;

async function handle(r: Request): Promise<unknown> {
  switch (r.op) {
    case "revoke":
      return revokeApiKey(db, String(r.key));
    case "rate":
      return setKeyRate(db, String(r.key), r.eventsPerSecond as number | null);
    case "disable":
      return (await setDisabled(db, r.userId as number, true)).id;
    case "map":
      return (await mapClient(db, String(r.client), r.leas as string[])).moved;
    case "rule":
      return (await createRoutingRule(db, routingRuleSchema.parse({ resource: r.resource, team: r.team }))).id;
    case "ingest":
      return ingestEvents(db, r.events as IngestEvent[], { apiKeyId: null });
    default:
      throw new Error(`unknown op ${r.op}`);
  }
}

await servePeer(handle);
await cluster.stop();
await db.close();
