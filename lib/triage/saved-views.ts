// Saved views of the problems list: a name and a normalised URL query, personal or shared with
// everyone. A view holds no data: whoever opens one sees its results inside their own scope.
import { z } from "zod";
import type { Database } from "../db/database";
import { canonicalProblemQuery, loadProblemSearch } from "../search-params/problems";

export interface SavedView {
  id: number;
  name: string;
  query: string;
  shared: boolean;
  ownerId: number;
  ownerName: string;
  mine: boolean;
}

export const viewNameSchema = z.string().trim().min(1, "a view needs a name").max(80, "at most 80 characters");

/** The query as the list would write it: unknown keys and defaults dropped, keys in order. */
export function normaliseViewQuery(query: string): string {
  return canonicalProblemQuery(loadProblemSearch(query.replace(/^\?/, "").slice(0, 4_000)));
}

export async function listSavedViews(db: Database, userId: number): Promise<SavedView[]> {
  const rows = await db.prisma.savedView.findMany({
    where: { OR: [{ ownerId: userId }, { shared: true }] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, query: true, shared: true, ownerId: true, owner: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, query: r.query, shared: r.shared, ownerId: r.ownerId, ownerName: r.owner.name, mine: r.ownerId === userId }));
}

export async function createSavedView(db: Database, userId: number, input: { name: string; query: string; shared: boolean }): Promise<SavedView> {
  const row = await db.prisma.savedView.create({ data: { ownerId: userId, name: viewNameSchema.parse(input.name), query: normaliseViewQuery(input.query), shared: input.shared } });
  return (await listSavedViews(db, userId)).find((v) => v.id === row.id)!;
}

/** Only the owner changes a view; returns false when it is not theirs (or gone). */
export async function updateSavedView(db: Database, userId: number, id: number, change: { query?: string; name?: string; shared?: boolean }): Promise<boolean> {
  const { count } = await db.prisma.savedView.updateMany({
    where: { id, ownerId: userId },
    data: {
      ...(change.query !== undefined ? { query: normaliseViewQuery(change.query) } : {}),
      ...(change.name !== undefined ? { name: viewNameSchema.parse(change.name) } : {}),
      ...(change.shared !== undefined ? { shared: change.shared } : {}),
    },
  });
  return count === 1;
}

export async function deleteSavedView(db: Database, userId: number, id: number): Promise<boolean> {
  const { count } = await db.prisma.savedView.deleteMany({ where: { id, ownerId: userId } });
  return count === 1;
}
