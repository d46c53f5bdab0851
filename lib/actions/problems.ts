"use server";
// Triage and saved-view actions of the problems pages (lib/triage does the work).
import { z } from "zod";
import { problemIdsMatching } from "../queries/problem-stream";
import { loadProblemSearch } from "../search-params/problems";
import { viewerTimeZone } from "../time/viewer-time-zone";
import { addNote, BULK_LIMIT, changeProblems, problemChangeSchema } from "../triage/problem-triage";
import { createSavedView, deleteSavedView, updateSavedView } from "../triage/saved-views";
import { action, type ActionResult } from "./action";

const problemId = z.string().regex(/^\d{1,18}$/, "There is no such problem.");
const problemPage = ([id]: [string, ...unknown[]]) => `/problems/${encodeURIComponent(id)}`;
const targetSchema = z.union([
  z.object({ ids: z.array(problemId).min(1).max(BULK_LIMIT) }),
  /** Every problem of a list URL, as the viewer sees it. */
  z.object({ query: z.string().max(4_000) }),
]);
const viewInput = z.object({ name: z.string(), query: z.string().max(4_000), shared: z.boolean() });
const viewId = z.number().int().positive();

/** Team, person or status for some problems, or for every problem of a filter. */
export const changeProblemsAction = action(
  "triage",
  z.tuple([targetSchema, problemChangeSchema]),
  async ([target, change], { viewer, db }) => {
    const ids =
      "ids" in target
        ? target.ids
        : await problemIdsMatching(db, viewer.scope, loadProblemSearch(target.query), BULK_LIMIT, {
            timeZone: await viewerTimeZone(),
          });
    const { changed } = await changeProblems(db, viewer.user.userId, ids, change);
    return { ok: true, changed, matched: ids.length };
  },
  { from: "/problems", revalidate: () => [["/problems", "layout"]] },
);

export const addNoteAction = action(
  "note",
  z.tuple([problemId, z.string()]),
  async ([id, text], { viewer, db }) => {
    await addNote(db, viewer.user.userId, id, text);
    return { ok: true };
  },
  { from: problemPage, revalidate: ([id]) => [`/problems/${id}`] },
);

export const saveViewAction = action(
  "read",
  z.tuple([viewInput]),
  async ([input], { viewer, db }) => {
    const view = await createSavedView(db, { userId: viewer.user.userId, scope: viewer.scope }, input);
    return { ok: true, id: view.id };
  },
  { from: "/problems", revalidate: () => ["/problems"] },
);

export const updateViewAction = action(
  "read",
  z.tuple([viewId, viewInput.partial()]),
  async ([id, change], { viewer, db }) => {
    const ok = await updateSavedView(db, { userId: viewer.user.userId, scope: viewer.scope }, id, change);
    return ok ? { ok: true } : { ok: false, error: "Only the owner of a view can change it." };
  },
  { from: "/problems", revalidate: () => ["/problems"] },
);

export const deleteViewAction = action(
  "read",
  z.tuple([viewId]),
  async ([id], { viewer, db }) => {
    const ok = await deleteSavedView(db, viewer.user.userId, id);
    return ok ? { ok: true } : { ok: false, error: "Only the owner of a view can delete it." };
  },
  { from: "/problems", revalidate: () => ["/problems"] },
);

/**
 * The triage panel's save: one problem's team, person and status. `seenUpdatedAt` is when the
 * panel's values were read; a save over someone else's newer change still applies (both are in
 * the history) and says so.
 */
export const triageProblemAction = action(
  "triage",
  z.tuple([problemId, problemChangeSchema, z.string()]),
  async (
    [id, change, seenUpdatedAt],
    { viewer, db },
  ): Promise<ActionResult<{ changed: number; overwrote: string | null }>> => {
    const before = await db.prisma.problem.findUnique({ where: { id: BigInt(id) }, select: { updatedAt: true } });
    if (!before) return { ok: false, error: "There is no such problem." };
    const { changed } = await changeProblems(db, viewer.user.userId, [id], change);
    const overwrote = before.updatedAt.getTime() > Date.parse(seenUpdatedAt) ? before.updatedAt.toISOString() : null;
    return { ok: true, changed, overwrote };
  },
  { from: problemPage, revalidate: ([id]) => [`/problems/${id}`] },
);
