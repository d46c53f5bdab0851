"use server";
// Admins import district and school names (lib/districts). Checks the viewer's role itself.
import { revalidatePath } from "next/cache";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { readEdOrgFile } from "@/lib/districts/edorg-file";
import { importEdOrgs } from "@/lib/districts/store";
import type { ActionState } from "@/components/admin/ActionForm";

const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function importDistrictsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/districts");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { message: null, error: "Choose a JSON or CSV file." };
  if (file.size > MAX_FILE_BYTES) return { message: null, error: "The file is larger than 4 MB: import it with npm run districts -- import FILE." };
  const read = readEdOrgFile(await file.text());
  const skipped = read.errors.slice(0, 5).map((e) => `${e.where}: ${e.reason}`).join("; ") + (read.errors.length > 5 ? "; …" : "");
  if (!read.orgs.length) return { message: null, error: skipped || "Nothing to import." };
  const { created, updated } = await importEdOrgs(await getDatabase(), read.orgs);
  revalidatePath("/", "layout");
  return { message: `${created} added, ${updated} renamed or unchanged.`, error: skipped ? `Skipped ${read.errors.length} row${read.errors.length === 1 ? "" : "s"}: ${skipped}.` : null };
}
