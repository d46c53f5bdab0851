// What a caller may see: every district, or only events of some LEA codes. Every query takes
// one, so district scoping cannot be forgotten.
export type Scope = { kind: "all" } | { kind: "leas"; leaCodes: readonly string[] };

export const ALL_DISTRICTS: Scope = { kind: "all" };

export function leaScope(leaCodes: readonly string[]): Scope {
  return { kind: "leas", leaCodes: [...new Set(leaCodes)] };
}

/** SQL condition on a `lea` column, appended to params. */
export function scopeCondition(scope: Scope, column: string, params: unknown[]): string {
  if (scope.kind === "all") return "TRUE";
  params.push(scope.leaCodes);
  return `${column} = ANY($${params.length}::text[])`;
}

/** The scope narrowed to some LEA codes (a filter): never wider than the scope it narrows. */
export function narrowScope(scope: Scope, leaCodes: readonly string[]): Scope {
  if (!leaCodes.length) return scope;
  return leaScope(scope.kind === "all" ? leaCodes : leaCodes.filter((lea) => scope.leaCodes.includes(lea)));
}
