// Setting a client's districts. The map is replaced in one short transaction; then every event of
// the client whose district the map decides (taken from the map, or none yet) gets the district
// the map gives (one district, or none when the client sends for several), and its counts move
// with it through the ledger (lib/ledger/apply.ts moveShares). Events that named their district keep
// it. The moves run in bounded transactions of BATCH events, in id order, each reading the map
// again: on PGlite other requests run between them, and a map changed meanwhile wins. Stopped
// half-way (a crash), setting the map again finishes the job (only events still off the map move).
import { announceChange } from "../cluster/changes";
import type { Database } from "../db/database";
import type { SqlSession } from "../db/sql-session";
import { moveShares } from "../ledger/apply";
import { SHARE_COLUMNS, shareOfStored, storedMessage, type StoredShareRow } from "../ledger/share";

const BATCH = 1_000;

export interface RemapResult {
  /** Events whose district changed. */
  moved: number;
}

/** Replaces the client's map (a procedure: one short transaction). */
export async function replaceClientMap(tx: SqlSession, client: string, leas: readonly string[]): Promise<void> {
  const districts = [...new Set(leas)].sort();
  await tx.query("DELETE FROM client_district WHERE client = $1", [client]);
  if (districts.length)
    await tx.query("INSERT INTO client_district (client, lea) SELECT $1, unnest($2::text[])", [client, districts]);
}

/** Moves the next BATCH events of the client after id `after` to the district its map gives now (a procedure). */
export async function moveClientEvents(
  tx: SqlSession,
  client: string,
  after: string,
): Promise<{ moved: number; last: string | null }> {
  const map = await tx.query<{ lea: string }>("SELECT lea FROM client_district WHERE client = $1 ORDER BY lea", [
    client,
  ]);
  const lea = map.length === 1 ? map[0].lea : null;
  const rows = await tx.query<StoredShareRow>(
    `SELECT ${SHARE_COLUMNS} FROM error_event
      WHERE client = $1 AND (lea_mapped OR lea IS NULL) AND lea IS DISTINCT FROM $2::text AND id > $3::bigint
      ORDER BY error_event.id LIMIT ${BATCH} FOR UPDATE`,
    [client, lea, after],
  );
  if (!rows.length) return { moved: 0, last: null };
  await tx.query(
    "UPDATE error_event SET lea = $1::text, lea_mapped = $1::text IS NOT NULL WHERE id = ANY($2::bigint[])",
    [lea, rows.map((r) => r.id)],
  );
  await moveShares(
    tx,
    rows.map((r) => {
      const from = shareOfStored(r);
      return { from, to: { ...from, lea, message: storedMessage(lea, r.body) } };
    }),
  );
  return { moved: rows.length, last: rows[rows.length - 1].id };
}

export async function setClientDistricts(db: Database, client: string, leas: readonly string[]): Promise<RemapResult> {
  await db.procedure("replaceClientMap", client, [...leas]);
  // Every process ingests with the new map once the message reaches it (milliseconds; at most its
  // cache's 5 s when the message is lost). Events another process stores with the old map before
  // then usually get ids above the cursor's and are moved below; those committed after the cursor
  // passed their id or finished stay off the map until it is set again (which moves only those).
  await announceChange("client-districts");
  let moved = 0;
  for (let after = "0"; ;) {
    const batch = await db.procedure("moveClientEvents", client, after);
    if (batch.last === null) break;
    moved += batch.moved;
    after = batch.last;
  }
  return { moved };
}
