// Writes the next migration: the SQL that takes the database from the current migrations folder
// to prisma/schema.prisma. The Prisma CLI needs a native schema engine that cannot be downloaded
// here, so this drives the WASM schema engine (pinned to the engines hash) against an in-memory
// PGlite shadow database.  Usage: npx tsx prisma/new-migration.ts <name>
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

async function loadEngine() {
  const require = createRequire(import.meta.url);
  const dir = join(require.resolve("@prisma/schema-engine-wasm"), "..");
  const bg = await import(join(dir, "schema_engine_bg.js"));
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "schema_engine_bg.wasm")), {
    "./schema_engine_bg.js": bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: new-migration.ts <snake_case_name>");
  const root = join(import.meta.dirname, "migrations");
  mkdirSync(root, { recursive: true });
  const existing = readdirSync(root)
    .filter((d) => existsSync(join(root, d, "migration.sql")))
    .sort();
  const schema = readFileSync(join(import.meta.dirname, "schema.prisma"), "utf8");
  const engineModule = await loadEngine();
  // Both databases get the extensions the migrations create (the adapter's own shadow has none).
  const withExtensions = () => new PrismaPGlite(new PGlite({ extensions: { pg_trgm } }));
  const base = withExtensions();
  const factory = bindMigrationAwareSqlAdapterFactory(
    Object.assign(base, { connectToShadowDb: () => withExtensions().connect() }),
  );
  const engine = await engineModule.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
  const from = existing.length
    ? {
        tag: "migrations",
        baseDir: root,
        lockfile: { path: "migration_lock.toml", content: readFileSync(join(root, "migration_lock.toml"), "utf8") },
        migrationDirectories: existing.map((d) => ({
          path: d,
          migrationFile: {
            path: "migration.sql",
            content: { tag: "ok", value: readFileSync(join(root, d, "migration.sql"), "utf8") },
          },
        })),
        shadowDbInitScript: "",
      }
    : { tag: "empty" };
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql: string = result.stdout ?? "";
  if (!sql.trim() || /empty migration/i.test(sql)) {
    console.log("schema.prisma matches the migrations: nothing to write");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = join(root, `${stamp}_${name}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "migration.sql"), sql);
  console.log(`wrote ${dir}/migration.sql`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
