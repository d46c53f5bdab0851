// A second server process for the ledger's property test: opens the same PostgreSQL database and
// runs what the test sends it, one JSON line per request on stdin, one JSON line per answer on
// stdout. Its own pool, its own pending-batch memory, its own fold: a real other process.
//   {"id":1,"op":"ingest","events":[…],"key":1} | {"op":"fold"} | {"op":"remap","client":"43","leas":[…]}
//   {"op":"hang in fold"}: begins a fold, answers "inside" before its commit, then waits (to be killed).
import { servePeer } from "./peer-process";
import { openDatabase } from "@/lib/runtime/database";
import { ingestEvents } from "@/lib/ingest/ingest";
import { mapClient } from "@/lib/clients/store";
import { foldPending } from "@/lib/ledger/fold";

const db = await openDatabase({ kind: "postgres", url: process.env.LEDGER_PEER_URL! });

async function handle(
  r: { id: number; op: string; events?: never[]; key?: number; client?: string; leas?: string[] },
  answer: (message: { id: number; ok: boolean; result?: unknown }) => void,
): Promise<unknown> {
  switch (r.op) {
    case "ingest":
      return (await ingestEvents(db, r.events ?? [], { apiKeyId: r.key ?? 0 })).accepted;
    case "fold":
      return db.procedure("foldPending");
    case "remap":
      return (await mapClient(db, r.client!, r.leas ?? [])).moved;
    case "hang in fold":
      await db.session(async (s) => {
        await s.exec("BEGIN");
        await foldPending(s);
        answer({ id: r.id, ok: true, result: "inside" });
        await new Promise(() => {}); // until killed
      });
      return null;
    default:
      throw new Error(`unknown op ${r.op}`);
  }
}

await servePeer(handle);
await db.close();
