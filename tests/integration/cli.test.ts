// The command-line contracts: classify (stdout is exactly the JSON array) and keys.
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import examples from "../fixtures/kb-examples.json";

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env, DATABASE_URL: "" },
  });

describe("npm run classify", () => {
  it("prints one classification per event, in order, and nothing else on stdout", () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-cli-"));
    const file = join(dir, "events.json");
    const events = [
      ...(examples as { event: unknown }[]).slice(40, 50).map((e) => e.event),
      {
        status: 403,
        url: "https://ade.example.gov/api/v1/x",
        body: {
          actionOk: false,
          error: ["no-districtlea"],
          message: "Requested district LEA is not in your access scope",
        },
      },
      { status: 502, body: "<html><title>502</title></html>" },
      {
        status: 400,
        url: "https://ods.example.org/api/data/v3/ed-fi/students?minChangeVersion=soon",
        body: {
          message: "The request is invalid.",
          modelState: { "request.MinChangeVersion": ["The value 'soon' is not valid for MinChangeVersion."] },
        },
      },
      {
        status: 401,
        url: "https://ods.example.org/api/data/v3/ed-fi/students",
        body: "",
        request: { headers: { Authorization: "Bearer expired" } },
      },
    ];
    writeFileSync(file, JSON.stringify(events));
    const stdout = execFileSync("npm", ["run", "--silent", "classify", "--", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const out = JSON.parse(stdout);
    expect(out).toHaveLength(events.length);
    for (const item of out) {
      expect(Object.keys(item).sort()).toEqual([
        "alt",
        "articleId",
        "canonicalType",
        "fingerprint",
        "format",
        "reason",
        "receivedType",
        "resource",
        "route",
      ]);
      expect(typeof item.reason).toBe("string");
    }
    expect(out.at(-4)).toMatchObject({
      articleId: "access-no-districtlea",
      route: "ops",
      alt: null,
      format: "access",
      resource: null,
      reason: 'ACCESS error code "no-districtlea" names this article.',
    });
    expect(out.at(-3)).toMatchObject({ articleId: "service-unavailable", format: "text" });
    expect(out.at(-3).reason).toContain("HTTP status 502 decides");
    // The template that matched and where: a support person can see why, and report it precisely.
    expect(out.at(-2)).toMatchObject({ articleId: "invalid-query-parameter", format: "edfi" });
    expect(out.at(-2).reason).toContain('matched modelState["request.MinChangeVersion"][0]');
    expect(out.at(-1)).toMatchObject({
      articleId: "auth-token-invalid",
      reason: expect.stringContaining("sent an Authorization header"),
    });
    rmSync(dir, { recursive: true, force: true });
  }, 240_000); // each step starts a process that opens and migrates PGlite: seconds each on a loaded machine

  it("fails clearly on a missing file or a non-array", () => {
    const missing = run(["classify", "/nonexistent.json"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stdout).toBe("");
  });
});

describe("npm run keys", () => {
  it("creates a key shown once, lists it by prefix only, and revokes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-keys-"));
    const env = { TRIAGE_DATA_DIR: dir };
    const created = run(["keys", "create", "SIS", "vendor", "--scope", "ingest,read"], env);
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^trk_[A-Za-z0-9_-]{27}$/);
    const list = run(["keys", "list"], env);
    expect(list.stdout).toContain("SIS vendor");
    expect(list.stdout).toContain("ingest,read");
    expect(list.stdout).not.toContain(key);
    expect(list.stdout).toContain(key.slice(0, 12));
    expect(run(["keys", "revoke", "1"], env).status).toBe(0);
    expect(run(["keys", "list"], env).stdout).toContain("revoked");
    expect(run(["keys", "create", "x", "--scope", "admin"], env).stderr).toContain("unknown scope");
    const district = run(["keys", "create", "Grand", "Bend", "SIS", "--lea", "255901"], env);
    expect(district.stderr).toContain('"Grand Bend SIS" with scope ingest for districts 255901');
    expect(run(["keys", "list"], env).stdout).toMatch(/Grand Bend SIS\tingest\t255901\tconfigured rate\tactive/);
    // A key's own ingest rate: set at creation, changed, nonsense refused (each step is a process: few steps).
    expect(run(["keys", "create", "Bulk", "loader", "--rate", "500"], env).stderr).toContain(
      "at 500 events/s in bursts of up to 10,000",
    );
    expect(run(["keys", "rate", "3", "1200"], env).stderr).toContain(
      "now ingests at 1,200 events/s in bursts of up to 12,000",
    );
    const bad = run(["keys", "rate", "3", "fast"], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("whole number of events per second");
    expect(run(["keys", "list"], env).stdout).toMatch(
      /Bulk loader\tingest\tall districts\t1,200 events\/s in bursts of up to 12,000\tactive/,
    );
    rmSync(dir, { recursive: true, force: true });
  }, 240_000); // each step starts a process that opens and migrates PGlite: seconds each on a loaded machine
});

describe("npm run import and npm run clients", () => {
  it("imports a gzipped log from a file and from stdin (nothing twice), maps its client, and moves its events", () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-import-"));
    const env = { TRIAGE_DATA_DIR: join(dir, "db"), TRIAGE_RETENTION_DAYS: "36500" }; // a log of 2024
    const log = [
      "garbage before the first record",
      "2024-12-16 14:03:27,915 [.NET TP Worker] INFO  ClientId:4 CorrelationId:c-1 RequestUrl:https://api.example.org/data/v3/ed-fi/students/6d1b RequestMethod:GET ProfilesHeader:(null) ResponseCode:404 ResponseMessage:NotFound",
      "2024-12-16 14:03:28,000 [.NET TP Worker] INFO  ClientId:4 CorrelationId:c-2 RequestUrl:https://api.example.org/data/v3/ed-fi/schools RequestMethod:GET ProfilesHeader:(null) ResponseCode:200 ResponseMessage:OK",
    ].join("\n");
    writeFileSync(join(dir, "rr.log.gz"), gzipSync(log));
    const first = run(
      ["import", "--format", "edfi-request-log", "--tz", "America/Chicago", join(dir, "rr.log.gz")],
      env,
    );
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      "read 3 lines: 1 error responses (1 partial: no response body in the log), 1 other records, 1 skipped",
    );
    expect(first.stdout).toContain(
      "imported 1 events, 0 enriched (completed an event from another source), 0 duplicates",
    );
    expect(first.stdout).toMatch(/skipped 1: continuation line without a record .* \(.*rr\.log\.gz:1\)/);
    expect(first.stderr).toMatch(/rr\.log\.gz 100% {2}3 lines/); // plain progress lines when not a terminal
    const again = spawnSync(
      "node",
      ["--import", "tsx", "lib/cli/index.ts", "import", "--format", "edfi-request-log", "--tz", "America/Chicago", "-"],
      { encoding: "utf8", input: log, env: { ...process.env, ...env, DATABASE_URL: "" } },
    );
    expect(again.stdout).toContain(
      "imported 0 events, 0 enriched (completed an event from another source), 1 duplicates",
    );
    expect(run(["import", "--format", "nope", "x"], env).status).toBe(2);
    expect(run(["import", "--format", "dms-json", "--tz", "Mars/Olympus", "x"], env).stderr).toContain(
      "unknown time zone",
    );

    writeFileSync(
      join(dir, "map.csv"),
      'ApiClientId,Name,EducationOrganizationId\r\n4,"Gradebook, Inc.",255901\r\n7,x,not-an-id!\r\n',
    );
    const mapped = run(["clients", "import", join(dir, "map.csv")], env);
    expect(mapped.stdout).toContain("1 clients mapped, 1 events moved, 1 rows skipped");
    expect(mapped.stderr).toContain("map.csv:3: 'not-an-id!' is not an education organization id");
    expect(run(["clients", "list"], env).stdout).toContain("4\t255901\t1 events, 0 without a district");
    expect(run(["clients", "map", "4", "255901", "4801234"], env).stdout).toContain(
      "4 → 255901, 4801234: 1 events moved",
    );
    expect(run(["clients", "list"], env).stdout).toContain("4\t255901,4801234\t1 events, 1 without a district");
    expect(run(["clients", "map", "4"], env).status).toBe(2);

    writeFileSync(
      join(dir, "leas.json"),
      JSON.stringify([
        { localEducationAgencyId: 255901, nameOfInstitution: "Grand Bend ISD" },
        { localEducationAgencyId: "bad id!", nameOfInstitution: "x" },
      ]),
    );
    writeFileSync(
      join(dir, "schools.csv"),
      "schoolId,nameOfInstitution,localEducationAgencyId\n255901001,Grand Bend High School,255901\n",
    );
    const named = run(["districts", "import", join(dir, "leas.json"), join(dir, "schools.csv")], env);
    expect(named.stdout).toContain("2 added, 0 renamed or unchanged, 1 skipped (1 districts, 1 schools)");
    expect(named.stderr).toContain("leas.json: item 2: 'bad id!' is not an education organization id");
    expect(run(["districts", "list"], env).stdout).toBe(
      "lea\t255901\tGrand Bend ISD\nschool\t255901001\tGrand Bend High School\t(in 255901)\n",
    );
    expect(run(["districts", "import"], env).status).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});

describe("configuration at start", () => {
  it.each([["serve"], ["migrate"], ["demo"]])(
    "stops `%s` before it starts when a setting is bad, naming it",
    (command) => {
      const r = run([command], { PORT: "abc", TRIAGE_INGEST_RATE: "-1" });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('PORT="abc": must be a whole number');
      expect(r.stderr).toContain('TRIAGE_INGEST_RATE="-1": must be a whole number');
    },
    30_000,
  );
});

describe("npm start without a session secret", () => {
  it("refuses to start, saying what to set", () => {
    const r = run(["serve"], {
      NEXTAUTH_SECRET: "",
      AUTH_SECRET: "",
      TRIAGE_DATA_DIR: mkdtempSync(join(tmpdir(), "triage-nosecret-")),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("NEXTAUTH_SECRET (or AUTH_SECRET) is not set");
  });
});

describe("npm run users", () => {
  it("creates, lists, changes, disables and resets users, and refuses a district admin without districts", () => {
    const env = { TRIAGE_DATA_DIR: mkdtempSync(join(tmpdir(), "triage-users-")) };
    const created = run(
      ["users", "create", "ana@district.test", "Ana", "Ruiz", "--role", "district_admin", "--lea", "255901,4801234"],
      env,
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/ana@district\.test\tAna Ruiz\tDistrict admin\t255901,4801234\tactive/);
    expect(created.stderr).toMatch(/password \(shown once\): \S{20}/);
    expect(run(["users", "create", "bo@district.test", "Bo", "--role", "district_admin"], env).stderr).toContain(
      "a district admin needs at least one LEA code",
    );
    expect(run(["users", "set-role", "ana@district.test", "support"], env).stdout).toContain("Support");
    expect(run(["users", "set-leas", "ana@district.test", "6001000"], env).stdout).toContain("6001000");
    expect(run(["users", "disable", "ana@district.test"], env).stdout).toContain("disabled");
    expect(run(["users", "reset-password", "1"], env).stderr).toMatch(/new password \(shown once\)/);
    expect(run(["users", "list"], env).stdout.trim().split("\n")).toHaveLength(1);
    expect(run(["users", "frobnicate"], env).status).toBe(2);
  }, 240_000); // each step starts a process that opens and migrates PGlite: seconds each on a loaded machine
});
