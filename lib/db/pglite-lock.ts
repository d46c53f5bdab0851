// One process per PGlite data directory: two processes on one directory corrupt it silently.
//
// The lock is a directory beside the data directory, created with mkdir (atomic: of two
// processes starting together exactly one creates it). Its holder touches it every 2 s; a lock
// untouched for 10 s belongs to a process that died (whatever pid it had: after a crash a
// container often gives the new process the old pid) and is taken over. A takeover is itself
// serialised by a second mkdir, and staleness is checked again under it, so two processes that
// find the same stale lock cannot both take it (check-then-delete without that guard lets the
// second delete the lock the first just made). A live holder other than this process is named at
// once; a fresh lock whose holder is gone is waited for until it turns stale.
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

export class DataDirectoryInUseError extends Error {}

export interface LockTiming {
  /** A lock untouched for this long is stale. */
  staleMs: number;
  /** How often the holder touches its lock. */
  heartbeatMs: number;
}

const DEFAULT_TIMING: LockTiming = { staleMs: 10_000, heartbeatMs: 2_000 };
// Per process, not per copy of this module (Next.js loads it in several bundles): a second copy
// must see that this process holds the directory, not wait for the lock to turn stale.
const globalForLocks = globalThis as unknown as { triagePgliteLocks?: Set<string> };
const heldHere = (globalForLocks.triagePgliteLocks ??= new Set<string>());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Milliseconds since the path was last touched, or null when it does not exist. */
function age(path: string): number | null {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function owner(lockDir: string): { pid: number; token: string } | null {
  try {
    const [pid, token] = readFileSync(`${lockDir}/owner`, "utf8").split(" ");
    return { pid: Number(pid), token };
  } catch {
    return null; // being created, or being removed
  }
}

/** Removes a stale lock, under the takeover guard; false when another process is doing it. */
function takeOver(lockDir: string, timing: LockTiming): void {
  const guard = `${lockDir}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A takeover in progress (or one whose process died mid-way: its guard turns stale too).
    if ((age(guard) ?? 0) > timing.staleMs) rmSync(guard, { recursive: true, force: true });
    return;
  }
  try {
    const lockAge = age(lockDir);
    if (lockAge !== null && lockAge > timing.staleMs) rmSync(lockDir, { recursive: true, force: true });
  } finally {
    rmSync(guard, { recursive: true, force: true });
  }
}

/** Takes the directory's lock; returns the function that releases it. */
export function lockDataDirectory(dataDir: string, timing: LockTiming = DEFAULT_TIMING): () => void {
  // Beside the directory, not in it: the directory is PostgreSQL's own PGDATA.
  const lockDir = `${dataDir.replace(/[\\/]+$/, "")}.lock`;
  if (heldHere.has(lockDir)) {
    // PGlite allows one instance per directory even within a process.
    throw new DataDirectoryInUseError(
      `the PGlite data directory ${dataDir} is in use by process ${process.pid} (this one); close it first`,
    );
  }
  const token = randomBytes(8).toString("hex");
  const deadline = Date.now() + timing.staleMs * 2 + 5_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(`${lockDir}/owner`, `${process.pid} ${token}`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const lockAge = age(lockDir);
    if (lockAge !== null && lockAge > timing.staleMs) {
      takeOver(lockDir, timing);
      continue;
    }
    const holder = owner(lockDir);
    if (holder && holder.pid !== process.pid && alive(holder.pid)) {
      throw new DataDirectoryInUseError(
        `the PGlite data directory ${dataDir} is in use by process ${holder.pid}; stop that process first (or set DATABASE_URL to use PostgreSQL)`,
      );
    }
    if (Date.now() > deadline) throw new DataDirectoryInUseError(`could not lock the PGlite data directory ${dataDir}`);
    sleepSync(Math.min(250, timing.heartbeatMs)); // a holder that is gone: its lock turns stale
  }
  heldHere.add(lockDir);

  const heartbeat = setInterval(() => {
    if (owner(lockDir)?.token !== token) {
      // Taken over: this process stalled past the stale time and another one started on the
      // directory. Going on would corrupt it.
      console.error(`the lock on ${dataDir} was taken over by another process; stopping to protect the data`);
      process.exit(70);
    }
    const now = new Date();
    try {
      utimesSync(lockDir, now, now);
    } catch {
      // gone: the next beat reports it
    }
  }, timing.heartbeatMs);
  heartbeat.unref();

  const release = () => {
    clearInterval(heartbeat);
    heldHere.delete(lockDir);
    if (owner(lockDir)?.token === token) rmSync(lockDir, { recursive: true, force: true });
  };
  const onExit = () => release();
  process.once("exit", onExit);
  return () => {
    process.removeListener("exit", onExit);
    release();
  };
}
