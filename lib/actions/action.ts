// Every server action is made here (style: one action client per permission, as Inbox Zero's
// safe-action): `action(permission, schema, fn)` for actions called from client code with
// arguments, `formAction(permission, schema, fn)` for forms (useActionState). Each checks the
// viewer's permission itself (a "use server" export is a public endpoint: a page or layout guard is
// never the only check), parses its input with zod, maps every error to what the user reads in one
// place, and revalidates what it changed.
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Database } from "../db/database";
import { requireViewer } from "../auth/current-viewer";
import type { Permission } from "../auth/roles";
import type { Viewer } from "../auth/viewer";
import { InputError } from "../input-error";
import { getDatabase } from "../runtime/database";

/** What a form action answers (components/admin/ActionForm shows it). */
export interface ActionState {
  message: string | null;
  error: string | null;
  /** A value shown once (a new key, a password): in a box of its own, with a copy button. */
  secret?: { label: string; value: string };
}

/** What an action called with arguments answers. */
export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface ActionContext {
  viewer: Viewer & { kind: "user" };
  db: Database;
}

interface ActionOptions<I> {
  /** Where a viewer without a session signs in from (the page the action belongs to). */
  from: string | ((input: I) => string);
  /** Paths to revalidate after success: "/problems", or ["/", "layout"]. */
  revalidate?: (input: I) => (string | [string, "layout" | "page"])[];
  /** The answer when a unique constraint refused the write ("A user with this e-mail exists already."). */
  duplicate?: string;
}

const GENERIC = "Could not save; nothing was changed. Try again.";

/** Every error an action meets, as the sentence the user reads. */
export function errorMessage(error: unknown, duplicate?: string): string {
  if (error instanceof z.ZodError)
    return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  if (error instanceof InputError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (duplicate && (code === "P2002" || code === "23505" || /Unique constraint/i.test(String(error)))) return duplicate;
  console.error(error);
  return GENERIC;
}

async function run<I, T>(
  permission: Permission,
  schema: z.ZodType<I>,
  raw: unknown,
  options: ActionOptions<I>,
  fn: (input: I, ctx: ActionContext) => Promise<T>,
): Promise<T> {
  // The permission first; only a way back that depends on the input (a problem's page) needs it
  // parsed before (zod only: nothing is read or written).
  const early = typeof options.from === "string" ? await requireViewer(permission, options.from) : null;
  const parsed = schema.safeParse(raw);
  const from = typeof options.from === "function" && parsed.success ? options.from(parsed.data) : "/";
  const viewer = early ?? (await requireViewer(permission, from));
  if (!parsed.success) throw parsed.error;
  const result = await fn(parsed.data, { viewer, db: await getDatabase() });
  for (const path of options.revalidate?.(parsed.data) ?? []) {
    if (Array.isArray(path)) revalidatePath(path[0], path[1]);
    else revalidatePath(path);
  }
  return result;
}

/**
 * An action called with arguments: `schema` is a tuple of them. Answers `{ ok: true, …fn's }` or
 * `{ ok: false, error }`; fn may answer `{ ok: false, error }` itself for an expected refusal.
 */
export function action<S extends z.ZodTuple, T extends object>(
  permission: Permission,
  schema: S,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>,
  options: ActionOptions<z.output<S>>,
): (...args: z.input<S>) => Promise<ActionResult<T>> {
  return async (...args) => {
    try {
      return await run(permission, schema as unknown as z.ZodType<z.output<S>>, args, options, fn);
    } catch (error) {
      unstable_rethrow(error); // redirect() and forbidden() navigate by throwing
      return { ok: false, error: errorMessage(error, options.duplicate) };
    }
  };
}

/** A form's action: `schema` reads the form's fields (formFields); fn answers the message. */
export function formAction<S extends z.ZodType>(
  permission: Permission,
  schema: S,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<ActionState>,
  options: ActionOptions<z.output<S>>,
): (prev: ActionState, form: FormData) => Promise<ActionState> {
  return async (_prev, form) => {
    try {
      return await run(permission, schema as z.ZodType<z.output<S>>, formFields(form), options, fn);
    } catch (error) {
      unstable_rethrow(error); // redirect() and forbidden() navigate by throwing
      return { message: null, error: errorMessage(error, options.duplicate) };
    }
  };
}

/** A form's fields as an object: one value per name, or the list of them when it repeats. */
export function formFields(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  if (!(form instanceof FormData)) return out; // a direct call with something else: the schema refuses it
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** Form field helpers for schemas. */
export const field = {
  /** A text field; absent is "". */
  text: z.preprocess((v) => (v === undefined ? "" : v), z.string()),
  /** A checkbox: "on" when ticked, absent when not. */
  checkbox: z.preprocess((v) => v === "on", z.boolean()),
  /** A list of values from a repeated field (checkboxes of one name); absent is []. */
  list: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string())),
  /** Words separated by commas or spaces ("255901, 255902"). */
  words: z.preprocess(
    (v) =>
      String(v ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
    z.array(z.string()),
  ),
  /** A positive whole number (a row id). */
  id: z.coerce.number().int().positive(),
  /** An uploaded file. */
  file: z.instanceof(File, { message: "choose a file" }),
};
