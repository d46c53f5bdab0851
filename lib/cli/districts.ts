// npm run districts -- import FILE... | list
// District and school names (lib/districts) from what an Ed-Fi API returns for
// /ed-fi/localEducationAgencies and /ed-fi/schools (JSON), or a CSV with those column names.
import { readInputFile } from "./args";
import { readEdOrgFile, type EdOrg } from "../districts/edorg-file";
import { importEdOrgs, listEdOrgs } from "../districts/store";
import { withCliDatabase } from "./database";

const USAGE = `usage: npm run districts -- import FILE... | list
  import   JSON from GET /ed-fi/localEducationAgencies or /ed-fi/schools (or both under those keys), or a CSV
           with localEducationAgencyId or schoolId and nameOfInstitution columns; "-" reads standard input`;

export async function run(args: string[]): Promise<number> {
  const [command, ...files] = args;
  if (command === "list" && !files.length) {
    for (const o of await withCliDatabase(listEdOrgs))
      console.log(`${o.kind}\t${o.code}\t${o.name}${o.parentLea ? `\t(in ${o.parentLea})` : ""}`);
    return 0;
  }
  if (command !== "import" || !files.length) {
    console.error(USAGE);
    return 2;
  }
  const orgs: EdOrg[] = [];
  let skipped = 0;
  for (const file of files) {
    const text = readInputFile(file);
    if (text === null) return 2;
    const read = readEdOrgFile(text);
    for (const e of read.errors) console.error(`${file}: ${e.where}: ${e.reason}`);
    skipped += read.errors.length;
    orgs.push(...read.orgs);
  }
  if (!orgs.length) return 2;
  const { created, updated } = await withCliDatabase((db) => importEdOrgs(db, orgs));
  const kinds = `${orgs.filter((o) => o.kind === "lea").length} districts, ${orgs.filter((o) => o.kind === "school").length} schools`;
  console.log(`${created} added, ${updated} renamed or unchanged${skipped ? `, ${skipped} skipped` : ""} (${kinds})`);
  return 0;
}
