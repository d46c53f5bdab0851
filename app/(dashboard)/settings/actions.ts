"use server";
// The signed-in user's own digest choice: every role may set theirs, nobody anyone else's.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { DIGEST_FREQUENCIES, setDigest } from "@/lib/alerts/digests";
import type { ActionState } from "@/components/admin/ActionForm";

const schema = z.object({
  frequency: z.enum(DIGEST_FREQUENCIES),
  team: z.union([z.enum(["dev", "data", "ops"]), z.literal("").transform(() => null)]),
});

export async function saveDigestAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer("read", "/settings");
  const parsed = schema.safeParse({ frequency: String(form.get("frequency") ?? ""), team: String(form.get("team") ?? "") });
  if (!parsed.success) return { message: null, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  await setDigest(await getDatabase(), viewer.user.userId, parsed.data.frequency, parsed.data.team);
  revalidatePath("/settings");
  return { message: parsed.data.frequency === "off" ? "No digest." : `Saved: a ${parsed.data.frequency} digest to ${viewer.user.email}.`, error: null };
}
