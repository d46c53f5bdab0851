"use server";
// Admin actions on users.
import { z } from "zod";
import { createUser, generatePassword, resetPassword, roleSchema, setDisabled, setRole } from "../auth/users";
import { InputError } from "../input-error";
import { field, formAction } from "./action";

const from = "/admin/users";
const revalidate = () => [from];

export const createUserAction = formAction(
  "admin",
  z.object({ email: field.text, name: field.text, role: roleSchema, leaCodes: field.words }),
  async (input, { db }) => {
    const password = generatePassword();
    const user = await createUser(db, { ...input, password });
    return {
      message: `Created ${user.email}. Copy their password now: it is shown once.`,
      error: null,
      secret: { label: "Copy the password", value: password },
    };
  },
  { from, revalidate, duplicate: "A user with this e-mail exists already." },
);

const change = z.discriminatedUnion(
  "what",
  [
    z.object({ id: field.id, what: z.literal("role"), role: roleSchema, leaCodes: field.words }),
    z.object({ id: field.id, what: z.enum(["disable", "enable", "reset"]) }),
  ],
  { error: "Unknown change." },
);

export const changeUserAction = formAction(
  "admin",
  change,
  async (input, { viewer, db }) => {
    if (input.what === "role") await setRole(db, input.id, input.role, input.leaCodes);
    else if (input.what === "reset") {
      const password = await resetPassword(db, input.id);
      return {
        message: "New password set. Copy it now: it is shown once.",
        error: null,
        secret: { label: "Copy the password", value: password },
      };
    } else {
      if (input.id === viewer.user.userId) throw new InputError("You cannot disable your own account.");
      await setDisabled(db, input.id, input.what === "disable");
    }
    return { message: "Saved.", error: null };
  },
  { from, revalidate },
);
