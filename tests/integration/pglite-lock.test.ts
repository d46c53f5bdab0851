// One process per PGlite data directory (lib/db/pglite-lock.ts): a second process is refused, two
// processes starting at once never both win (also over a stale lock), a lock left by a crash is
// taken over, whatever pid the new process has.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@/lib/runtime/database";
import { DataDirectoryInUseError, lockDataDirectory } from "@/lib/db/pglite-lock";

const FAST = { staleMs: 1_500, heartbeatMs: 300 };

function tempDataDir(): string {
  return join(mkdtempSync(join(tmpdir(), "triage-lock-")), "pglite");
}

/** A lock as a process left it: owned by `pid`, last touched `secondsAgo`. */
function leftLock(dir: string, pid: number, secondsAgo: number): void {
  mkdirSync(`${dir}.lock`);
  writeFileSync(`${dir}.lock/owner`, `${pid} leftover`);
  const then = new Date(Date.now() - secondsAgo * 1_000);
  utimesSync(`${dir}.lock`, then, then);
}

/** A process that tries to lock dir, says "locked" or "refused: …", and holds the lock for holdMs. */
function contender(dir: string, holdMs: number): Promise<string> {
  const script = `
    import { lockDataDirectory } from ${JSON.stringify(join(process.cwd(), "lib/db/pglite-lock.ts"))};
    try { lockDataDirectory(${JSON.stringify(dir)}, ${JSON.stringify(FAST)}); console.log("locked"); setTimeout(() => {}, ${holdMs}); }
    catch (e) { console.log("refused: " + e.message); }`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("exit", () => resolve(out.trim())));
}

describe("PGlite data directory lock", () => {
  it("refuses a second process while the first holds the directory, and frees it on close", async () => {
    const dir = tempDataDir();
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    const other = spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "migrate"], {
      encoding: "utf8",
      env: { ...process.env, TRIAGE_DATA_DIR: dir, DATABASE_URL: "" },
    });
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain(`is in use by process ${process.pid}`);
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DataDirectoryInUseError); // this process too
    await db.close();
    const after = spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "migrate"], {
      encoding: "utf8",
      env: { ...process.env, TRIAGE_DATA_DIR: dir, DATABASE_URL: "" },
    });
    expect(after.status).toBe(0);
    rmSync(join(dir, ".."), { recursive: true, force: true });
  }, 60_000);

  it.each([
    ["no lock", (_dir: string) => {}],
    ["a stale lock", (dir: string) => leftLock(dir, 999_999_999, 60)],
  ])(
    "lets exactly one of four processes starting at once win over %s",
    async (_name, prepare) => {
      const dir = tempDataDir();
      prepare(dir);
      const outcomes = await Promise.all([1, 2, 3, 4].map(() => contender(dir, 2_500)));
      expect(outcomes.filter((o) => o === "locked")).toHaveLength(1);
      for (const o of outcomes.filter((x) => x !== "locked")) expect(o).toMatch(/^refused: .*in use by process \d+/);
      rmSync(join(dir, ".."), { recursive: true, force: true });
    },
    60_000,
  );

  it("takes over a lock left by a crash, also when the new process has the crashed one's pid", () => {
    for (const leftBy of [999_999_999, process.pid]) {
      const dir = tempDataDir();
      leftLock(dir, leftBy, 0); // fresh: its holder stopped touching it just now
      const started = Date.now();
      const release = lockDataDirectory(dir, FAST);
      expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.staleMs - 100); // waited for it to turn stale
      expect(() => lockDataDirectory(dir, FAST)).toThrow(DataDirectoryInUseError);
      release();
      rmSync(join(dir, ".."), { recursive: true, force: true });
    }
  }, 30_000);

  it("keeps a held lock fresh, so a waiting process never takes it over", async () => {
    const dir = tempDataDir();
    const release = lockDataDirectory(dir, FAST);
    // Twice the stale time passes: without the heartbeat the lock would be taken over now.
    await new Promise((resolve) => setTimeout(resolve, FAST.staleMs * 2));
    const outcome = await contender(dir, 0);
    expect(outcome).toMatch(/^refused: .*in use by process/);
    release();
    rmSync(join(dir, ".."), { recursive: true, force: true });
  }, 30_000);
});
