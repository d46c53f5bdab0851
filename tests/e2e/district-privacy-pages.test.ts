// Issue 21, items 2 and 9, through HTTP against the real production server (`next start`) on each
// database: a district admin's problem page, problem list and CSV export carry no staff note, no
// triage change, no other district's LEA (history, rule reason, regression link) and no shared view
// naming another district, while a triager's carry all of it; hidden characters of an event's text
// arrive as visible markers. The database is seeded before the server opens it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS } from "@/lib/auth/scope";
import type { DatabaseConfig } from "@/lib/db/config";
import { openDatabase } from "@/lib/runtime/database";
import { migrate } from "@/lib/db/migrate";
import { ingestEvents } from "@/lib/ingest/ingest";
import { addNote, changeProblems } from "@/lib/triage/problem-triage";
import { createRoutingRule } from "@/lib/triage/routing-rules";
import { createSavedView } from "@/lib/triage/saved-views";
import { createPostgresDatabase, testPostgresUrl } from "../support/db";
import { ensureBuild, startNextServer, type RunningServer } from "../support/next-server";
import { signedInUser } from "../support/sessions";

const A = "255901";
const B = "4801234";
const NOTE = "Called district 4801234 about student Jane Roe";

let n = 0;
const conflict = (
  lea: string,
  minutesAgo: number,
  detail = "The referenced 'Session' item does not exist.",
  correlationId = `dpp-${lea}-${++n}`,
) => ({
  status: 409,
  lea,
  client: "SIS",
  occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  correlationId,
  url: "https://h/data/v3/ed-fi/sections",
  body: { type: "urn:ed-fi:api:data-conflict:unresolved-reference", detail },
});

interface Seeded {
  problem: string;
  eventA: string;
  /** An event of A whose detail hides a right-to-left override and a zero-width space (its own problem). */
  hostile: { problem: string; event: string };
  eventB: string;
  cookies: { districtA: string; triager: string };
}

/** A problem of A and B with a note, a status change, a B-only rule and regressions by each district's event; shared views. */
async function seed(config: DatabaseConfig): Promise<Seeded> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const triager = await signedInUser(db, "triager");
    const districtA = await signedInUser(db, "district_admin", [A]);
    const first = await ingestEvents(db, [conflict(A, 30), conflict(B, 5)], { apiKeyId: null });
    const problem = first.events[0].problemId;
    await createRoutingRule(db, {
      articleId: "unresolved-reference",
      resource: null,
      client: null,
      lea: B,
      team: "ops",
      priority: 100,
      note: null,
    });
    await addNote(db, triager.id, problem, NOTE);
    await changeProblems(db, triager.id, [problem], { status: "resolved" });
    const eventB = (await ingestEvents(db, [conflict(B, 2)], { apiKeyId: null })).events[0].id;
    await changeProblems(db, triager.id, [problem], { status: "resolved" });
    // A's latest event: its correlationId hides a right-to-left override.
    const eventA = (await ingestEvents(db, [conflict(A, 1, undefined, "dpp-\u202Egnp.exe")], { apiKeyId: null }))
      .events[0].id;
    const hostile = (
      await ingestEvents(db, [conflict(A, 1, "The referenced 'Session\u202E' item\u200B does not exist.")], {
        apiKeyId: null,
      })
    ).events[0];
    await createSavedView(
      db,
      { userId: triager.id, scope: ALL_DISTRICTS },
      { name: "District B queue", query: `lea=${B}`, shared: true },
    );
    await createSavedView(
      db,
      { userId: triager.id, scope: ALL_DISTRICTS },
      { name: "Ops queue", query: "route=ops", shared: true },
    );
    return {
      problem,
      eventA,
      eventB,
      hostile: { problem: hostile.problemId, event: hostile.id },
      cookies: { districtA: districtA.cookie, triager: triager.cookie },
    };
  } finally {
    await db.close();
  }
}

const kinds = process.env.TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

describe.each(kinds)("a shared problem's pages through HTTP on %s", (kind) => {
  let server: RunningServer;
  let seeded: Seeded;
  let cleanUp: () => Promise<void> = async () => {};

  beforeAll(async () => {
    ensureBuild();
    let config: DatabaseConfig;
    if (kind === "postgres") {
      const target = await createPostgresDatabase(testPostgresUrl(), "triage_privacy");
      config = { kind: "postgres", url: target.url };
      cleanUp = target.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "triage-privacy-"));
      config = { kind: "pglite", dataDir: dir };
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    seeded = await seed(config);
    server = await startNextServer(config, kind === "pglite" ? 3_271 : 3_272);
  }, 600_000); // a clean clone builds first
  afterAll(async () => {
    await server?.stop();
    await cleanUp();
  });

  const page = async (path: string, cookie: string) => {
    const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(r.status).toBe(200);
    return r.text();
  };

  it("gives a triager the whole history, the rule's LEA and the shared views", async () => {
    const html = await page(`/problems/${seeded.problem}`, seeded.cookies.triager);
    expect(html).toContain(NOTE);
    expect(html).toContain(`lea=${B}`);
    expect(html).toContain(`href="/events/${seeded.eventB}"`);
    expect(await page("/problems", seeded.cookies.triager)).toContain("District B queue");
  });

  it("gives a district admin no staff note, no other district's LEA or event, and no view naming it", async () => {
    const html = await page(`/problems/${seeded.problem}`, seeded.cookies.districtA);
    expect(html).toContain("1 condition outside your districts");
    expect(html).toContain(`href="/events/${seeded.eventA}"`); // the regression by their own event
    expect(html).not.toContain(`href="/events/${seeded.eventB}"`);
    expect(html).not.toContain("Jane Roe");
    expect(html).not.toContain(B);
    const list = await page("/problems", seeded.cookies.districtA);
    expect(list).not.toContain("Ops queue"); // district admins keep only their own views
    expect(list).not.toContain("District B queue");
    expect(list).not.toContain(B);
    const csv = await (
      await fetch(`${server.url}/api/v1/problems/export?range=7d`, { headers: { cookie: seeded.cookies.districtA } })
    ).text();
    expect(csv).toContain("1 condition outside your districts");
    expect(csv).not.toContain(B);
  });

  // What the browser lays out: the HTML without its scripts (React's payload carries the raw text as data, e.g. list keys).
  const shown = (html: string) => html.replace(/<script[^>]*>[^<]*<\/script>/g, "");

  it("shows the hidden characters of an event's text as markers", async () => {
    const html = await page(`/problems/${seeded.problem}`, seeded.cookies.districtA);
    expect(html).toContain("dpp-⟨U+202E⟩gnp.exe");
    expect(shown(html)).not.toContain("\u202E");
    const hostile = await page(`/problems/${seeded.hostile.problem}`, seeded.cookies.districtA);
    expect(hostile).toContain("Session⟨U+202E⟩");
    expect(hostile).toContain("item⟨U+200B⟩");
    expect(shown(hostile)).not.toMatch(/[\u202E\u200B]/);
    const event = await page(`/events/${seeded.hostile.event}`, seeded.cookies.districtA);
    expect(event).toContain("Session⟨U+202E⟩");
    expect(shown(event)).not.toMatch(/[\u202E\u200B]/);
  });
});
