// Whether the production build is missing or older than the sources it is built from.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest change below dir: a file's mtime, or a directory's (a file deleted or renamed there). */
function newestMtime(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function needsBuild(root = "."): boolean {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return ["app", "components", "lib", "next.config.js"].some((d) => {
    const path = join(root, d);
    if (!existsSync(path)) return false;
    return (statSync(path).isDirectory() ? newestMtime(path) : statSync(path).mtimeMs) > built;
  });
}
