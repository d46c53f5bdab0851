"use server";
// Admin actions on users. Each is a public endpoint: each checks the viewer's role itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/current-viewer";
import { createUser, generatePassword, resetPassword, setDisabled, setRole } from "@/lib/auth/users";
import { getDatabase } from "@/lib/runtime/database";

import type { ActionState } from "@/components/admin/ActionForm";

const leaList = (text: FormDataEntryValue | null) => String(text ?? "").split(/[\s,]+/).filter(Boolean);

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/users");
  const password = generatePassword();
  try {
    const user = await createUser(await getDatabase(), { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "") as "support", leaCodes: leaList(form.get("leaCodes")), password });
    revalidatePath("/admin/users");
    return { message: `Created ${user.email}. Copy their password now: it is shown once.`, error: null, secret: { label: "Copy the password", value: password } };
  } catch (error) {
    return { message: null, error: error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".") || "user"}: ${i.message}`).join("; ") : /Unique constraint/i.test(String(error)) ? "A user with this e-mail exists already." : "Could not create the user." };
  }
}

const idSchema = z.coerce.number().int().positive();

export async function changeUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer("admin", "/admin/users");
  const id = idSchema.parse(form.get("id"));
  const db = await getDatabase();
  const what = String(form.get("what") ?? "");
  try {
    if (what === "role") await setRole(db, id, String(form.get("role") ?? "") as "support", leaList(form.get("leaCodes")));
    else if (what === "disable" || what === "enable") {
      if (id === viewer.user.userId) return { message: null, error: "You cannot disable your own account." };
      await setDisabled(db, id, what === "disable");
    } else if (what === "reset") {
      const password = await resetPassword(db, id);
      revalidatePath("/admin/users");
      return { message: "New password set. Copy it now: it is shown once.", error: null, secret: { label: "Copy the password", value: password } };
    } else return { message: null, error: "Unknown change." };
    revalidatePath("/admin/users");
    return { message: "Saved.", error: null };
  } catch (error) {
    return { message: null, error: error instanceof z.ZodError ? error.issues.map((i) => i.message).join("; ") : error instanceof Error ? error.message.slice(0, 200) : "Could not save." };
  }
}
