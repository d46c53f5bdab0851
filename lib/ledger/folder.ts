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
/**
 * When a fold is due: after `everyEvents` stored; while ingest keeps coming, folds then take at
 * most `busyShare` of the time (after a fold of T ms the next waits until T × (1 / share − 1) ms
 * have passed since it ended), so they grow with the rate of ingest instead of running back to
 * back; past `maxPendingEvents` pending, at once (reads add every pending count).
 */
export interface FoldPacing {
  everyEvents: number;
  maxPendingEvents: number;
  busyShare: number;
}

/**
 * PostgreSQL folds on a connection of its own, beside ingest: bigger folds cost less per event (a
 * fold's cost is per distinct key; the bench's events, spread over 30 days: PostgreSQL's CPU 87 →
 * 70 ms per 1,000 events). PGlite runs a fold on its one connection, and every request waits for
 * it: there the fold stays at ten thousand events (~1 s; folds growing with the share took up to
 * 3 s, and the batches' p95 went 1.75 → 2.6–3.0 s). README, "The folder in the server".
 */
export function foldPacing(kind: Database["kind"]): FoldPacing {
  return kind === "postgres"
    ? { everyEvents: FOLD_EVERY_EVENTS, maxPendingEvents: 30_000, busyShare: 1 / 3 }
    : { everyEvents: FOLD_EVERY_EVENTS, maxPendingEvents: FOLD_EVERY_EVENTS, busyShare: 1 };
}

/**
 * Whether `pending` stored events call for a fold now, given how long the last fold took and how
 * long ago it ended (pure, for tests).
 */
export function foldIsDue(pending: number, last: { tookMs: number; endedMsAgo: number }, pacing: FoldPacing): boolean {
  if (pending >= pacing.maxPendingEvents) return true;
  return pending >= pacing.everyEvents && last.endedMsAgo >= last.tookMs * (1 / pacing.busyShare - 1);
}

export interface Folder {
  /** Ingest stored n events: fold soon if enough are pending. */
  stored(n: number): void;
  /** Settles once a fold that stored() asked for has run (tests). */
  settled(): Promise<void>;
  /** Folds until nothing is pending (tests, shutdown). */
  drain(): Promise<void>;
  stop(): void;
}

// One registry per process: Next.js may load this module in several bundles (a route's, a page's),
// and the bundle whose ingest tells the folder what it stored is not always the one that started it.
const globalForFolders = globalThis as unknown as { triageFolders?: WeakMap<Database, Folder> };
const folders = (globalForFolders.triageFolders ??= new WeakMap<Database, Folder>());

export function folderOf(db: Database): Folder | undefined {
  return folders.get(db);
}

export function startFolder(
  db: Database,
  options: Partial<FoldPacing> & { everyMs?: number; problemsPerFold?: number; log?: (message: string) => void } = {},
): Folder {
  const existing = folders.get(db);
  if (existing) return existing;
  const defaults = foldPacing(db.kind);
  const pacing: FoldPacing = {
    everyEvents: options.everyEvents ?? defaults.everyEvents,
    maxPendingEvents: options.maxPendingEvents ?? defaults.maxPendingEvents,
    busyShare: options.busyShare ?? defaults.busyShare,
  };
  if (!(pacing.busyShare > 0 && pacing.busyShare <= 1))
    throw new Error(`folder: busyShare ${pacing.busyShare} is not in (0, 1]`);
  const everyEvents = pacing.everyEvents;
  const log = options.log ?? ((m: string) => console.error(m));
  let pending = 0;
  let lastStored = 0;
  let running: Promise<void> | null = null;
  let failures = 0;
  let scheduled: Promise<void> | null = null;
  let inFold = 0; // the stored events the fold running now took from `pending`
  let stopped = false;
  const last = { tookMs: 0, endedAt: 0 }; // performance.now(): a clock set back changes nothing
  const due = () => foldIsDue(pending, { tookMs: last.tookMs, endedMsAgo: performance.now() - last.endedAt }, pacing);

  /**
   * Folds what is pending; again while problems were left beyond a fold's limit; `drain`: until
   * nothing is left. Not again for what arrived meanwhile: that waits until a fold is due again
   * (the pacing's busy share) or the idle tick, and is folded with what comes after it.
   */
  const foldAll = async (drain = false): Promise<void> => {
    const started = performance.now();
    try {
      for (;;) {
        [inFold, pending] = [pending, 0];
        const folded = await db.procedure("foldPending", options.problemsPerFold ?? PROBLEMS_PER_FOLD);
        if (!folded) return; // another process is folding
        if (folded.more) continue;
        if (folded.events <= 0 || !drain) return;
      }
    } finally {
      last.endedAt = performance.now();
      last.tookMs = last.endedAt - started;
    }
  };
  const run = (): Promise<void> => {
    if (running) return running;
    if (stopped) return Promise.resolve();
    running = foldAll()
      .then(() => void (failures = 0))
      .catch((error: unknown) => {
        failures++;
        // Its events are still pending (rolled back), with those stored meanwhile: tried again on
        // the next tick, or at once past the most pending.
        pending = Math.max(pending + inFold, everyEvents);
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
    if (due() || Date.now() - lastStored >= everyMs) void run();
  }, everyMs);
  timer.unref();
  const folder: Folder = {
    stored(n) {
      pending += n;
      lastStored = Date.now();
      // Never inside the request: the fold starts after the current turn of the event loop.
      if (due() && !running && !scheduled) {
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
      stopped = true; // a fold already scheduled does not start
      clearInterval(timer);
      folders.delete(db);
    },
  };
  folders.set(db, folder);
  return folder;
}
