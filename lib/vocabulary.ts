// The product's three vocabularies, each defined once: the teams a problem is routed to, the triage
// statuses and the roles of a user. Values are the database enums' (prisma/schema.prisma); the
// arrays are in the order a reader meets them; labels are what a page shows and tones name the theme
// colour a badge is drawn in (app/globals.css). Pure data: pages, the API, the CLI and SQL read it.

/** The theme's badge tones (`--tone-<name>-bg|fg|ring` in globals.css). */
export const TONES = ["neutral", "brand", "info", "violet", "success", "warning", "danger", "rose"] as const;
export type Tone = (typeof TONES)[number];

/** Teams in the order of their enum ("Team": dev, ops, data), as PostgreSQL sorts them. */
export const TEAMS = ["dev", "ops", "data"] as const;
export type Team = (typeof TEAMS)[number];
export const TEAM_LABELS: Readonly<Record<Team, string>> = { dev: "dev", ops: "ops", data: "data" };
export const TEAM_TONES: Readonly<Record<Team, Tone>> = { dev: "brand", ops: "rose", data: "warning" };

/** Triage statuses in the order the list sorts them: what needs work first. */
export const PROBLEM_STATUSES = ["open", "in_progress", "regressed", "resolved", "ignored"] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export const STATUS_LABELS: Readonly<Record<ProblemStatus, string>> = {
  open: "open",
  in_progress: "in progress",
  regressed: "regressed",
  resolved: "resolved",
  ignored: "ignored",
};
export const STATUS_TONES: Readonly<Record<ProblemStatus, Tone>> = {
  open: "info",
  in_progress: "violet",
  regressed: "danger",
  resolved: "success",
  ignored: "neutral",
};

export const ROLES = ["admin", "triager", "support", "district_admin"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: "Admin",
  triager: "Triager",
  support: "Support",
  district_admin: "District admin",
};

export function isTeam(value: string): value is Team {
  return (TEAMS as readonly string[]).includes(value);
}

export function isProblemStatus(value: string): value is ProblemStatus {
  return (PROBLEM_STATUSES as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
