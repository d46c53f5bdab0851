// What next-auth shows to page JavaScript and where it redirects, and the demo's keys: the
// client-visible session carries no session id; redirects stay on this site; each demo start
// revokes the demo key of the start before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { authOptions } from "@/lib/auth/next-auth";
import { createApiKey } from "@/lib/auth/api-keys";
import { DEMO_KEY_NAME, mintDemoKey } from "@/lib/cli/demo";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

describe("next-auth callbacks", () => {
  const callbacks = authOptions().callbacks!;

  it("keeps the session id out of the session page JavaScript reads", async () => {
    const token = { sub: "7", sid: "server-session-id-0123456789" } as JWT;
    const session = await callbacks.session!({
      session: { expires: "2026-12-05T00:00:00.000Z", user: {} } as Session,
      token,
      user: undefined as never,
      newSession: undefined,
      trigger: "update",
    });
    expect(JSON.stringify(session)).not.toContain(token.sid as string);
    expect(session).toEqual({ expires: "2026-12-05T00:00:00.000Z" });
  });

  it("redirects only to paths of this site", async () => {
    const baseUrl = "http://127.0.0.1:3000";
    const redirect = (url: string) => callbacks.redirect!({ url, baseUrl });
    expect(await redirect("/\t/evil.example")).toBe(`${baseUrl}/problems`);
    expect(await redirect("https://evil.example/x")).toBe(`${baseUrl}/problems`);
    expect(await redirect(`${baseUrl}//evil.example`)).toBe(`${baseUrl}/problems`);
    expect(await redirect("/kb?x=1")).toBe(`${baseUrl}/kb?x=1`);
    expect(await redirect(`${baseUrl}/signin`)).toBe(`${baseUrl}/signin`);
  });
});

describe.each(dbKinds())("demo keys on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("revokes the previous demo key when the next start mints one, and leaves other keys alone", async () => {
    const older = await createApiKey(t.db, "demo 2026-12-01T09:30", ["ingest", "read"]); // named as demo keys were
    const own = await createApiKey(t.db, "demo shipper", ["ingest"]); // someone's own key
    const first = await mintDemoKey(t.db);
    const second = await mintDemoKey(t.db);
    expect(second).not.toBe(first);
    const keys = await t.db.prisma.apiKey.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, prefix: true, revokedAt: true },
    });
    const live = keys.filter((k) => !k.revokedAt);
    expect(live.map((k) => k.prefix).sort()).toEqual([own.prefix, second.slice(0, 12)].sort());
    expect(keys.find((k) => k.id === older.id)?.revokedAt).not.toBeNull();
    expect(keys.filter((k) => k.name === DEMO_KEY_NAME)).toHaveLength(2);
  });
});
