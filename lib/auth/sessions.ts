// Signed-in sessions. The cookie (a next-auth JWT) only names a session; the session row and its
// user decide on every request (cached for SESSION_CHECK_MS), so signing out, disabling a user,
// changing a role or districts reach every process's open sessions at once (a change announced
// through lib/cluster/changes.ts), the idle timeout and the absolute expiry within that time.
import { randomBytes } from "node:crypto";
import type { Database } from "../db/database";
import { env } from "../env";
import { isRole, type Role } from "./roles";
import { announceChange, changeGeneration, onChange } from "../cluster/changes";

export const SESSION_CHECK_MS = 5_000;
/** lastSeenAt is written at most this often per session (the idle timeout is in minutes). */
const TOUCH_MS = 60_000;

export interface SessionUser {
  sessionId: string;
  userId: number;
  email: string;
  name: string;
  role: Role;
  leaCodes: string[];
}

export async function startSession(
  db: Database,
  userId: number,
  clientAddress: string | null,
  now = new Date(),
): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.prisma.userSession.create({
    data: {
      id,
      userId,
      clientAddress,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + env().TRIAGE_SESSION_HOURS * 3_600_000),
    },
  });
  return id;
}

export async function endSession(db: Database, sessionId: string): Promise<void> {
  await db.prisma.userSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
  checked.delete(sessionId);
  await announceChange("sessions"); // other processes may have it cached
}

const checked = new Map<string, { user: SessionUser | null; until: number; lastSeen: number }>();

/** Forgets every cached session check (a user or session changed, here or in another process). */
export function forgetSessions(): void {
  checked.clear();
}
onChange("sessions", forgetSessions);

/** The signed-in user of a session, or null when it ended, expired, idled out or its user is disabled. */
export async function sessionUser(db: Database, sessionId: string, now = Date.now()): Promise<SessionUser | null> {
  const cached = checked.get(sessionId);
  if (cached && cached.until > now) {
    if (cached.user && now - cached.lastSeen > TOUCH_MS) await touch(db, sessionId, cached, now);
    return cached.user;
  }
  const generation = changeGeneration("sessions");
  const row = await db.prisma.userSession.findUnique({
    where: { id: sessionId },
    select: {
      lastSeenAt: true,
      expiresAt: true,
      endedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, leaCodes: true, disabledAt: true } },
    },
  });
  const idleMs = env().TRIAGE_IDLE_MINUTES * 60_000;
  const valid =
    row &&
    !row.endedAt &&
    row.expiresAt.getTime() > now &&
    now - row.lastSeenAt.getTime() < idleMs &&
    !row.user.disabledAt &&
    isRole(row.user.role);
  const user: SessionUser | null = valid
    ? {
        sessionId,
        userId: row.user.id,
        email: row.user.email,
        name: row.user.name,
        role: row.user.role as Role,
        leaCodes: row.user.leaCodes,
      }
    : null;
  if (checked.size >= 10_000) checked.clear();
  // Changed while this look-up ran: answer with what was read, but do not keep it.
  if (generation !== changeGeneration("sessions")) return user;
  const entry = { user, until: now + SESSION_CHECK_MS, lastSeen: row?.lastSeenAt.getTime() ?? 0 };
  checked.set(sessionId, entry);
  if (user && now - entry.lastSeen > TOUCH_MS) await touch(db, sessionId, entry, now);
  return user;
}

async function touch(db: Database, sessionId: string, entry: { lastSeen: number }, now: number): Promise<void> {
  entry.lastSeen = now;
  await db.prisma.userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(now) } });
}
