// Users: created, listed and changed by admins (admin pages, `npm run users`). Changes take effect
// on open sessions within SESSION_CHECK_MS (sessions.ts reads the user row).
import { InputError } from "../input-error";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database } from "../db/database";
import { announceChange } from "../cluster/changes";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords";
import { ROLES, type Role } from "./roles";

export const emailSchema = z.string().trim().toLowerCase().email("must be an e-mail address").max(200);
export const leaCodesSchema = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,50}$/, "must be LEA codes (letters, digits, . _ -)"),
  )
  .max(500);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(500);
export const roleSchema = z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` });

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1).max(200),
    role: roleSchema,
    leaCodes: leaCodesSchema.default([]),
    password: passwordSchema,
  })
  .refine((u) => u.role !== "district_admin" || u.leaCodes.length > 0, {
    message: "a district admin needs at least one LEA code",
    path: ["leaCodes"],
  });

export type NewUser = z.input<typeof newUserSchema>;

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: Role;
  leaCodes: string[];
  disabledAt: Date | null;
  createdAt: Date;
}

const SUMMARY = {
  id: true,
  email: true,
  name: true,
  role: true,
  leaCodes: true,
  disabledAt: true,
  createdAt: true,
} as const;

/** A password for a new or reset account: 20 random characters. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

export async function createUser(db: Database, input: NewUser): Promise<UserSummary> {
  const u = newUserSchema.parse(input);
  return db.prisma.user.create({
    data: {
      email: u.email,
      name: u.name,
      role: u.role,
      leaCodes: u.role === "district_admin" ? u.leaCodes : [],
      passwordHash: await hashPassword(u.password),
    },
    select: SUMMARY,
  });
}

export function listUsers(db: Database): Promise<UserSummary[]> {
  return db.prisma.user.findMany({ orderBy: { id: "asc" }, select: SUMMARY });
}

export async function findUserByEmailOrId(db: Database, who: string): Promise<UserSummary | null> {
  const where = /^\d+$/.test(who) ? { id: Number(who) } : { email: emailSchema.parse(who) };
  return db.prisma.user.findUnique({ where, select: SUMMARY });
}

async function change(db: Database, id: number, data: Record<string, unknown>): Promise<UserSummary> {
  const user = await db.prisma.user.update({ where: { id }, data, select: SUMMARY });
  await announceChange("sessions");
  return user;
}

export function setRole(db: Database, id: number, role: Role, leaCodes?: string[]): Promise<UserSummary> {
  const leas = leaCodesSchema.parse(leaCodes ?? []);
  if (role === "district_admin" && leaCodes !== undefined && leas.length === 0)
    throw new InputError("a district admin needs at least one LEA code", "leaCodes");
  return change(db, id, { role: roleSchema.parse(role), ...(leaCodes !== undefined ? { leaCodes: leas } : {}) });
}

export function setLeaCodes(db: Database, id: number, leaCodes: string[]): Promise<UserSummary> {
  return change(db, id, { leaCodes: leaCodesSchema.parse(leaCodes) });
}

/** Disables (or re-enables) an account; its open sessions end. */
export async function setDisabled(db: Database, id: number, disabled: boolean): Promise<UserSummary> {
  const user = await change(db, id, { disabledAt: disabled ? new Date() : null });
  if (disabled)
    await db.prisma.userSession.updateMany({ where: { userId: id, endedAt: null }, data: { endedAt: new Date() } });
  await announceChange("sessions");
  return user;
}

/** Sets a new password (given, or generated and returned); open sessions end. */
export async function resetPassword(db: Database, id: number, password = generatePassword()): Promise<string> {
  await change(db, id, { passwordHash: await hashPassword(passwordSchema.parse(password)) });
  await db.prisma.userSession.updateMany({ where: { userId: id, endedAt: null }, data: { endedAt: new Date() } });
  await announceChange("sessions");
  return password;
}
