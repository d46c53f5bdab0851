// The background folder: folds share_pending into the rollups off the request path, on a timer
// and as soon as enough events are pending (ingest tells it how many it stored), one fold at a time
// in this process and — through the fold lock — across every process sharing the database. A
// failed fold is logged and tried again on the next tick; its transaction rolled back, so its
// counts are still pending (reads add them) and nothing is counted twice.
import type { Database } from "../db/database";
import { PROBLEMS_PER_FOLD } from "./fold";

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
  options: { everyMs?: number; everyEvents?: number; problemsPerFold?: number; log?: (message: string) => void } = {},
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

  /**
   * Folds what is pending; again while problems were left beyond a fold's limit, and (busy) while
   * a fold's worth was stored during the fold; `drain`: until nothing is left. Not again for what
   * arrived meanwhile: a fold costs per row it touches, and the rows of the few thousand events
   * stored during a fold are most of the rows of ten thousand (measured on PGlite: 4,000 events
   * folded in 575 ms, 13,000 in 830 ms); they wait for the next fold's worth or the idle tick.
   */
  const foldAll = async (drain = false): Promise<void> => {
    for (;;) {
      pending = 0;
      const folded = await db.procedure("foldPending", options.problemsPerFold ?? PROBLEMS_PER_FOLD);
      if (!folded) return; // another process is folding
      if (folded.more) continue;
      if (folded.events <= 0 || (!drain && pending < everyEvents)) return;
    }
  };
  const run = (): Promise<void> => {
    if (running) return running;
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
      await foldAll(true);
    },
    stop() {
      clearInterval(timer);
      folders.delete(db);
    },
  };
  folders.set(db, folder);
  return folder;
}
