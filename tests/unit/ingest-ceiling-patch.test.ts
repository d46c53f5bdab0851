// tests/tools/ingest-ceiling.sh measures what ingest reaches without the ledger's work by applying
// ingest-ceiling.patch to a throwaway worktree: the patch must keep applying to the sources.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const inGitCheckout = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root }).status === 0;

describe.skipIf(!inGitCheckout)("tests/tools/ingest-ceiling.patch", () => {
  it("applies to the ledger's sources as they are", () => {
    const check = spawnSync("git", ["apply", "--check", "tests/tools/ingest-ceiling.patch"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
