// The background folder: folds share_pending into the rollups off the request path, on a timer
// and as soon as enough events are pending (ingest tells it how many it stored), one fold at a time
// in this process and — through the fold lock — across every process sharing the database. A
// failed fold is logged and tried again on the next tick; its transaction rolled back, so its
// counts are still pending (reads add them) and nothing is counted twice.
import type { Database } from "../db/database";

/** Fold after this many stored events (reads add pending counts; fewer pending keeps reads fast). */
export const FOLD_EVERY_EVENTS = 10_000;
/**
 * And when this process has stored nothing for this long (it may have counts of its own, or of
 * another process, pending). Not on a fixed clock while ingest is busy: a fold's cost is per
 * distinct key, so folding a few hundred events at a time costs several times more per event than
 * folding ten thousand (measured on PGlite: 587 events/s against 780 before the ledger).
 */
export const FOLD_EVERY_MS = 2_000;

export interface Folder {
  /** Ingest stored n events: fold soon if enough are pending. */
  stored(n: number): void;
  /** Settles once a fold that stored() asked for has run (tests). */
  settled(): Promise<void>;
  /** Folds until nothing is pending (tests, shutdown). */
  drain(): Promise<void>;
  stop(): void;
}

const folders = new WeakMap<Database, Folder>();

export function folderOf(db: Database): Folder | undefined {
  return folders.get(db);
}

export function startFolder(
  db: Database,
  options: { everyMs?: number; everyEvents?: number; log?: (message: string) => void } = {},
): Folder {
  const existing = folders.get(db);
  if (existing) return existing;
  const everyEvents = options.everyEvents ?? FOLD_EVERY_EVENTS;
  const log = options.log ?? ((m: string) => console.error(m));
  let pending = 0;
  let lastStored = 0;
  let running: Promise<void> | null = null;
  let failures = 0;
  let scheduled: Promise<void> | null = null;

  /** Folds until nothing is left, or (busy) until a fold finds less than a fold's worth. */
  const foldAll = async (until = everyEvents): Promise<void> => {
    for (;;) {
      const folded = await db.procedure("foldPending");
      if (folded <= 0 || folded < until) return; // nothing (more) to do, or another process is folding
    }
  };
  const run = (): Promise<void> => {
    if (running) return running;
    pending = 0;
    running = foldAll()
      .then(() => void (failures = 0))
      .catch((error: unknown) => {
        failures++;
        pending = everyEvents; // try again on the next tick
        log(
          JSON.stringify({
            level: "error",
            msg: "ledger fold failed; counts stay pending and are folded on the next try",
            failures,
            error: String((error as Error)?.message ?? error),
          }),
        );
      })
      .finally(() => (running = null));
    return running;
  };
  const everyMs = options.everyMs ?? FOLD_EVERY_MS;
  const timer = setInterval(() => {
    if (pending >= everyEvents || Date.now() - lastStored >= everyMs) void run();
  }, everyMs);
  timer.unref();
  const folder: Folder = {
    stored(n) {
      pending += n;
      lastStored = Date.now();
      // Never inside the request: the fold starts after the current turn of the event loop.
      if (pending >= everyEvents && !running && !scheduled) {
        scheduled = new Promise<void>((resolve) => setImmediate(() => void run().then(resolve)));
        void scheduled.then(() => (scheduled = null));
      }
    },
    async settled() {
      await scheduled;
      await running;
    },
    async drain() {
      await running;
      await foldAll(1);
    },
    stop() {
      clearInterval(timer);
      folders.delete(db);
    },
  };
  folders.set(db, folder);
  return folder;
}
