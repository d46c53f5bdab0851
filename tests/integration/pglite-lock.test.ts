// A second process on the same PGlite data directory is refused; a stale lock is taken over.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@/lib/db/database";
import { DataDirectoryInUseError } from "@/lib/db/pglite-lock";

describe("PGlite data directory lock", () => {
  it("refuses a second process while the first holds the directory, and frees it on close", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "triage-lock-")), "pglite");
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    const other = spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "migrate"], { encoding: "utf8", env: { ...process.env, TRIAGE_DATA_DIR: dir, DATABASE_URL: "" } });
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain(`is in use by process ${process.pid}`);
    await db.close();
    const after = spawnSync("node", ["--import", "tsx", "lib/cli/index.ts", "migrate"], { encoding: "utf8", env: { ...process.env, TRIAGE_DATA_DIR: dir, DATABASE_URL: "" } });
    expect(after.status).toBe(0);
    rmSync(join(dir, ".."), { recursive: true, force: true });
  }, 60_000);

  it("takes over a lock whose process is gone", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "triage-lock-")), "pglite");
    writeFileSync(`${dir}.lock`, "999999999");
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DataDirectoryInUseError);
    await db.close();
    rmSync(join(dir, ".."), { recursive: true, force: true });
  }, 60_000);
});
