// The wide data set of the scale benchmark (issue: 10,000+ problems, 500 districts, 200 clients):
// the base problems (created by real ingest) are cloned under new fingerprints, and every copied
// event is given one of its base problem's clones and a district, each drawn with a skew (a few
// problems and districts carry most events, as in a state's real traffic), and its district's client.
import type pg from "pg";

export interface WideShape {
  problems: number;
  districts: number;
  clients: number;
}

export const WIDE_DEFAULT: WideShape = { problems: 10_000, districts: 500, clients: 200 };

/** Clones the problems up to shape.problems; returns every problem id by its base fingerprint. */
export async function cloneProblems(client: pg.Client, total: number): Promise<Map<string, string[]>> {
  const [{ n }] = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM problem")).rows;
  const rounds = Math.ceil(total / n) - 1;
  await client.query(
    `INSERT INTO problem (fingerprint, article_id, resource, signature, canonical_type, http_status, route, alt, route_reason)
     SELECT p.fingerprint || '~w' || g, p.article_id, p.resource, p.signature || ' #' || g, p.canonical_type,
            p.http_status, p.route, p.alt, p.route_reason
       FROM problem p CROSS JOIN generate_series(1, $1::int) g`,
    [rounds],
  );
  const { rows } = await client.query<{ id: string; base: string }>(
    "SELECT id::text, split_part(fingerprint, '~w', 1) AS base FROM problem ORDER BY id",
  );
  const byBase = new Map<string, string[]>();
  for (const r of rows) byBase.set(r.base, [...(byBase.get(r.base) ?? []), r.id]);
  return byBase;
}

/** Index in [0, n) drawn with a skew: low indexes are far more frequent (u^power). */
export function skewed(n: number, power: number): number {
  return Math.min(n - 1, Math.floor(n * Math.random() ** power));
}

/**
 * A district (skewed: large districts send most) and the client it sends through: each district
 * uses one vendor's SIS for nearly everything and a second one now and then, as districts do.
 */
export function wideSource(districts: string[], clients: string[]): { lea: string; client: string } {
  const d = skewed(districts.length, 2);
  const c = (d * 7 + (Math.random() < 0.1 ? 1 : 0)) % clients.length;
  return { lea: districts[d], client: clients[c] };
}

export const wideDistrict = (i: number) => `9${String(i).padStart(5, "0")}`;
export const wideClient = (i: number) => `Vendor SIS ${String(i).padStart(3, "0")}`;

/**
 * event_message for the clones: each event counts once under each text of its base problem, per
 * district and month (an upper bound of the real counts, with the real number of rows per problem ×
 * district × month).
 */
export async function wideMessages(client: pg.Client): Promise<void> {
  await client.query(`CREATE TEMP TABLE base_message AS SELECT DISTINCT problem_id, text FROM event_message`);
  await client.query(
    `CREATE TEMP TABLE family AS SELECT p.id AS problem_id, b.id AS base_id
       FROM problem p JOIN problem b ON b.fingerprint = split_part(p.fingerprint, '~w', 1)`,
  );
  await client.query("TRUNCATE event_message");
  await client.query(
    `INSERT INTO event_message (problem_id, month, lea, digest, text, events)
     SELECT e.problem_id, e.month, e.lea, encode(sha256(convert_to(e.lea || chr(1) || m.text, 'UTF8')), 'hex'), m.text, e.n
       FROM (SELECT problem_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month, coalesce(lea, '') AS lea,
                    count(*)::int AS n FROM error_event GROUP BY 1, 2, 3) e
       JOIN family f ON f.problem_id = e.problem_id
       JOIN base_message m ON m.problem_id = f.base_id`,
  );
}
