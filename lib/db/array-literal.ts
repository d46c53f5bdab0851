// Array parameters as PostgreSQL array literals, written in one pass. node-postgres turns a
// JavaScript array into the same literal with two regular-expression replaces per element; the
// ledger's fold and the ingest send thousands of elements per batch (keys, 97-value running totals
// as text), so they hand over the literal instead. `$n::text[]` (or any array type) parses it
// exactly as it parsed the array.

const SPECIAL = /["\\]/;
const SPECIAL_ALL = /["\\]/g;

/** `{"a","b\"c",NULL}`: text elements quoted (a quote or backslash escaped), null as NULL, numbers bare. */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i) out += ",";
    const v = values[i];
    if (v === null || v === undefined)
      out += "NULL"; // (undefined: as node-postgres sends it)
    else if (typeof v === "number") out += String(v);
    else out += SPECIAL.test(v) ? `"${v.replace(SPECIAL_ALL, "\\$&")}"` : `"${v}"`;
  }
  return `${out}}`;
}
