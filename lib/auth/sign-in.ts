// Checking a sign-in: the password (argon2id), then growing delays per account and per client
// address, a lock-out after repeated failures, and an audit row for every attempt. The answer
// never says which part was wrong.
import type { Database } from "../db/database";
import { emailSchema } from "./users";
import { verifyPassword } from "./passwords";
import { startSession } from "./sessions";

/** Failures before delays start, and the window they are counted in. */
export const SIGN_IN_LIMITS = {
  freeFailures: 3,
  windowMs: 15 * 60_000,
  /** Failures on one account within the window that lock it for the rest of the window. */
  lockAfter: 10,
  /** Failures from one client address (across accounts) before it is delayed too. */
  addressFreeFailures: 10,
  maxDelayMs: 15 * 60_000,
} as const;

export type SignInOutcome = "ok" | "failed" | "delayed" | "locked" | "disabled";

export class SignInRefused extends Error {
  constructor(
    readonly outcome: Exclude<SignInOutcome, "ok">,
    readonly retryAfterSeconds: number | null,
  ) {
    super(retryAfterSeconds ? `Too many failed sign-ins. Try again in ${retryAfterSeconds} s.` : "Sign-in failed. Check your e-mail address and password.");
  }
}

/** Delay after n failures: none for the first few, then doubling from 1 s (capped). */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(SIGN_IN_LIMITS.maxDelayMs, 1_000 * 2 ** (failures - free));
}

interface Failures {
  count: number;
  last: number;
}

async function recentFailures(db: Database, where: { email: string } | { clientAddress: string }, now: number): Promise<Failures> {
  const since = new Date(now - SIGN_IN_LIMITS.windowMs);
  // Failures since the last success in the window.
  const lastOk = await db.prisma.signInAttempt.findFirst({ where: { ...where, outcome: "ok", at: { gte: since } }, orderBy: { at: "desc" }, select: { at: true } });
  const from = lastOk && lastOk.at > since ? lastOk.at : since;
  const failed = await db.prisma.signInAttempt.findMany({ where: { ...where, outcome: "failed", at: { gt: from } }, orderBy: { at: "desc" }, select: { at: true } });
  return { count: failed.length, last: failed[0]?.at.getTime() ?? 0 };
}

/**
 * Signs in or throws SignInRefused. Returns the new session's id and the user.
 * The database keeps every attempt, so limits hold across processes and restarts.
 */
export async function signIn(db: Database, input: { email: string; password: string; clientAddress: string | null }, now = Date.now()): Promise<{ sessionId: string; userId: number }> {
  const parsed = emailSchema.safeParse(input.email);
  const email = parsed.success ? parsed.data : String(input.email).slice(0, 200).toLowerCase();
  const record = (outcome: SignInOutcome, userId: number | null = null) =>
    db.prisma.signInAttempt.create({ data: { email, clientAddress: input.clientAddress, outcome, userId, at: new Date(now) } });

  const byAccount = await recentFailures(db, { email }, now);
  const byAddress = input.clientAddress ? await recentFailures(db, { clientAddress: input.clientAddress }, now) : { count: 0, last: 0 };
  if (byAccount.count >= SIGN_IN_LIMITS.lockAfter) {
    await record("locked");
    throw new SignInRefused("locked", Math.ceil((byAccount.last + SIGN_IN_LIMITS.windowMs - now) / 1000));
  }
  const wait = Math.max(
    byAccount.last + delayAfter(byAccount.count, SIGN_IN_LIMITS.freeFailures) - now,
    byAddress.last + delayAfter(byAddress.count, SIGN_IN_LIMITS.addressFreeFailures) - now,
  );
  if (wait > 0) {
    await record("delayed");
    throw new SignInRefused("delayed", Math.ceil(wait / 1000));
  }

  const user = parsed.success ? await db.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } }) : null;
  const ok = await verifyPassword(user?.passwordHash ?? null, String(input.password ?? ""));
  if (!ok || !user) {
    await record("failed", user?.id ?? null);
    throw new SignInRefused("failed", null);
  }
  if (user.disabledAt) {
    await record("disabled", user.id);
    throw new SignInRefused("disabled", null); // same words as a wrong password
  }
  await record("ok", user.id);
  return { sessionId: await startSession(db, user.id, input.clientAddress, new Date(now)), userId: user.id };
}
