// npm run import --follow on PGlite and PostgreSQL: lines appended to a live log are stored as
// they are written; a rotation (rename and create) and a copytruncate are followed; a restart
// resumes at the kept position (a file rotated while stopped is finished first); nothing is
// stored twice.
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followAndImport, type ImportSummary } from "@/lib/cli/import";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { expectRollupsEqualRaw } from "../support/rollups";
import { resetEnv } from "@/lib/env";

// The logs are of 2024 (a daylight-saving change among them): kept however old they are.
process.env.TRIAGE_RETENTION_DAYS = "36500";
resetEnv();

let n = 0;
/** One request-details line (a 404), unique by its counter. */
const line = () =>
  `2024-12-16 14:${String(Math.floor(n / 60) % 60).padStart(2, "0")}:${String(n % 60).padStart(2, "0")},${String(n++ % 1000).padStart(3, "0")} [.NET TP Worker] INFO  ClientId:4 CorrelationId:f-${n} RequestUrl:https://api.example.org/data/v3/ed-fi/students/${n} RequestMethod:GET ProfilesHeader:(null) ResponseCode:404 ResponseMessage:NotFound\n`;
const lines = (k: number) => Array.from({ length: k }, line).join("");

describe.each(dbKinds())("import --follow on %s", (kind) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), "triage-follow-"));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const count = async () =>
    Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM error_event"))[0].n);

  /** Follows until `until` holds after a poll, doing `step` once the follower has started. */
  async function followWhile(
    path: string,
    state: string,
    step: () => void,
    until: () => Promise<boolean>,
  ): Promise<ImportSummary> {
    const stop = new AbortController();
    let started = false;
    let checking = false;
    const running = followAndImport(
      t.db,
      path,
      state,
      {
        format: "edfi-request-log",
        timeZone: "UTC",
        defaults: { lea: "255901" },
        progress: () => {},
        onIdle: () => {
          if (!started) {
            started = true;
            step();
            return;
          }
          if (checking) return;
          checking = true;
          void until().then((done) => {
            checking = false;
            if (done) stop.abort();
          });
        },
      },
      stop.signal,
    );
    return running;
  }

  it("stores appended lines, follows rotation and truncation, and resumes after a restart", async () => {
    const path = join(dir, "WebApiRequestResponseDetailsLog.log");
    const state = join(dir, "state.json");
    writeFileSync(path, lines(5));
    const half = line();
    // First run: the 5 lines there, 3 appended, a line written in two parts, then a rotation.
    const first = await followWhile(
      path,
      state,
      () => {
        appendFileSync(path, lines(3) + half.slice(0, 40));
        setTimeout(() => {
          appendFileSync(path, half.slice(40));
          renameSync(path, `${path}.1`);
          writeFileSync(path, lines(4));
        }, 700);
      },
      async () => (await count()) >= 13,
    );
    expect(await count()).toBe(13);
    expect(first.imported).toBe(13);

    // Stopped; meanwhile the file gets 2 more lines and is rotated again, and the new one gets 3.
    appendFileSync(path, lines(2));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(3));
    const second = await followWhile(
      path,
      state,
      () => {
        // copytruncate: the file is emptied in place and written again.
        setTimeout(() => {
          truncateSync(path, 0);
          appendFileSync(path, lines(2));
        }, 700);
      },
      async () => (await count()) >= 20,
    );
    expect(await count()).toBe(20);
    expect(second.duplicates).toBe(0); // resumed where it stopped: nothing read twice
    await expectRollupsEqualRaw(t);
  }, 60_000);
});
