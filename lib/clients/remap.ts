// Setting a client's districts, as one transaction (a procedure: on PGlite it runs in its thread).
// The map is replaced; then every event of the client whose district the map decides (taken from
// the map, or none yet) gets the district the new map gives (one district, or none when the client
// sends for several), and its counts move with it (restate.ts). Events that named their district
// keep it. Batches of BATCH events, in id order.
import type { SqlSession } from "../db/sql-session";
import { moveShares, storedMessage, type EventShare } from "../ingest/restate";

const BATCH = 1_000;

export interface RemapResult {
  /** Events whose district changed. */
  moved: number;
}

export async function setClientDistricts(tx: SqlSession, client: string, leas: readonly string[]): Promise<RemapResult> {
  const districts = [...new Set(leas)].sort();
  await tx.query("DELETE FROM client_district WHERE client = $1", [client]);
  if (districts.length) await tx.query("INSERT INTO client_district (client, lea) SELECT $1, unnest($2::text[])", [client, districts]);
  const lea = districts.length === 1 ? districts[0] : null;
  let moved = 0;
  let after = "0";
  for (;;) {
    const rows = await tx.query<{ id: string; problem_id: string; occurred_at: string | Date; lea: string | null; status: number; body: unknown }>(
      `SELECT id::text, problem_id::text, occurred_at, lea, status, body FROM error_event
        WHERE client = $1 AND (lea_mapped OR lea IS NULL) AND lea IS DISTINCT FROM $2::text AND id > $3::bigint
        ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
      [client, lea, after],
    );
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const moves = rows.map((r) => {
      const from: EventShare = { id: r.id, problemId: r.problem_id, occurredAt: new Date(r.occurred_at).getTime(), lea: r.lea, client, status: r.status, message: storedMessage(r.lea, r.body) };
      return { from, to: { ...from, lea, message: storedMessage(lea, r.body) } };
    });
    await moveShares(tx, moves);
    await tx.query("UPDATE error_event SET lea = $1::text, lea_mapped = $1::text IS NOT NULL WHERE id = ANY($2::bigint[])", [lea, rows.map((r) => r.id)]);
    moved += rows.length;
  }
  return { moved };
}
