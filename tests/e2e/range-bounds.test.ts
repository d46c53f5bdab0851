// Issue 21, item 1: one GET of a page with a range of millions of days took the server down (day
// arrays of millions of entries per row). Against the real production server (`next start`) on each
// database: the hostile URL answers with a bounded range and says so, impossible dates are named
// (never silently replaced, never a 500), and the server keeps answering.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbKinds } from "../support/db";
import { createPostgresDatabase, testPostgresUrl } from "../support/db";
import { ensureBuild, startNextServer, startNextServerOnTempPglite, type RunningServer } from "../support/next-server";
import { signInHttp } from "../support/http-sign-in";

const HOSTILE = "/problems?range=custom&from=0100-01-01&to=9998-12-30";

/** The HTML text (entities decoded as far as these assertions need). */
function text(html: string): string {
  return html
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&")
    .replaceAll("&gt;", ">")
    .replaceAll("&lt;", "<");
}

/** The day series the list drew for its rows (each row's sparkline names its numbers). */
function sparklineLengths(html: string): number[] {
  return [...text(html).matchAll(/Events per day from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: ([\d, ]+)/g)].map(
    (m) => m[1].split(",").length,
  );
}

describe.each(dbKinds())("bounded ranges on the pages (%s)", (kind) => {
  let server: RunningServer;
  let drop: () => Promise<void> = async () => {};
  let cookie: string;
  const port = kind === "postgres" ? 3_232 : 3_231;

  beforeAll(async () => {
    if (kind === "postgres") {
      ensureBuild();
      const target = await createPostgresDatabase(testPostgresUrl(), "triage_bounds");
      server = await startNextServer({ kind: "postgres", url: target.url }, port);
      drop = target.drop;
    } else server = await startNextServerOnTempPglite(port, "triage-bounds");
    const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const events = Array.from({ length: 60 }, (_, i) => ({
      status: 409,
      lea: "255901",
      client: "Roster Sync",
      occurredAt: at(i % 20),
      url: `https://h/data/v3/ed-fi/resource${i % 30}`,
      body: {
        type: "urn:ed-fi:api:data-conflict:unresolved-reference",
        detail: "The referenced 'School' item does not exist.",
      },
    }));
    const r = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(r.status).toBe(202);
    // A district admin: any signed-in user could send the URL.
    cookie = await signInHttp(server.url, server.users.district_admin.email, server.users.district_admin.password);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await drop();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });

  it("answers the hostile URL with the default range and a notice naming the parameter, and keeps serving", async () => {
    const r = await get(HOSTILE);
    expect(r.status).toBe(200);
    const html = text(await r.text());
    expect(html).toContain('data-testid="range-notice"');
    expect(html).toContain(
      'The range was not used: from "0100-01-01" must be a date from 1970-01-01 to 9999-12-30. Showing the last 30 days instead.',
    );
    const lengths = sparklineLengths(html);
    expect(lengths.length).toBeGreaterThan(0); // the rows were drawn, each with its day series
    for (const n of lengths) expect(n).toBe(30);
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
    expect((await get("/problems")).status).toBe(200);
  });

  it("draws at most 400 days of a longer range and says it was limited", async () => {
    const r = await get(`/problems?range=custom&from=1970-01-01&to=${new Date().toISOString().slice(0, 10)}`);
    expect(r.status).toBe(200);
    const html = text(await r.text());
    expect(html).toMatch(
      /The range from 1970-01-01 to \d{4}-\d{2}-\d{2} is longer than 400 days: showing the 400 days up to/,
    );
    const lengths = sparklineLengths(html);
    expect(lengths.length).toBeGreaterThan(0);
    for (const n of lengths) expect(n).toBe(400);
  });

  it("names impossible dates on the problems and trends pages instead of replacing them silently", async () => {
    for (const [path, expected] of [
      [
        "/problems?range=custom&from=2026-13-01&to=2026-11-20",
        'from "2026-13-01" must be a real date: there is no month 13. Showing the last 30 days instead.',
      ],
      [
        "/problems?range=custom&from=2026-02-01&to=2026-02-30",
        'to "2026-02-30" must be a real date: February 2026 has no day 30. Showing the last 30 days instead.',
      ],
      ["/problems?range=custom&from=0000-01-01", 'from "0000-01-01" must be a date from 1970-01-01 to 9999-12-30.'],
      [
        "/trends?range=custom&from=0100-01-01&to=9998-12-30",
        'from "0100-01-01" must be a date from 1970-01-01 to 9999-12-30. Showing the last 7 days instead.',
      ],
      [
        "/trends?range=custom&from=2026-11-01&to=9999-12-31",
        'to "9999-12-31" must be a date from 1970-01-01 to 9999-12-30. Showing the last 7 days instead.',
      ],
      [
        "/trends?range=custom&from=1970-01-01&to=9998-12-30",
        "is longer than 400 days: showing the 400 days up to 9998-12-30.",
      ],
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(text(await r.text()), path).toContain(expected);
    }
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
  });
});
