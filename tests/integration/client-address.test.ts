// The client address over real HTTP: the socket's peer by default, whatever X-Forwarded-For says
// (rotating it neither passes the per-address sign-in limit nor forges the sign-in log); behind
// TRIAGE_TRUSTED_PROXIES proxies, the address the outermost trusted proxy saw.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressOf } from "@/lib/http/client-address";
import { PEER_HEADER, stampPeerAddresses } from "@/lib/http/peer-stamp";
import { resetEnv } from "@/lib/env";
import { signIn, SignInRefused, SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startTestServer, type TestServer } from "../support/server";
import { checkedTooSoon } from "../support/sign-in-schedule";

// As the server's instrumentation hook does (instrumentation.ts), in this process.
stampPeerAddresses();

const json = (value: unknown) =>
  new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });

describe.each(dbKinds())("client address on %s", (kind) => {
  let t: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    server = await startTestServer({
      "/address": { GET: async (request) => json({ address: clientAddressOf(request.headers) }) },
      "/signin": {
        POST: async (request) => {
          const { email, password } = (await request.json()) as { email: string; password: string };
          try {
            await signIn(t.db, { email, password, clientAddress: clientAddressOf(request.headers) });
            return json({ outcome: "ok" });
          } catch (error) {
            return json({ outcome: (error as SignInRefused).outcome });
          }
        },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
    delete process.env.TRIAGE_TRUSTED_PROXIES;
    resetEnv();
  });

  const addressOf = async (headers: Record<string, string> = {}) =>
    ((await (await fetch(`${server.url}/address`, { headers })).json()) as { address: string | null }).address;

  it("is the socket's peer, whatever X-Forwarded-For, X-Real-IP or a forged stamp say", async () => {
    expect(await addressOf()).toBe("127.0.0.1");
    expect(await addressOf({ "x-forwarded-for": "203.0.113.5" })).toBe("127.0.0.1");
    expect(await addressOf({ "x-forwarded-for": "10.0.0.1, 203.0.113.5" })).toBe("127.0.0.1");
    expect(await addressOf({ "x-real-ip": "203.0.113.5" })).toBe("127.0.0.1");
    expect(await addressOf({ [PEER_HEADER]: "anything 203.0.113.5" })).toBe("127.0.0.1");
  });

  it("does not let a rotating X-Forwarded-For pass the per-address limit, and logs the socket's address", async () => {
    const tries = SIGN_IN_LIMITS.addressFreeFailures + 10;
    const seen: string[] = [];
    for (let i = 0; i < tries; i++) {
      const r = await fetch(`${server.url}/signin`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}` },
        body: JSON.stringify({ email: `rotate-${i}@x.test`, password: "Winter2026!" }),
      });
      seen.push(((await r.json()) as { outcome: string }).outcome);
    }
    const logged = await t.db.prisma.signInAttempt.findMany({
      where: { email: { startsWith: "rotate-" } },
      orderBy: { id: "asc" },
      select: { clientAddress: true, at: true, outcome: true },
    });
    expect(logged).toHaveLength(tries);
    expect(new Set(logged.map((a) => a.clientAddress))).toEqual(new Set(["127.0.0.1"]));
    // One address's throttle held: no password was checked before its delay had passed (judged
    // from the times recorded), and past the free failures attempts were refused. The report
    // measured 300 of 300 checks with a rotating header.
    expect(
      checkedTooSoon(
        logged.map((a) => ({ at: a.at.getTime(), outcome: a.outcome })),
        SIGN_IN_LIMITS.addressFreeFailures,
      ),
    ).toEqual([]);
    expect(seen.slice(0, SIGN_IN_LIMITS.addressFreeFailures).every((o) => o === "failed")).toBe(true);
    expect(seen.filter((o) => o === "delayed").length).toBeGreaterThan(0);
  });

  it("behind TRIAGE_TRUSTED_PROXIES proxies, is the address the outermost trusted proxy saw", async () => {
    process.env.TRIAGE_TRUSTED_PROXIES = "1";
    resetEnv();
    try {
      // One proxy (the peer) appended the address it saw; what the client wrote before it is not believed.
      expect(await addressOf({ "x-forwarded-for": "203.0.113.5" })).toBe("203.0.113.5");
      expect(await addressOf({ "x-forwarded-for": "10.9.9.9, 203.0.113.5" })).toBe("203.0.113.5");
      expect(await addressOf({ "x-forwarded-for": "::ffff:203.0.113.6" })).toBe("203.0.113.6");
      // A request that did not come through the proxy: the furthest address known, the peer.
      expect(await addressOf()).toBe("127.0.0.1");
    } finally {
      delete process.env.TRIAGE_TRUSTED_PROXIES;
      resetEnv();
    }
    const stamped = (value: string) => new Headers({ [PEER_HEADER]: value });
    expect(clientAddressOf(stamped("x 127.0.0.1"), 0)).toBeNull(); // not this process's stamp
  });
});
