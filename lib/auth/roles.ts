// Who may do what (design: Roles). One table; every check in the product asks it.
import type { Scope } from "./scope";
import { ALL_DISTRICTS, leaScope } from "./scope";

import type { Role } from "../vocabulary";

export { ROLES, ROLE_LABELS, isRole, type Role } from "../vocabulary";

export type Permission = "read" | "note" | "triage" | "admin";

const PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ["read", "note", "triage", "admin"],
  triager: ["read", "note", "triage"],
  support: ["read", "note"],
  district_admin: ["read"],
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

/** What a role may see: every district, or its LEA codes (a district admin without any sees nothing). */
export function scopeOf(role: Role, leaCodes: readonly string[]): Scope {
  return role === "district_admin" ? leaScope(leaCodes) : ALL_DISTRICTS;
}
