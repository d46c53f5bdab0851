// The CSV an Ed-Fi Admin database export gives (README "Connect your Ed-Fi API" has the SQL): one
// row per API client and education organization, with a header naming ApiClientId and
// EducationOrganizationId (any order, any case; other columns are ignored). Pure.
import { csvRecords } from "../logs/csv";

export const LEA_CODE = /^[A-Za-z0-9._-]{1,50}$/;

export interface ClientDistrictCsv {
  /** Client → its districts, in file order. */
  clients: Map<string, string[]>;
  /** Rows that could not be read: line number and why. */
  errors: { line: number; reason: string }[];
}

export function readClientDistrictCsv(text: string): ClientDistrictCsv {
  const { records, errors } = csvRecords(text);
  const out: ClientDistrictCsv = { clients: new Map(), errors: [...errors] };
  let columns: { client: number; lea: number } | null = null;
  for (const { line, fields } of records) {
    if (!columns) {
      const names = fields.map((f) => f.trim().toLowerCase());
      const client = names.findIndex((n) => n === "apiclientid" || n === "client");
      const lea = names.findIndex((n) => n === "educationorganizationid" || n === "lea");
      if (client < 0 || lea < 0)
        out.errors.push({ line, reason: "the header must name ApiClientId and EducationOrganizationId" });
      else columns = { client, lea };
      continue;
    }
    const client = fields[columns.client]?.trim() ?? "";
    const lea = fields[columns.lea]?.trim() ?? "";
    if (!client) out.errors.push({ line, reason: "no ApiClientId" });
    else if (!LEA_CODE.test(lea))
      out.errors.push({ line, reason: `'${lea.slice(0, 60)}' is not an education organization id` });
    else {
      const leas = out.clients.get(client) ?? [];
      if (!leas.includes(lea)) leas.push(lea);
      out.clients.set(client, leas);
    }
  }
  out.errors.sort((a, b) => a.line - b.line);
  if (!columns && !out.errors.length) out.errors.push({ line: 1, reason: "the file is empty" });
  return out;
}
