"use server";
// Admins import district and school names (lib/districts).
import { z } from "zod";
import { readEdOrgFile } from "../districts/edorg-file";
import { importEdOrgs } from "../districts/store";
import { InputError } from "../input-error";
import { field, formAction } from "./action";

const MAX_FILE_BYTES = 4 * 1024 * 1024;

export const importDistrictsAction = formAction(
  "admin",
  z.object({ file: field.file }),
  async ({ file }, { db }) => {
    if (file.size === 0) throw new InputError("Choose a JSON or CSV file.");
    if (file.size > MAX_FILE_BYTES)
      throw new InputError("The file is larger than 4 MB: import it with npm run districts -- import FILE.");
    const read = readEdOrgFile(await file.text());
    const skipped =
      read.errors
        .slice(0, 5)
        .map((e) => `${e.where}: ${e.reason}`)
        .join("; ") + (read.errors.length > 5 ? "; …" : "");
    if (!read.orgs.length) throw new InputError(skipped || "Nothing to import.");
    const { created, updated } = await importEdOrgs(db, read.orgs);
    return {
      message: `${created} added, ${updated} renamed or unchanged.`,
      error: skipped ? `Skipped ${read.errors.length} row${read.errors.length === 1 ? "" : "s"}: ${skipped}.` : null,
    };
  },
  { from: "/admin/districts", revalidate: () => [["/", "layout"]] },
);
