// A migrated, empty PGlite database as a dumpDataDir tarball. Opening PGlite on nothing runs
// initdb (~2 s here) and then every migration (~1 s); a database loaded from this tarball is open
// in ~0.4 s. The suite opens about a hundred PGlite databases (every database test, every server
// a browser test starts), so each starts from it (tests/support/db.ts, next-server.ts).
//
// Made once per day, set of migrations (and the code that runs them) and PGlite version, in the
// system's temp directory, by whichever test process needs it first. The day is in the key because
// migrations make the current month's partition (and on a month's last day the next one's): a
// template of another day could hold other months than a database migrated today. The file is a
// SHA-256 of the tarball followed by the tarball, written to a temporary name, synced and renamed,
// so a reader never takes half a file; one whose hash does not match is made again. Migration
// follow-ups (lib/runtime/migration-steps.ts) only recount rows, so on an empty database they
// write nothing.
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate, readMigrations } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/database";
import { pgliteSession } from "@/lib/db/sql-session";
import "@/lib/runtime/migration-steps";

const PREFIX = "triage-pglite-template-";
const DAY_MS = 86_400_000;

let cached: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** The tarball of a migrated, empty database (made on first use; see above). */
export function pgliteTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  cached ??= loadOrMake();
  return cached;
}

function templatePath(): string {
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  // The package's manifest is not among its exports: found from its entry (dist/index.cjs).
  const pglite = join(dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")), "..", "package.json");
  const hash = createHash("sha256")
    .update(new Date().toISOString().slice(0, 10))
    .update(readFileSync(pglite))
    .update(readFileSync(here("../../lib/db/migrate.ts")))
    .update(readFileSync(here("../../lib/runtime/migration-steps.ts")));
  for (const m of readMigrations()) hash.update(`\n${m.name} ${m.checksum}`);
  return join(tmpdir(), `${PREFIX}${hash.digest("hex").slice(0, 16)}.tar`);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();

/** The tarball of a file written by save(), or null when there is none or it is not whole. */
function read(path: string): Uint8Array<ArrayBuffer> | null {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return null;
  }
  const tarball = new Uint8Array(file.subarray(32));
  return file.length > 32 && sha256(tarball).equals(file.subarray(0, 32)) ? tarball : null;
}

function save(path: string, tarball: Uint8Array): void {
  const partial = `${path}.${randomBytes(4).toString("hex")}`;
  const fd = openSync(partial, "w");
  try {
    writeSync(fd, sha256(tarball));
    writeSync(fd, tarball);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

/** Templates (and partial writes) of earlier days: at most a day old are kept. */
function removeOldTemplates(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > DAY_MS) rmSync(path, { force: true });
    } catch {
      // another process removed it
    }
  }
}

async function loadOrMake(): Promise<Uint8Array<ArrayBuffer>> {
  const path = templatePath();
  const saved = read(path);
  if (saved) return saved;
  removeOldTemplates();
  const tarball = await makeTemplate();
  save(path, tarball);
  return tarball;
}

/** Migrates a new in-memory PGlite with the application's migrations and dumps it. */
async function makeTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const lite = new PGlite({ extensions: { pg_trgm } });
  try {
    // migrate() needs only a session on one connection: PGlite is one.
    const db = { kind: "pglite", session: (fn) => fn(pgliteSession(lite)) } as Pick<Database, "kind" | "session">;
    await migrate(db as Database);
    return new Uint8Array(await (await lite.dumpDataDir("none")).arrayBuffer());
  } finally {
    await lite.close();
  }
}
