// FERPA: request bodies can carry student names, birth dates, addresses and identification
// codes. They are redacted before the write. The field list is configurable
// (TRIAGE_REDACT_FIELDS, comma-separated, adds to the defaults). Headers that carry
// credentials are always redacted.
import { isRecord, LIMITS, setOwn, toStorableJson } from "./text";

export const REDACTED = "[redacted]";

export const DEFAULT_REDACTED_FIELDS: readonly string[] = [
  // names
  "firstName", "middleName", "lastSurname", "lastName", "maidenName", "generationCodeSuffix",
  "personalTitlePrefix", "preferredFirstName", "preferredLastSurname", "otherNames", "name", "fullName",
  // birth
  "birthDate", "birthCity", "birthStateAbbreviationDescriptor", "birthCountryDescriptor", "dateOfBirth",
  // addresses and contact
  "addresses", "address", "streetNumberName", "apartmentRoomSuiteNumber", "buildingSiteNumber",
  "city", "postalCode", "nameOfCounty", "electronicMails", "electronicMailAddress", "email",
  "telephones", "telephoneNumber", "phone",
  // identification codes and documents
  "identificationCodes", "studentIdentificationCodes", "staffIdentificationCodes",
  "identificationCode", "identificationDocuments", "documentTitle", "ssn", "socialSecurityNumber",
];

const ALWAYS_REDACTED_HEADERS = new Set(["authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization"]);

const normalised = new Map<string, string>();

/** Field names compare case- and punctuation-insensitively (first_name = firstName). Cached: keys repeat. */
function normalise(field: string): string {
  let n = normalised.get(field);
  if (n === undefined) {
    n = field.toLowerCase().replace(/[^a-z0-9]/g, "");
    if (normalised.size < 10_000) normalised.set(field, n);
  }
  return n;
}

export function redactedFieldSet(extra: readonly string[] = []): Set<string> {
  return new Set([...DEFAULT_REDACTED_FIELDS, ...extra].map(normalise).filter(Boolean));
}

/** A storable copy of a request body with redacted fields replaced (at any depth). */
export function redactBody(body: unknown, fields: Set<string> = redactedFieldSet()): unknown {
  if (typeof body === "string") {
    try {
      return redactBody(JSON.parse(body), fields);
    } catch {
      return toStorableJson(body); // not JSON: nothing addressable to redact
    }
  }
  return toStorableJson(redactValue(body, fields, 0));
}

function redactValue(value: unknown, fields: Set<string>, depth: number): unknown {
  if (depth >= LIMITS.depth) return "[nested too deeply: dropped]";
  if (Array.isArray(value)) return value.slice(0, LIMITS.breadth).map((v) => redactValue(v, fields, depth + 1));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    setOwn(out, key, fields.has(normalise(key)) ? REDACTED : redactValue(v, fields, depth + 1));
  }
  return out;
}

export function redactHeaders(headers: unknown): Record<string, string> | null {
  if (!isRecord(headers)) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers).slice(0, 100)) {
    const text = typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : String(value);
    setOwn(out, key.slice(0, 200), ALWAYS_REDACTED_HEADERS.has(key.toLowerCase()) ? REDACTED : text.slice(0, 2_000));
  }
  return toStorableJson(out) as Record<string, string>;
}
