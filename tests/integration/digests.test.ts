// Digests on a real database and a real SMTP server: a district admin's digest holds only their
// districts (every line of the message), a triager's only their team's problems, each period is
// sent once, and "off" sends nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { startSmtp } from "../support/alert-sinks";
import { ingestEvents } from "@/lib/ingest/ingest";
import { CLAIM_MS, sendDueDigests, setDigest } from "@/lib/alerts/digests";
import { createUser } from "@/lib/auth/users";

const DAY = 86_400_000;
let seq = 0;
const event = (lea: string, client: string, resource: string, at: number, status = 409) => ({
  status,
  lea,
  client,
  occurredAt: new Date(at).toISOString(),
  correlationId: `d-${++seq}`,
  url: `https://h/data/v3/ed-fi/${resource}`,
  body:
    status === 409
      ? {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: "The referenced 'Session' item does not exist.",
        }
      : { type: "urn:ed-fi:api:system:database-connection", detail: "The API was unable to connect to the database." },
});

describe.each(dbKinds())("digests on %s", (kind) => {
  let t: TestDatabase;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
    await t.drop();
  });

  it("sends a period's digest later when the process sending it died, and only once", async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    await ingestEvents(t.db, [event("255901", "Roster Sync", "sections", Date.now() - DAY)], { apiKeyId: null });
    const toni = await createUser(t.db, {
      email: "toni@example.org",
      name: "Toni",
      role: "triager",
      leaCodes: [],
      password: "triager-password-1234",
    });
    await setDigest(t.db, toni.id, "daily", null);
    const now = new Date();
    // A process claims the digest and dies while sending (its mailer never returns).
    const dying = { sendMail: () => new Promise<never>(() => {}) };
    void sendDueDigests(t.db, dying, "Triage <t@x>", "https://triage.example.org", now);
    await expect
      .poll(
        async () =>
          (
            await t.db.transaction((tx) =>
              tx.query<{ c: Date | null }>("SELECT claimed_until AS c FROM digest_subscription WHERE user_id = $1", [
                toni.id,
              ]),
            )
          )[0].c,
      )
      .not.toBeNull();
    // Another process while the claim holds: nothing; once it has run out: the digest, once.
    expect(await sendDueDigests(t.db, smtp.transport, "Triage <t@x>", "https://triage.example.org", now)).toBe(0);
    const later = new Date(now.getTime() + CLAIM_MS + 1_000);
    expect(await sendDueDigests(t.db, smtp.transport, "Triage <t@x>", "https://triage.example.org", later)).toBe(1);
    expect(await sendDueDigests(t.db, smtp.transport, "Triage <t@x>", "https://triage.example.org", later)).toBe(0);
    expect(smtp.messages.filter((m) => m.includes("To: toni@example.org"))).toHaveLength(1);
  });

  it("gives a district admin their districts only, over every line, once per period", async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const yesterday = today - DAY + 3_600_000;
    await ingestEvents(
      t.db,
      [
        ...Array.from({ length: 4 }, () => event("255901", "Roster Sync", "sections", yesterday)),
        ...Array.from({ length: 2 }, () => event("255901", "Roster Sync", "sections", yesterday - DAY)),
        ...Array.from({ length: 9 }, () => event("6001000", "Elsewhere Vendor", "grades", yesterday)),
        ...Array.from({ length: 5 }, () => event("6001000", "Elsewhere Vendor", "sessions", yesterday, 500)),
      ],
      { apiKeyId: null },
    );
    const admin = await createUser(t.db, {
      email: "dana@example.org",
      name: "Dana",
      role: "district_admin",
      leaCodes: ["255901"],
      password: "district-password-123",
    });
    const everyone = await createUser(t.db, {
      email: "toni@example.org",
      name: "Toni",
      role: "triager",
      leaCodes: [],
      password: "triager-password-1234",
    });
    const off = await createUser(t.db, {
      email: "off@example.org",
      name: "Off",
      role: "triager",
      leaCodes: [],
      password: "triager-password-1234",
    });
    await setDigest(t.db, admin.id, "daily", null);
    await setDigest(t.db, everyone.id, "daily", null);
    await setDigest(t.db, off.id, "off", null);

    expect(await sendDueDigests(t.db, smtp.transport, "Triage <t@x>", "https://triage.example.org", new Date())).toBe(
      2,
    );
    expect(await sendDueDigests(t.db, smtp.transport, "Triage <t@x>", "https://triage.example.org", new Date())).toBe(
      0,
    ); // the same period: once
    const to = (address: string) => smtp.messages.find((m) => m.includes(`To: ${address}`))!;
    const mine = to("dana@example.org");
    for (const line of mine.split(/\r?\n/)) {
      for (const other of ["6001000", "Elsewhere Vendor", "grades", "sessions", "18 errors", "20 errors"])
        expect(line).not.toContain(other);
    }
    expect(mine).toContain("4 errors (+100% against the period before: 2) in 255901");
    expect(mine).toContain("Top clients: Roster Sync 4");
    expect(mine).toContain("https://triage.example.org/trends?range=24h&lea=255901");
    const all = to("toni@example.org");
    expect(all).toContain("18 errors");
    expect(all).toContain("6001000");
    expect(smtp.messages.some((m) => m.includes("To: off@example.org"))).toBe(false);
  });
});
