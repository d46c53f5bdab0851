"use server";
// Triage and saved-view actions of the problems pages. Each is a public endpoint: each checks the
// viewer's permission itself and validates its input with zod.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { problemIdsMatching } from "@/lib/queries/problem-stream";
import { loadProblemSearch } from "@/lib/search-params/problems";
import { viewerTimeZone } from "@/lib/time/viewer-time-zone";
import { addNote, BULK_LIMIT, changeProblems, problemChangeSchema, TriageInputError, type ProblemChange } from "@/lib/triage/problem-triage";
import { createSavedView, deleteSavedView, updateSavedView } from "@/lib/triage/saved-views";

export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; error: string };

function failure(error: unknown): { ok: false; error: string } {
  if (error instanceof z.ZodError) return { ok: false, error: error.issues.map((i) => i.message).join("; ") };
  if (error instanceof TriageInputError) return { ok: false, error: error.message };
  console.error(error);
  return { ok: false, error: "Could not save; nothing was changed. Try again." };
}

const targetSchema = z.union([
  z.object({ ids: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(BULK_LIMIT) }),
  /** Every problem of a list URL, as the viewer sees it. */
  z.object({ query: z.string().max(4_000) }),
]);

/** Team, person or status for some problems, or for every problem of a filter. */
export async function changeProblemsAction(target: unknown, change: ProblemChange): Promise<ActionResult<{ changed: number; matched: number }>> {
  const viewer = await requireViewer("triage", "/problems");
  try {
    const t = targetSchema.parse(target);
    const c = problemChangeSchema.parse(change);
    const db = await getDatabase();
    const ids = "ids" in t ? t.ids : await problemIdsMatching(db, viewer.scope, loadProblemSearch(t.query), BULK_LIMIT, { timeZone: await viewerTimeZone() });
    const { changed } = await changeProblems(db, viewer.user.userId, ids, c);
    revalidatePath("/problems", "layout");
    return { ok: true, changed, matched: ids.length };
  } catch (error) {
    return failure(error);
  }
}

export async function addNoteAction(problemId: string, text: string): Promise<ActionResult> {
  const viewer = await requireViewer("note", `/problems/${encodeURIComponent(problemId)}`);
  try {
    await addNote(await getDatabase(), viewer.user.userId, z.string().regex(/^\d{1,18}$/).parse(problemId), text);
    revalidatePath(`/problems/${problemId}`);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

const viewInput = z.object({ name: z.string(), query: z.string().max(4_000), shared: z.boolean() });

export async function saveViewAction(input: z.input<typeof viewInput>): Promise<ActionResult<{ id: number }>> {
  const viewer = await requireViewer("read", "/problems");
  try {
    const view = await createSavedView(await getDatabase(), { userId: viewer.user.userId, scope: viewer.scope }, viewInput.parse(input));
    revalidatePath("/problems");
    return { ok: true, id: view.id };
  } catch (error) {
    return failure(error);
  }
}

export async function updateViewAction(id: number, change: { query?: string; name?: string; shared?: boolean }): Promise<ActionResult> {
  const viewer = await requireViewer("read", "/problems");
  try {
    const ok = await updateSavedView(await getDatabase(), { userId: viewer.user.userId, scope: viewer.scope }, z.number().int().positive().parse(id), viewInput.partial().parse(change));
    revalidatePath("/problems");
    return ok ? { ok: true } : { ok: false, error: "Only the owner of a view can change it." };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteViewAction(id: number): Promise<ActionResult> {
  const viewer = await requireViewer("read", "/problems");
  const ok = await deleteSavedView(await getDatabase(), viewer.user.userId, z.number().int().positive().parse(id));
  revalidatePath("/problems");
  return ok ? { ok: true } : { ok: false, error: "Only the owner of a view can delete it." };
}

/**
 * The triage panel's save: one problem's team, person and status. `seenUpdatedAt` is when the
 * panel's values were read; a save over someone else's newer change still applies (both are in
 * the history) and says so.
 */
export async function triageProblemAction(problemId: string, change: ProblemChange, seenUpdatedAt: string): Promise<ActionResult<{ changed: number; overwrote: string | null }>> {
  const viewer = await requireViewer("triage", `/problems/${encodeURIComponent(problemId)}`);
  try {
    const id = z.string().regex(/^\d{1,18}$/).parse(problemId);
    const db = await getDatabase();
    const before = await db.prisma.problem.findUnique({ where: { id: BigInt(id) }, select: { updatedAt: true } });
    if (!before) return { ok: false, error: "There is no such problem." };
    const { changed } = await changeProblems(db, viewer.user.userId, [id], problemChangeSchema.parse(change));
    revalidatePath(`/problems/${id}`);
    const overwrote = before.updatedAt.getTime() > Date.parse(seenUpdatedAt) ? before.updatedAt.toISOString() : null;
    return { ok: true, changed, overwrote };
  } catch (error) {
    return failure(error);
  }
}
