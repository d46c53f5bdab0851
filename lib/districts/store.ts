// Education organizations in the database: imported in one transaction (a later import of the same
// code renames it), and their names read by every page through a short cache.
import type { Database } from "../db/database";
import type { EdOrg } from "./edorg-file";
import type { Scope } from "../auth/scope";
import { inScope, sql } from "../queries/sql-tag";
import { escapeLike } from "../queries/problem-filters";
import { announceChange, onChange } from "../cluster/changes";

export async function importEdOrgs(
  db: Database,
  orgs: readonly EdOrg[],
): Promise<{ created: number; updated: number }> {
  const unique = [...new Map(orgs.map((o) => [o.code, o])).values()];
  if (!unique.length) return { created: 0, updated: 0 };
  const rows = await db.transaction((tx) =>
    tx.query<{ created: boolean }>(
      `INSERT INTO education_organization AS t (code, name, kind, parent_lea)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, parent_lea = coalesce(EXCLUDED.parent_lea, t.parent_lea), updated_at = now()
     RETURNING (xmax = 0) AS created`,
      [unique.map((o) => o.code), unique.map((o) => o.name), unique.map((o) => o.kind), unique.map((o) => o.parentLea)],
    ),
  );
  await announceChange("district-names"); // every copy of this module, and every process
  const created = rows.filter((r) => r.created).length;
  return { created, updated: rows.length - created };
}

export async function listEdOrgs(db: Database): Promise<(EdOrg & { updatedAt: Date })[]> {
  const rows = await db.prisma.educationOrganization.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: 5_000,
  });
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind === "school" ? "school" : "lea",
    parentLea: r.parentLea,
    updatedAt: r.updatedAt,
  }));
}

/** Code → name of every district and school; cached a minute (an import, here or elsewhere, clears it). */
export function educationOrgNames(db: Database): Promise<Map<string, string>> {
  const cached = namesCache.get(db);
  if (cached && Date.now() - cached.at < NAMES_TTL_MS) return cached.names;
  const names = db.prisma.educationOrganization
    .findMany({ select: { code: true, name: true } })
    .then((rows) => new Map(rows.map((r) => [r.code, r.name])));
  namesCache.set(db, { at: Date.now(), names });
  names.catch(() => namesCache.delete(db));
  return names;
}

const NAMES_TTL_MS = 60_000;
// Next.js loads this module in several bundles (the API's, the pages'): an import announces itself
// on the change bus, which every copy (and every process) hears.
let namesCache = new WeakMap<Database, { at: number; names: Promise<Map<string, string>> }>();
onChange("district-names", () => (namesCache = new WeakMap()));

/** Codes of the districts (not schools) inside the scope whose name holds the text (any case): search by name. */
export async function districtsNamed(db: Database, scope: Scope, text: string, limit = 20): Promise<string[]> {
  if (text.length < 3) return [];
  const rows = await db.prisma.$queryRaw<{ code: string }[]>(
    sql`SELECT code FROM education_organization
         WHERE kind = 'lea' AND name ILIKE ${`%${escapeLike(text)}%`} AND ${inScope(scope, "code")}
         ORDER BY name, code LIMIT ${limit}`,
  );
  return rows.map((r) => r.code);
}
