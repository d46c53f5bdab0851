// The CSV an Ed-Fi Admin database export gives (README "Connect your Ed-Fi API" has the SQL): one
// row per API client and education organization, with a header naming ApiClientId and
// EducationOrganizationId (any order, any case; other columns are ignored). Pure.
import { CsvRecordAssembler, csvFields } from "../logs/csv";

export const LEA_CODE = /^[A-Za-z0-9._-]{1,50}$/;

export interface ClientDistrictCsv {
  /** Client → its districts, in file order. */
  clients: Map<string, string[]>;
  /** Rows that could not be read: line number and why. */
  errors: { line: number; reason: string }[];
}

export function readClientDistrictCsv(text: string): ClientDistrictCsv {
  const out: ClientDistrictCsv = { clients: new Map(), errors: [] };
  const records = new CsvRecordAssembler();
  let columns: { client: number; lea: number } | null = null;
  const lines = text.split("\n");
  const handle = (line: number, fields: string[] | null) => {
    if (!fields) return void out.errors.push({ line, reason: "unreadable CSV row" });
    if (fields.every((f) => !f.trim())) return;
    if (!columns) {
      const names = fields.map((f) => f.trim().toLowerCase());
      const client = names.findIndex((n) => n === "apiclientid" || n === "client");
      const lea = names.findIndex((n) => n === "educationorganizationid" || n === "lea");
      if (client < 0 || lea < 0) return void out.errors.push({ line, reason: "the header must name ApiClientId and EducationOrganizationId" });
      columns = { client, lea };
      return;
    }
    const client = fields[columns.client]?.trim() ?? "";
    const lea = fields[columns.lea]?.trim() ?? "";
    if (!client) return void out.errors.push({ line, reason: "no ApiClientId" });
    if (!LEA_CODE.test(lea)) return void out.errors.push({ line, reason: `'${lea.slice(0, 60)}' is not an education organization id` });
    const leas = out.clients.get(client) ?? [];
    if (!leas.includes(lea)) leas.push(lea);
    out.clients.set(client, leas);
  };
  lines.forEach((l, i) => {
    const { record } = records.push(l.replace(/\r$/, ""), i + 1);
    if (record) handle(record.line, csvFields(record.lines.join("\n")));
  });
  const open = records.end();
  if (open) out.errors.push({ line: open.line, reason: "unterminated quoted field" });
  if (!columns && !out.errors.length) out.errors.push({ line: 1, reason: "the file is empty" });
  return out;
}
