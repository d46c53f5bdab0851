// The client → district map: read (cached for ingest, like the routing rules), listed with the
// events each client has, and set (re-mapping moves the client's events: remap.ts).
import { escapeLike } from "../queries/problem-filters";
import type { Database } from "../db/database";
import { onChange } from "../cluster/changes";
import { clientDistrictsOf, type ClientDistricts } from "./districts";
import { setClientDistricts, type RemapResult } from "./remap";

/** How long one process trusts its copy: a change is announced to every process; this is the fallback. */
const CACHE_MS = 5_000;
let caches = new WeakMap<Database, { at: number; map: Promise<ClientDistricts> }>();
onChange("client-districts", () => (caches = new WeakMap()));

export function clientDistrictsForIngest(db: Database): Promise<ClientDistricts> {
  const now = Date.now();
  const cached = caches.get(db);
  if (cached && now - cached.at <= CACHE_MS) return cached.map;
  const map = db.prisma.clientDistrict.findMany({ select: { client: true, lea: true } }).then(clientDistrictsOf);
  caches.set(db, { at: now, map });
  map.catch(() => caches.delete(db));
  return map;
}

export interface ClientRow {
  client: string;
  leas: string[];
  /** Events of this client, and those without a district (the map could give them one). */
  events: number;
  withoutDistrict: number;
}

/**
 * Every mapped client and every client seen in events, with its districts and event counts. The
 * counts come from the ledger's daily rollup (folded + pending: exact at every moment; a row per
 * problem, day, district and client instead of a scan of every event).
 */
/**
 * Events per client and district, folded and pending: the per-client rollup (day × district ×
 * client) has a row per client a day where the problem rollup has one per problem too (at 10,000
 * problems and 500 districts, about a row per event).
 */
const CLIENT_COUNTS = `(SELECT client, lea, events FROM client_trend_day
   UNION ALL SELECT client, lea, events FROM share_pending) client_counts`;

export async function listClients(db: Database): Promise<ClientRow[]> {
  const rows = await db.prisma.$queryRawUnsafe<
    { client: string; leas: string[] | null; events: bigint | null; without: bigint | null }[]
  >(
    `WITH e AS (SELECT client, sum(events) AS events, sum(events) FILTER (WHERE lea = '') AS without
                  FROM ${CLIENT_COUNTS} WHERE client <> '' GROUP BY client)
     SELECT c.client, m.leas, e.events, e.without
       FROM (SELECT client FROM client_district UNION SELECT client FROM e WHERE events > 0) c
       LEFT JOIN (SELECT client, array_agg(lea ORDER BY lea) AS leas FROM client_district GROUP BY client) m ON m.client = c.client
       LEFT JOIN e ON e.client = c.client
      ORDER BY c.client`,
  );
  return rows.map((r) => ({
    client: r.client,
    leas: r.leas ?? [],
    events: Number(r.events ?? 0),
    withoutDistrict: Number(r.without ?? 0),
  }));
}

/** Sets a client's districts (none: unmapped) and moves its mapped events. */
export async function mapClient(db: Database, client: string, leas: readonly string[]): Promise<RemapResult> {
  return setClientDistricts(db, client, leas); // announces the change to every process
}

/**
 * Whether any event came from this API client (exact name), and if not, the known names that
 * contain it (any case): a rule for a misspelt client would never match.
 */
export async function clientSeen(db: Database, client: string): Promise<{ seen: boolean; similar: string[] }> {
  const [hit] = await db.prisma.$queryRawUnsafe<{ seen: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM ${CLIENT_COUNTS} WHERE client = $1) AS seen`,
    client,
  );
  if (hit?.seen) return { seen: true, similar: [] };
  const like = `%${escapeLike(client)}%`;
  const similar = await db.prisma.$queryRawUnsafe<{ client: string }[]>(
    `SELECT DISTINCT client FROM ${CLIENT_COUNTS} WHERE client <> '' AND client ILIKE $1 ORDER BY client LIMIT 5`,
    like,
  );
  return { seen: false, similar: similar.map((s) => s.client) };
}
