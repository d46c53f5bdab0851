// One process per PGlite data directory: two processes on one directory corrupt it silently.
// A lock file holding the owner's pid makes a second process fail loudly instead; a lock left by
// a process that no longer runs is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

export class DataDirectoryInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory's lock; returns the function that releases it. */
export function lockDataDirectory(dataDir: string): () => void {
  // Beside the directory, not in it: the directory is PostgreSQL's own PGDATA.
  const path = `${dataDir.replace(/[\\/]+$/, "")}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(path, "utf8") === String(process.pid)) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return () => {
        process.removeListener("exit", release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      // Our own pid counts too: PGlite allows one instance per directory even within a process.
      if (Number.isInteger(owner) && alive(owner)) {
        throw new DataDirectoryInUseError(`the PGlite data directory ${dataDir} is in use by process ${owner}${owner === process.pid ? " (this one)" : ""}; stop that process first (or set DATABASE_URL to use PostgreSQL)`);
      }
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new DataDirectoryInUseError(`could not lock the PGlite data directory ${dataDir}`);
}
