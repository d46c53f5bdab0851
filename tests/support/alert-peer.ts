// Another server process's alert worker, for the alert tests on PostgreSQL: opens the same
// database (its own pool) and runs the outbox worker as a server process does, driven by one JSON
// line per request on stdin, one JSON line per answer on stdout (as ledger-peer.ts).
//   {"id":1,"op":"deliver","at":<epoch ms>}: one delivery round at that clock; answers {sent, failed}
//   {"id":2,"op":"hang in delivery"}: a round whose first delivery never returns; answers "inside"
//     when it has leased its rows and started to send (then waits, to be killed)
import { servePeer } from "./peer-process";
import { openDatabase } from "@/lib/runtime/database";
import { createAlertWorker } from "@/lib/alerts/worker";

const db = await openDatabase({ kind: "postgres", url: process.env.ALERT_PEER_URL! });
const name = process.env.ALERT_PEER_NAME ?? `peer-${process.pid}`;

async function handle(
  r: { id: number; op: string; at?: number },
  answer: (message: { id: number; ok: boolean; result?: unknown }) => void,
): Promise<unknown> {
  switch (r.op) {
    case "deliver": {
      const at = new Date(r.at ?? Date.now());
      return createAlertWorker(db, { id: name, now: () => at, log: () => {} }).deliverDue();
    }
    case "hang in delivery": {
      const hanging: typeof fetch = () => {
        answer({ id: r.id, ok: true, result: "inside" });
        return new Promise<Response>(() => {}); // until killed
      };
      await createAlertWorker(db, { id: name, fetch: hanging, log: () => {} }).deliverDue();
      return null;
    }
    default:
      throw new Error(`unknown op ${r.op}`);
  }
}

await servePeer(handle);
await db.close();
