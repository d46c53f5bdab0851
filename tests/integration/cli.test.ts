// The command-line contracts: classify (stdout is exactly the JSON array) and keys.
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import examples from "../fixtures/kb-examples.json";

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", ...args], { encoding: "utf8", env: { ...process.env, ...env, DATABASE_URL: "" } });

describe("npm run classify", () => {
  it("prints one classification per event, in order, and nothing else on stdout", () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-cli-"));
    const file = join(dir, "events.json");
    const events = [
      ...(examples as { event: unknown }[]).slice(40, 50).map((e) => e.event),
      { status: 403, url: "https://ade.example.gov/api/v1/x", body: { actionOk: false, error: ["no-districtlea"], message: "Requested district LEA is not in your access scope" } },
      { status: 502, body: "<html><title>502</title></html>" },
    ];
    writeFileSync(file, JSON.stringify(events));
    const stdout = execFileSync("npm", ["run", "--silent", "classify", "--", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const out = JSON.parse(stdout);
    expect(out).toHaveLength(events.length);
    for (const item of out) {
      expect(Object.keys(item).sort()).toEqual(["alt", "articleId", "canonicalType", "fingerprint", "format", "receivedType", "resource", "route"]);
    }
    expect(out.at(-2)).toMatchObject({ articleId: "access-no-districtlea", route: "ops", alt: null, format: "access", resource: null });
    expect(out.at(-1)).toMatchObject({ articleId: "service-unavailable", format: "text" });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

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
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe("configuration at start", () => {
  it.each([["serve"], ["migrate"], ["demo"]])("stops `%s` before it starts when a setting is bad, naming it", (command) => {
    const r = run([command], { PORT: "abc", TRIAGE_INGEST_RATE: "-1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT="abc": must be a whole number');
    expect(r.stderr).toContain('TRIAGE_INGEST_RATE="-1": must be a whole number');
  }, 30_000);
});
