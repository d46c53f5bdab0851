// Education organizations (districts and schools) from what an Ed-Fi API gives: the JSON of
// GET /ed-fi/localEducationAgencies and /ed-fi/schools (an array, or both under those keys), or a
// CSV with a header naming localEducationAgencyId or schoolId and nameOfInstitution (any order,
// any case; other columns ignored). Pure: text in, rows and reasons out.
import { csvRecords } from "../logs/csv";
import { LEA_CODE } from "../clients/csv-import";

export interface EdOrg {
  code: string;
  name: string;
  kind: "lea" | "school";
  /** A school's LEA, or an LEA's parent LEA; null when the file does not say. */
  parentLea: string | null;
}

export interface EdOrgFile {
  orgs: EdOrg[];
  errors: { where: string; reason: string }[];
}

export const MAX_NAME_CHARS = 200;

export function readEdOrgFile(text: string): EdOrgFile {
  const trimmed = text.trimStart();
  return trimmed.startsWith("[") || trimmed.startsWith("{") ? fromJson(trimmed) : fromCsv(text);
}

function fromJson(text: string): EdOrgFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { orgs: [], errors: [{ where: "file", reason: `not JSON: ${(error as Error).message.slice(0, 120)}` }] };
  }
  const items: unknown[] = Array.isArray(value)
    ? value
    : isObject(value)
      ? [...asArray(value.localEducationAgencies), ...asArray(value.schools)]
      : [];
  const out: EdOrgFile = { orgs: [], errors: [] };
  items.forEach((item, i) => {
    const where = `item ${i + 1}`;
    if (!isObject(item)) return void out.errors.push({ where, reason: "not an object" });
    const school = item.schoolId !== undefined;
    const code = idOf(school ? item.schoolId : item.localEducationAgencyId);
    const parent = school ? refId(item.localEducationAgencyReference) : refId(item.parentLocalEducationAgencyReference);
    add(out, where, {
      code,
      name: typeof item.nameOfInstitution === "string" ? item.nameOfInstitution : "",
      kind: school ? "school" : "lea",
      parentLea: parent,
    });
  });
  if (!items.length && !out.errors.length)
    out.errors.push({ where: "file", reason: "no localEducationAgencies or schools in it" });
  return out;
}

function fromCsv(text: string): EdOrgFile {
  const { records, errors } = csvRecords(text);
  const out: EdOrgFile = { orgs: [], errors: errors.map((e) => ({ where: `line ${e.line}`, reason: e.reason })) };
  const [header, ...rows] = records;
  if (!header) return { ...out, errors: [...out.errors, { where: "line 1", reason: "the file is empty" }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col = (...wanted: string[]) => names.findIndex((n) => wanted.includes(n));
  const school = col("schoolid");
  const lea = col("localeducationagencyid", "leaid", "lea");
  const parent = col("parentlocaleducationagencyid");
  const name = col("nameofinstitution", "name");
  if ((school < 0 && lea < 0) || name < 0) {
    return {
      ...out,
      errors: [
        ...out.errors,
        {
          where: `line ${header.line}`,
          reason: "the header must name schoolId or localEducationAgencyId, and nameOfInstitution",
        },
      ],
    };
  }
  for (const r of rows) {
    const field = (i: number) => (i < 0 ? "" : (r.fields[i] ?? "").trim());
    const isSchool = school >= 0 && field(school) !== "";
    add(out, `line ${r.line}`, {
      code: isSchool ? field(school) : field(lea),
      name: field(name),
      kind: isSchool ? "school" : "lea",
      parentLea: (isSchool ? field(lea) : field(parent)) || null,
    });
  }
  return out;
}

function add(out: EdOrgFile, where: string, org: EdOrg): void {
  if (!LEA_CODE.test(org.code))
    return void out.errors.push({ where, reason: `'${org.code.slice(0, 60)}' is not an education organization id` });
  const name = org.name.trim().replace(/\s+/g, " ");
  if (!name) return void out.errors.push({ where, reason: `${org.code} has no nameOfInstitution` });
  if (org.parentLea !== null && !LEA_CODE.test(org.parentLea))
    return void out.errors.push({ where, reason: `'${org.parentLea.slice(0, 60)}' is not an LEA id` });
  out.orgs.push({ ...org, name: name.slice(0, MAX_NAME_CHARS) });
}

function idOf(value: unknown): string {
  return typeof value === "number" && Number.isSafeInteger(value)
    ? String(value)
    : typeof value === "string"
      ? value.trim()
      : "";
}

function refId(ref: unknown): string | null {
  return isObject(ref) ? idOf(ref.localEducationAgencyId) || null : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** "Grand Bend ISD (255901)", or the code alone when its name is not known. */
export function districtLabel(code: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(code);
  return name ? `${name} (${code})` : code;
}
