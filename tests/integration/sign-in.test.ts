// Sign-in and sessions on PGlite and PostgreSQL: growing delays and lock-outs per account and
// address, per address and per account, recorded, and counted as one under parallel requests; the
// right password from an address without failures always works; failures never say which part was
// wrong; a disabled user, a changed role or districts, sign-out, the idle timeout and the absolute
// expiry reach open sessions within SESSION_CHECK_MS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionUser, SESSION_CHECK_MS, endSession, forgetSessions } from "@/lib/auth/sessions";
import { delayAfter, signIn, SignInRefused, SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import { createUser, setDisabled } from "@/lib/auth/users";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const PASSWORD = "correct horse battery staple";

describe.each(dbKinds())("sign-in on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  const attempt = async (email: string, password: string, at: number, clientAddress = "10.0.0.1") => {
    try {
      return await signIn(t.db, { email, password, clientAddress }, at);
    } catch (error) {
      return error as SignInRefused;
    }
  };
  const outcomes = async (email: string) =>
    (
      await t.db.prisma.signInAttempt.findMany({ where: { email }, orderBy: { id: "asc" }, select: { outcome: true } })
    ).map((a) => a.outcome);

  it("says the same for an unknown e-mail, a wrong password and a disabled account", async () => {
    const user = await createUser(t.db, { email: "same@x.test", name: "Same", role: "support", password: PASSWORD });
    const now = Date.now();
    const unknown = await attempt("nobody@x.test", PASSWORD, now, "10.0.1.1");
    const wrong = await attempt("same@x.test", "wrong password here", now, "10.0.1.2");
    await setDisabled(t.db, user.id, true);
    const disabled = await attempt("same@x.test", PASSWORD, now, "10.0.1.3");
    for (const r of [unknown, wrong, disabled]) {
      expect(r).toBeInstanceOf(SignInRefused);
      expect((r as SignInRefused).message).toBe("Sign-in failed. Check your e-mail address and password.");
    }
    expect(await outcomes("same@x.test")).toEqual(["failed", "disabled"]);
  });

  it("delays an account for the address that fails, twice as long each time, then locks it for that address, and records each attempt", async () => {
    await createUser(t.db, { email: "target@x.test", name: "Target", role: "triager", password: PASSWORD });
    const attacker = "10.1.0.1";
    let now = Date.now();
    for (let i = 0; i < SIGN_IN_LIMITS.freeFailures; i++)
      expect(await attempt("target@x.test", `guess ${i}`, now, attacker)).toMatchObject({ outcome: "failed" });
    // Right password, but too soon after this address's failures: refused without checking it.
    expect(await attempt("target@x.test", PASSWORD, now, attacker)).toMatchObject({
      outcome: "delayed",
      retryAfterSeconds: 1,
    });
    now += 1_001;
    for (let i = SIGN_IN_LIMITS.freeFailures; i < SIGN_IN_LIMITS.lockAfter; i++) {
      expect(await attempt("target@x.test", `guess ${i}`, now, attacker)).toMatchObject({ outcome: "failed" });
      now += delayAfter(i + 1, SIGN_IN_LIMITS.freeFailures) + 1;
    }
    const locked = await attempt("target@x.test", PASSWORD, now, attacker);
    expect(locked).toMatchObject({ outcome: "locked" });
    expect((locked as SignInRefused).retryAfterSeconds).toBeGreaterThan(0);
    const recorded = await outcomes("target@x.test");
    expect(recorded.filter((o) => o === "failed")).toHaveLength(SIGN_IN_LIMITS.lockAfter);
    expect(recorded).toContain("delayed");
    expect(recorded.at(-1)).toBe("locked");
    // After the window the address may try again, and the right password works.
    now += SIGN_IN_LIMITS.windowMs + 1;
    expect(await attempt("target@x.test", PASSWORD, now, attacker)).toHaveProperty("sessionId");
  });

  it("checks the right password from an address without failures while another address attacks the account", async () => {
    await createUser(t.db, { email: "attacked@x.test", name: "Attacked", role: "triager", password: PASSWORD });
    let now = Date.now();
    // The attacker runs the account past the lock-out, and keeps trying.
    for (let i = 0; i < SIGN_IN_LIMITS.lockAfter + 5; i++) {
      await attempt("attacked@x.test", `guess ${i}`, now, "198.51.100.66");
      now += SIGN_IN_LIMITS.maxDelayMs / 20;
    }
    expect(await attempt("attacked@x.test", PASSWORD, now, "198.51.100.66")).toMatchObject({ outcome: "locked" });
    // From an address with no failures a password is checked: a wrong one is counted like any
    // other, and that address then waits (the account's failures count against it)…
    expect(await attempt("attacked@x.test", "typo", now, "192.0.2.11")).toMatchObject({ outcome: "failed" });
    expect(await attempt("attacked@x.test", PASSWORD, now, "192.0.2.11")).toMatchObject({ outcome: "delayed" });
    // …and the right one signs its owner in at once.
    expect(await attempt("attacked@x.test", PASSWORD, now, "192.0.2.10")).toHaveProperty("sessionId");
  });

  it("counts parallel wrong passwords as if they came one after the other", async () => {
    await createUser(t.db, { email: "parallel@x.test", name: "Parallel", role: "support", password: PASSWORD });
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt("parallel@x.test", `guess ${i}`, now, "198.51.100.77")),
    );
    const seen = results.map((r) => (r as SignInRefused).outcome);
    // Only the free failures had their password checked; the rest waited as they would one by one.
    expect(seen.filter((o) => o === "failed")).toHaveLength(SIGN_IN_LIMITS.freeFailures);
    expect(seen.filter((o) => o === "delayed")).toHaveLength(20 - SIGN_IN_LIMITS.freeFailures);
    const recorded = await outcomes("parallel@x.test");
    expect(recorded).toHaveLength(20);
    expect(recorded.filter((o) => o === "failed")).toHaveLength(SIGN_IN_LIMITS.freeFailures);
    expect(recorded).not.toContain("checking");
    // Parallel right passwords from a fresh address all get in (and are counted as successes).
    const ok = await Promise.all(
      Array.from({ length: 3 }, () => attempt("parallel@x.test", PASSWORD, now, "192.0.2.77")),
    );
    for (const r of ok) expect(r).toHaveProperty("sessionId");
  });

  it("does not let a success on the sprayer's own account reset the address's failures", async () => {
    await createUser(t.db, {
      email: "own@x.test",
      name: "Own",
      role: "district_admin",
      leaCodes: ["255901"],
      password: PASSWORD,
    });
    const now = Date.now();
    const from = "203.0.113.44";
    for (let i = 0; i < SIGN_IN_LIMITS.addressFreeFailures; i++)
      await attempt(`sprayed-${i}@x.test`, "Winter2026!", now, from);
    expect(await attempt("own@x.test", PASSWORD, now, from)).toMatchObject({ outcome: "delayed" }); // the address waits, whoever it signs in as
    const later = now + delayAfter(SIGN_IN_LIMITS.addressFreeFailures, SIGN_IN_LIMITS.addressFreeFailures) + 1_000;
    expect(await attempt("own@x.test", PASSWORD, later, from)).toHaveProperty("sessionId");
    // Still past its free failures: one more guess is checked, the next waits twice as long.
    expect(await attempt("sprayed-a@x.test", "Winter2026!", later, from)).toMatchObject({ outcome: "failed" });
    expect(await attempt("sprayed-b@x.test", "Winter2026!", later, from)).toMatchObject({ outcome: "delayed" });
  });

  it("delays a client address that fails across many accounts", async () => {
    const now = Date.now();
    for (let i = 0; i < SIGN_IN_LIMITS.addressFreeFailures; i++)
      await attempt(`spray-${i}@x.test`, "Winter2026!", now, "203.0.113.9");
    expect(await attempt("spray-new@x.test", "Winter2026!", now, "203.0.113.9")).toMatchObject({ outcome: "delayed" });
    expect(await attempt("spray-new@x.test", "Winter2026!", now, "203.0.113.10")).toMatchObject({ outcome: "failed" });
  });

  it("ends open sessions within SESSION_CHECK_MS when the user is disabled or changed elsewhere, signs out, idles out and expires", async () => {
    const user = await createUser(t.db, {
      email: "session@x.test",
      name: "Session",
      role: "district_admin",
      leaCodes: ["255901"],
      password: PASSWORD,
    });
    const now = Date.now();
    const { sessionId } = (await signIn(
      t.db,
      { email: "session@x.test", password: PASSWORD, clientAddress: null },
      now,
    )) as { sessionId: string };
    expect(await sessionUser(t.db, sessionId, now)).toMatchObject({
      userId: user.id,
      role: "district_admin",
      leaCodes: ["255901"],
    });
    // Another process changes the user (no cache of ours is told).
    await t.db.prisma.user.update({ where: { id: user.id }, data: { leaCodes: ["4801234"] } });
    expect((await sessionUser(t.db, sessionId, now + SESSION_CHECK_MS + 1))?.leaCodes).toEqual(["4801234"]);
    await t.db.prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await sessionUser(t.db, sessionId, now + 2 * SESSION_CHECK_MS + 2)).toBeNull();
    await t.db.prisma.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    forgetSessions();

    const idle = (await signIn(t.db, { email: "session@x.test", password: PASSWORD, clientAddress: null }, now)) as {
      sessionId: string;
    };
    expect(await sessionUser(t.db, idle.sessionId, now + 59 * 60_000)).not.toBeNull(); // within the idle limit (60 min), and touched
    forgetSessions();
    expect(await sessionUser(t.db, idle.sessionId, now + 59 * 60_000 + 61 * 60_000)).toBeNull(); // idle past the limit since the touch
    forgetSessions();
    expect(await sessionUser(t.db, idle.sessionId, now + 13 * 3_600_000)).toBeNull(); // past the 12 h expiry

    const out = (await signIn(t.db, { email: "session@x.test", password: PASSWORD, clientAddress: null }, now)) as {
      sessionId: string;
    };
    await endSession(t.db, out.sessionId);
    expect(await sessionUser(t.db, out.sessionId, now)).toBeNull();
  });
});
