#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages that npm leaves out
// when the registry it reaches does not serve them (this workplace's registry serves only the
// linux-x64 builds of @next/swc-*, @tailwindcss/oxide-*, @unrs/resolver-binding-*, …). Without
// the entries, `npm ci` refuses the lock file ("Missing: … from lock file"); with them, npm skips
// the packages as optional and of another platform, exactly as it does with a complete lock.
// Run after every `npm install`:   node tests/tools/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;

/** os/cpu/libc from the package name's platform suffix (…-darwin-arm64, …-linux-arm-gnueabihf). */
function platformOf(name) {
  const tail = name.split("/").pop();
  const os = [
    "darwin",
    "linux",
    "win32",
    "freebsd",
    "android",
    "openbsd",
    "netbsd",
    "sunos",
    "aix",
    "openharmony",
  ].find((o) => tail.includes(`-${o}-`) || tail.endsWith(`-${o}`));
  const cpu = ["arm64", "x64", "ia32", "arm", "riscv64", "s390x", "ppc64", "loong64", "mips64el", "wasm32"].find((c) =>
    new RegExp(`-${c}(-|$)`).test(tail),
  );
  const libc = /-musl(-|$)/.test(tail) ? "musl" : /-gnu/.test(tail) ? "glibc" : undefined;
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc: [libc] } : {}) };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue; // only exact versions can be pinned
    const platform = platformOf(name);
    if (!platform.os && !platform.cpu) continue; // not a platform package: leave it to npm
    packages[hoisted] = { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `added ${added} platform-specific optional package entries` : "package-lock.json is complete");
