"use server";
// Admin actions on API keys. Each checks the viewer's role itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey, parseScopes, revokeApiKey } from "@/lib/auth/api-keys";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import type { ActionState } from "@/components/admin/ActionForm";

export async function createKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer("admin", "/admin/keys");
  try {
    const scopes = parseScopes(form.getAll("scope").map(String).join(",") || "ingest");
    const leaCodes = String(form.get("leaCodes") ?? "").split(/[\s,]+/).filter(Boolean);
    const created = await createApiKey(await getDatabase(), String(form.get("name") ?? ""), scopes, leaCodes, viewer.user.userId);
    revalidatePath("/admin/keys");
    return { message: "Created. Copy the key now: it is shown once.", error: null, secret: { label: "Copy the key", value: created.key } };
  } catch (error) {
    return { message: null, error: error instanceof Error ? error.message.slice(0, 200) : "Could not create the key." };
  }
}

export async function revokeKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/keys");
  const id = z.coerce.number().int().positive().parse(form.get("id"));
  const revoked = await revokeApiKey(await getDatabase(), String(id));
  revalidatePath("/admin/keys");
  return revoked ? { message: "Revoked.", error: null } : { message: null, error: "Already revoked." };
}
