"use server";
// Admin actions on the client → district map: set a client's districts (its mapped events move
// with their counts), and import the Admin database's ApiClient → education organization CSV.
import { z } from "zod";
import { LEA_CODE, readClientDistrictCsv } from "../clients/csv-import";
import { mapClient } from "../clients/store";
import { InputError } from "../input-error";
import { plural } from "../words";
import { field, formAction } from "./action";

/** Under the server actions' 1 MB body limit; bigger files: npm run clients -- import. */
const MAX_CSV_BYTES = 900 * 1024;
const from = "/admin/clients";
const revalidate = () => [from];

const mapping = z.object({
  client: z.string().trim().min(1).max(200, "the API client (its ApiClientId as the logs show it, or its name)"),
  leas: field.words.pipe(z.array(z.string().regex(LEA_CODE, "not an LEA code"))),
});

export const mapClientAction = formAction(
  "admin",
  mapping,
  async ({ client, leas }, { db }) => {
    const { moved } = await mapClient(db, client, leas);
    const target =
      leas.length === 0
        ? "no district"
        : leas.length === 1
          ? `district ${leas[0]}`
          : `districts ${leas.join(", ")} (several: its events keep no district)`;
    return { message: `${client} → ${target}; ${plural(moved, "event")} moved.`, error: null };
  },
  { from, revalidate },
);

export const importClientsAction = formAction(
  "admin",
  z.object({ file: field.file }),
  async ({ file }, { db }) => {
    if (file.size === 0) throw new InputError("Choose a CSV file.");
    if (file.size > MAX_CSV_BYTES)
      throw new InputError("The file is larger than 900 KB: import it with npm run clients -- import FILE.");
    const csv = readClientDistrictCsv(await file.text());
    const errors = csv.errors
      .slice(0, 5)
      .map((e) => `line ${e.line}: ${e.reason}`)
      .join("; ");
    if (!csv.clients.size) throw new InputError(errors || "No rows.");
    let moved = 0;
    for (const [client, leas] of csv.clients) moved += (await mapClient(db, client, leas)).moved;
    const skipped = csv.errors.length ? ` Skipped: ${errors}${csv.errors.length > 5 ? "; …" : ""}.` : "";
    return {
      message: `${plural(csv.clients.size, "client")} mapped; ${plural(moved, "event")} moved.${skipped}`,
      error: null,
    };
  },
  { from, revalidate },
);
