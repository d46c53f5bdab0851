"use server";
// Admin actions on the client → district map: set a client's districts (its mapped events move
// with their counts), and import the Admin database's ApiClient → education organization CSV.
import { revalidatePath } from "next/cache";
import { requireViewer } from "@/lib/auth/current-viewer";
import { getDatabase } from "@/lib/runtime/database";
import { LEA_CODE, readClientDistrictCsv } from "@/lib/clients/csv-import";
import { mapClient } from "@/lib/clients/store";
import type { ActionState } from "@/components/admin/ActionForm";

/** Under the server actions' 1 MB body limit; bigger files: npm run clients -- import. */
const MAX_CSV_BYTES = 900 * 1024;

export async function mapClientAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/clients");
  const client = String(form.get("client") ?? "").trim();
  const leas = String(form.get("leas") ?? "").split(/[\s,]+/).filter(Boolean);
  if (!client || client.length > 200) return { message: null, error: "client: the API client (its ApiClientId as the logs show it, or its name)." };
  const bad = leas.filter((l) => !LEA_CODE.test(l));
  if (bad.length) return { message: null, error: `districts: not an LEA code: ${bad.join(", ")}` };
  const { moved } = await mapClient(await getDatabase(), client, leas);
  revalidatePath("/admin/clients");
  const target = leas.length === 0 ? "no district" : leas.length === 1 ? `district ${leas[0]}` : `districts ${leas.join(", ")} (several: its events keep no district)`;
  return { message: `${client} → ${target}; ${moved} event${moved === 1 ? "" : "s"} moved.`, error: null };
}

export async function importClientsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireViewer("admin", "/admin/clients");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { message: null, error: "Choose a CSV file." };
  if (file.size > MAX_CSV_BYTES) return { message: null, error: "The file is larger than 900 KB: import it with npm run clients -- import FILE." };
  const csv = readClientDistrictCsv(await file.text());
  if (!csv.clients.size) return { message: null, error: csv.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason}`).join("; ") || "No rows." };
  const db = await getDatabase();
  let moved = 0;
  for (const [client, leas] of csv.clients) moved += (await mapClient(db, client, leas)).moved;
  revalidatePath("/admin/clients");
  const skipped = csv.errors.length ? ` Skipped: ${csv.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason}`).join("; ")}${csv.errors.length > 5 ? "; …" : ""}.` : "";
  return { message: `${csv.clients.size} client${csv.clients.size === 1 ? "" : "s"} mapped; ${moved} event${moved === 1 ? "" : "s"} moved.${skipped}`, error: null };
}
