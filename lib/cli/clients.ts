// npm run clients -- map CLIENT LEA... | unmap CLIENT | list | import FILE.csv
// The client → district map (lib/clients): the ODS/API logs a numeric ApiClientId, never a
// district. Mapping a client gives its events without a district that district (when it is the
// client's only one), now and at every later ingest or import; re-mapping moves them.
import { readInputFile } from "./args";
import { LEA_CODE, readClientDistrictCsv } from "../clients/csv-import";
import { listClients, mapClient } from "../clients/store";
import { withCliDatabase } from "./database";

const USAGE = `usage: npm run clients -- map CLIENT LEA... | unmap CLIENT | list | import FILE.csv
  map      the client's districts (one: its events without a district take it; several: none)
  import   a CSV with ApiClientId and EducationOrganizationId columns (README: the Admin database export)`;

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === "list") {
    const rows = await withCliDatabase(listClients);
    for (const r of rows)
      console.log(
        `${r.client}\t${r.leas.join(",") || "(no district)"}\t${r.events} events, ${r.withoutDistrict} without a district`,
      );
    return 0;
  }
  if (command === "map" || command === "unmap") {
    const [client, ...leas] = rest;
    if (!client || (command === "map" && !leas.length) || (command === "unmap" && leas.length)) return usage();
    const bad = leas.filter((l) => !LEA_CODE.test(l));
    if (bad.length) {
      console.error(`not an LEA code: ${bad.join(", ")} (letters, digits, . _ -)`);
      return 2;
    }
    const { moved } = await withCliDatabase((db) => mapClient(db, client, leas), { fold: true });
    console.log(`${client} → ${leas.join(", ") || "(no district)"}: ${moved} events moved`);
    return 0;
  }
  if (command === "import") {
    const [file] = rest;
    if (!file) return usage();
    const text = readInputFile(file);
    if (text === null) return 2;
    const csv = readClientDistrictCsv(text);
    for (const e of csv.errors) console.error(`${file}:${e.line}: ${e.reason}`);
    if (!csv.clients.size) return 2;
    const moved = await withCliDatabase(async (db) => {
      let n = 0;
      for (const [client, leas] of csv.clients) n += (await mapClient(db, client, leas)).moved;
      return n;
    });
    console.log(
      `${csv.clients.size} clients mapped, ${moved} events moved${csv.errors.length ? `, ${csv.errors.length} rows skipped` : ""}`,
    );
    return 0;
  }
  return usage();
}

function usage(): number {
  console.error(USAGE);
  return 2;
}
