// Who may do what (design: Roles). One table; every check in the product asks it.
import type { Scope } from "./scope";
import { ALL_DISTRICTS, leaScope } from "./scope";

export const ROLES = ["admin", "triager", "support", "district_admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: "Admin",
  triager: "Triager",
  support: "Support",
  district_admin: "District admin",
};

export type Permission = "read" | "note" | "triage" | "admin";

const PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ["read", "note", "triage", "admin"],
  triager: ["read", "note", "triage"],
  support: ["read", "note"],
  district_admin: ["read"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

/** What a role may see: every district, or its LEA codes (a district admin without any sees nothing). */
export function scopeOf(role: Role, leaCodes: readonly string[]): Scope {
  return role === "district_admin" ? leaScope(leaCodes) : ALL_DISTRICTS;
}
