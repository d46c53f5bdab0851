// Checking a sign-in: the password (argon2id), after growing delays per account and address, per
// address across accounts, and per account across addresses, and an audit row for every attempt.
// The answer never says which part was wrong.
//
// Throttles are keyed by the address as well as the account: failures from elsewhere never lock
// an account for everyone, and an address without failures always gets its password checked (so
// the right one works while the account is under attack from other addresses). Attempts are
// counted under a per-account and per-address lock before the password is checked, each one
// recorded as "checking" until its answer is known, so parallel requests are counted as if they
// came one after the other.
import type { Database, SqlSession } from "../db/database";
import { emailSchema } from "./users";
import { verifyPassword } from "./passwords";
import { startSession } from "./sessions";

/** Failures before delays start, and the window they are counted in. */
export const SIGN_IN_LIMITS = {
  /** Failures on one account from one address before that address waits for it. */
  freeFailures: 3,
  windowMs: 15 * 60_000,
  /** Failures on one account from one address within the window that lock the account for that address. */
  lockAfter: 10,
  /** Failures from one client address (across accounts) before it is delayed too. */
  addressFreeFailures: 10,
  /** Failures on one account (from all addresses) before every address that failed on it waits. */
  accountFreeFailures: 10,
  maxDelayMs: 15 * 60_000,
} as const;

export type SignInOutcome = "ok" | "failed" | "delayed" | "locked" | "disabled";
/** An attempt whose password is being checked: counted as a failure until its answer is known. */
const CHECKING = "checking";

export class SignInRefused extends Error {
  constructor(
    readonly outcome: Exclude<SignInOutcome, "ok">,
    readonly retryAfterSeconds: number | null,
  ) {
    super(
      retryAfterSeconds
        ? `Too many failed sign-ins. Try again in ${retryAfterSeconds} s.`
        : "Sign-in failed. Check your e-mail address and password.",
    );
  }
}

/** Delay after n failures: none for the first few, then doubling from 1 s (capped). */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(SIGN_IN_LIMITS.maxDelayMs, 1_000 * 2 ** Math.min(failures - free, 30));
}

interface Failures {
  count: number;
  /** When the latest failure was (ms), 0 without one. */
  last: number;
}

const NONE: Failures = { count: 0, last: 0 };

/** Which attempts a count is over: SQL with the window's start as $1 and its values from $2. */
interface Attempts {
  where: string;
  values: (string | null)[];
}

const onAccount = (email: string): Attempts => ({ where: "email = $2", values: [email] });
const onAccountFrom = (email: string, address: string | null): Attempts => ({
  where: "email = $2 AND client_address IS NOT DISTINCT FROM $3::text",
  values: [email, address],
});
const fromAddress = (address: string): Attempts => ({ where: "client_address = $2", values: [address] });

/**
 * Failures (and attempts still being checked) within the window; for an account, since its last
 * success. An address's count is not reset by a success: one working account of the sprayer's own
 * would otherwise clear it before every round of guesses on other accounts.
 */
async function failures(
  tx: SqlSession,
  { where, values }: Attempts,
  since: Date,
  { resetBySuccess = true } = {},
): Promise<Failures> {
  const afterSuccess = resetBySuccess
    ? `AND id > coalesce((SELECT max(id) FROM sign_in_attempt WHERE ${where} AND at >= $1 AND outcome = 'ok'), 0)`
    : "";
  const [row] = await tx.query<{ count: number; last: Date | string | null }>(
    `SELECT count(*)::int AS count, max(at) AS last FROM sign_in_attempt
     WHERE ${where} AND at >= $1 AND outcome IN ('failed', '${CHECKING}') ${afterSuccess}`,
    [since, ...values],
  );
  return { count: row?.count ?? 0, last: row?.last ? new Date(row.last).getTime() : 0 };
}

/** What the counts allow: a refusal, or null to check the password. */
export function refusalFor(
  pair: Failures,
  byAddress: Failures,
  byAccount: Failures,
  now: number,
): SignInRefused | null {
  if (pair.count >= SIGN_IN_LIMITS.lockAfter)
    return new SignInRefused("locked", Math.max(1, Math.ceil((pair.last + SIGN_IN_LIMITS.windowMs - now) / 1000)));
  const wait = Math.max(
    pair.last + delayAfter(pair.count, SIGN_IN_LIMITS.freeFailures) - now,
    byAddress.last + delayAfter(byAddress.count, SIGN_IN_LIMITS.addressFreeFailures) - now,
    // Failures from everywhere slow down only addresses that failed on this account themselves,
    // counted from their own latest failure: an address without failures is never refused.
    pair.count > 0 ? pair.last + delayAfter(byAccount.count, SIGN_IN_LIMITS.accountFreeFailures) - now : 0,
  );
  return wait > 0 ? new SignInRefused("delayed", Math.ceil(wait / 1000)) : null;
}

/** Counts the attempt under the account's and the address's locks; records it. */
async function admit(
  db: Database,
  email: string,
  clientAddress: string | null,
  now: number,
): Promise<{ attemptId: string } | SignInRefused> {
  return db.transaction(async (tx) => {
    // In one order (sorted), so two attempts never wait for each other's second lock.
    const keys = [`account:${email}`, ...(clientAddress ? [`address:${clientAddress}`] : [])].sort();
    for (const key of keys)
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7108))", [`triage.sign-in ${key}`]);
    const since = new Date(now - SIGN_IN_LIMITS.windowMs);
    const pair = await failures(tx, onAccountFrom(email, clientAddress), since);
    const byAddress = clientAddress
      ? await failures(tx, fromAddress(clientAddress), since, { resetBySuccess: false })
      : NONE;
    const byAccount = await failures(tx, onAccount(email), since);
    const refusal = refusalFor(pair, byAddress, byAccount, now);
    const [row] = await tx.query<{ id: string }>(
      "INSERT INTO sign_in_attempt (email, client_address, outcome, at) VALUES ($1, $2, $3, $4) RETURNING id::text AS id",
      [email, clientAddress, refusal?.outcome ?? CHECKING, new Date(now)],
    );
    return refusal ?? { attemptId: row.id };
  });
}

/**
 * Signs in or throws SignInRefused. Returns the new session's id and the user.
 * The database keeps every attempt, so limits hold across processes and restarts.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; clientAddress: string | null },
  now = Date.now(),
): Promise<{ sessionId: string; userId: number }> {
  const parsed = emailSchema.safeParse(input.email);
  const email = parsed.success ? parsed.data : String(input.email).slice(0, 200).toLowerCase();
  const admitted = await admit(db, email, input.clientAddress, now);
  if (admitted instanceof SignInRefused) throw admitted;
  const settle = (outcome: SignInOutcome, userId: number | null = null) =>
    db.prisma.signInAttempt.update({ where: { id: BigInt(admitted.attemptId) }, data: { outcome, userId } });

  const user = parsed.success
    ? await db.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } })
    : null;
  let ok: boolean;
  try {
    ok = await verifyPassword(user?.passwordHash ?? null, String(input.password ?? ""));
  } catch (error) {
    await settle("failed", user?.id ?? null);
    throw error;
  }
  if (!ok || !user) {
    await settle("failed", user?.id ?? null);
    throw new SignInRefused("failed", null);
  }
  if (user.disabledAt) {
    await settle("disabled", user.id);
    throw new SignInRefused("disabled", null); // same words as a wrong password
  }
  await settle("ok", user.id);
  return { sessionId: await startSession(db, user.id, input.clientAddress, new Date(now)), userId: user.id };
}
