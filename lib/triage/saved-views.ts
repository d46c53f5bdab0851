// Saved views of the problems list: a name and a normalised URL query, personal or shared with
// everyone. A view holds no data: whoever opens one sees its results inside their own scope. Its
// filters are data, though: a shared view's `lea=` or `client=` can name another district, and its
// free text can name anything. So only staff (every district) share views, and a viewer scoped to
// districts is shown a shared view only when every filter is inside what they may see; other shared
// views are hidden from them, not stripped (a view without its district filter would show other
// results under the same name).
import { z } from "zod";
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { canonicalProblemQuery, loadProblemSearch } from "../search-params/problems";
import { TriageInputError } from "./problem-triage";

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

/** Who keeps views: the signed-in user and what they may see. */
export interface ViewKeeper {
  userId: number;
  scope: Scope;
}

/** Only staff who see every district publish views to everyone. */
export function canShareViews(keeper: ViewKeeper): boolean {
  return keeper.scope.kind === "all";
}

/**
 * A viewer's own views, and for staff who see every district the views staff shared. A district
 * admin sees only their own: a shared view's name and filters are staff text (a district, a client,
 * a type from another district's body), and hiding one by its filters missed its name.
 */
export async function listSavedViews(db: Database, keeper: ViewKeeper): Promise<SavedView[]> {
  const sharedToo = canShareViews(keeper);
  const rows = await db.prisma.savedView.findMany({
    // A view a district admin shared before they could not is theirs alone.
    where: sharedToo
      ? { OR: [{ ownerId: keeper.userId }, { shared: true, owner: { role: { not: "district_admin" } } }] }
      : { ownerId: keeper.userId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, query: true, shared: true, ownerId: true, owner: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    shared: r.shared,
    ownerId: r.ownerId,
    ownerName: r.owner.name,
    mine: r.ownerId === keeper.userId,
  }));
}

function assertMayShare(keeper: ViewKeeper, shared: boolean | undefined): void {
  if (shared && !canShareViews(keeper))
    throw new TriageInputError(
      "shared",
      "District admins keep personal views only: a shared view is seen by staff of every district.",
    );
}

export async function createSavedView(
  db: Database,
  keeper: ViewKeeper,
  input: { name: string; query: string; shared: boolean },
): Promise<SavedView> {
  assertMayShare(keeper, input.shared);
  const row = await db.prisma.savedView.create({
    data: {
      ownerId: keeper.userId,
      name: viewNameSchema.parse(input.name),
      query: normaliseViewQuery(input.query),
      shared: input.shared,
    },
  });
  return (await listSavedViews(db, keeper)).find((v) => v.id === row.id)!;
}

/** Only the owner changes a view; returns false when it is not theirs (or gone). */
export async function updateSavedView(
  db: Database,
  keeper: ViewKeeper,
  id: number,
  change: { query?: string; name?: string; shared?: boolean },
): Promise<boolean> {
  assertMayShare(keeper, change.shared);
  const { count } = await db.prisma.savedView.updateMany({
    where: { id, ownerId: keeper.userId },
    data: {
      ...(change.query !== undefined ? { query: normaliseViewQuery(change.query) } : {}),
      ...(change.name !== undefined ? { name: viewNameSchema.parse(change.name) } : {}),
      ...(change.shared !== undefined ? { shared: change.shared } : {}),
      ...(canShareViews(keeper) ? {} : { shared: false }),
    },
  });
  return count === 1;
}

export async function deleteSavedView(db: Database, userId: number, id: number): Promise<boolean> {
  const { count } = await db.prisma.savedView.deleteMany({ where: { id, ownerId: userId } });
  return count === 1;
}
