// The problem rows of a batch, by fingerprint: the ids of those that exist, and the new ones
// created from their first event's classification (ingest's write, reclassification). A problem
// row holds nothing of an event's text, and is never rewritten here.
import type { SqlSession } from "../db/sql-session";

/** The Problem to create for a fingerprint if it is new (from its first event). */
export interface ProblemSeed {
  fingerprint: string;
  articleId: string;
  resource: string | null;
  signature: string;
  canonicalType: string | null;
  status: number;
  route: string;
  alt: string | null;
  routeReason: string;
}

/** The ids of the problems that exist, by fingerprint. */
export async function problemIdsOf(tx: SqlSession, fingerprints: readonly string[]): Promise<Map<string, string>> {
  const known = await tx.query<{ id: string; fingerprint: string }>(
    "SELECT id::text, fingerprint FROM problem WHERE fingerprint = ANY($1::text[])",
    [[...new Set(fingerprints)]],
  );
  return new Map(known.map((k) => [k.fingerprint, k.id]));
}

/** Problem id per fingerprint; creates the problems not seen before (concurrent writers meet in fingerprint order). */
export async function upsertProblems(
  tx: SqlSession,
  seeds: ProblemSeed[],
  createdIds: Set<string>,
): Promise<Map<string, string>> {
  const ids = await problemIdsOf(
    tx,
    seeds.map((p) => p.fingerprint),
  );
  // Sorted, so that concurrent transactions take the unique-index locks in the same order.
  const fresh = seeds.filter((p) => !ids.has(p.fingerprint)).sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
  if (!fresh.length) return ids;
  const created = await tx.query<{ id: string; fingerprint: string }>(
    `INSERT INTO problem (fingerprint, article_id, resource, signature, canonical_type, http_status, route, alt, route_reason)
     SELECT p.fingerprint, p.article_id, p.resource, p.signature, p.canonical_type, p.http_status,
            p.route::"Team", p.alt::"Team", p.route_reason
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
         AS p(fingerprint, article_id, resource, signature, canonical_type, http_status, route, alt, route_reason)
     ON CONFLICT (fingerprint) DO NOTHING
     RETURNING id::text, fingerprint`,
    [
      fresh.map((p) => p.fingerprint),
      fresh.map((p) => p.articleId),
      fresh.map((p) => p.resource),
      fresh.map((p) => p.signature),
      fresh.map((p) => p.canonicalType),
      fresh.map((p) => p.status),
      fresh.map((p) => p.route),
      fresh.map((p) => p.alt),
      fresh.map((p) => p.routeReason),
    ],
  );
  for (const c of created) {
    ids.set(c.fingerprint, c.id);
    createdIds.add(c.id);
  }
  if (created.length < fresh.length) {
    // Another transaction created some of them meanwhile (PostgreSQL): read their ids.
    for (const [fingerprint, id] of await problemIdsOf(
      tx,
      fresh.filter((p) => !ids.has(p.fingerprint)).map((p) => p.fingerprint),
    ))
      ids.set(fingerprint, id);
  }
  return ids;
}
