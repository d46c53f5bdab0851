// A migrated, empty PGlite database as a dumpDataDir tarball. Opening PGlite on nothing runs
// initdb (~2 s here) and then every migration (~1 s); a database loaded from this tarball is open
// in ~0.4 s. The suite opens about a hundred PGlite databases (every database test, every server
// a browser test starts), so each starts from it (tests/support/db.ts, next-server.ts).
//
// Made once per set of migrations and PGlite version, in the system's temp directory, by whichever
// test process needs it first (written to a temporary name and renamed, so a process reading it
// never sees half a file). Migration follow-ups (lib/runtime/migration-steps.ts) only recount
// rows, so on an empty database their code cannot change what the template holds.
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, readMigrations } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/database";
import { pgliteSession } from "@/lib/db/sql-session";
import "@/lib/runtime/migration-steps";

let cached: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** The tarball of a migrated, empty database (made on first use; see above). */
export function pgliteTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  cached ??= loadOrMake();
  return cached;
}

function templatePath(): string {
  const pgliteManifest = join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json");
  const hash = createHash("sha256").update(readFileSync(pgliteManifest));
  for (const m of readMigrations()) hash.update(`\n${m.name} ${m.checksum}`);
  return join(tmpdir(), `triage-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
}

async function loadOrMake(): Promise<Uint8Array<ArrayBuffer>> {
  const path = templatePath();
  if (existsSync(path)) return new Uint8Array(readFileSync(path));
  const tarball = await makeTemplate();
  const partial = `${path}.${randomBytes(4).toString("hex")}`;
  writeFileSync(partial, tarball);
  renameSync(partial, path);
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
