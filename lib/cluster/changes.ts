// Changes that other server processes must hear about at once: what each process caches for a
// few seconds (API keys, sessions, routing rules, the client → district map, whether partial
// events from logs are stored, district names). A change is applied
// to this process's caches at once and, once a transport is started (lib/runtime/cluster.ts),
// published to every other process sharing the database: PostgreSQL LISTEN/NOTIFY, or Redis
// pub/sub when TRIAGE_REDIS_URL is set. The caches' own expiry (a few seconds) stays as the
// fallback for a message lost while a connection was down; a reconnect clears every cache.

import { randomBytes } from "node:crypto";

export const CHANGE_TOPICS = [
  "api-keys",
  "sessions",
  "routing-rules",
  "client-districts",
  "partial-events",
  "district-names",
] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** This process, in its own messages: it applied them when it sent them, and skips them when they come back. */
const ORIGIN = randomBytes(6).toString("hex");

/** The message other processes get: "<origin> <topic>". */
export function changeMessage(topic: ChangeTopic): string {
  return `${ORIGIN} ${topic}`;
}

/** The topic of another process's message (null for this process's own, or anything unknown). */
export function topicOf(message: string): ChangeTopic | null {
  const [origin, topic] = message.split(" ", 2);
  if (origin === ORIGIN || !topic) return null;
  return (CHANGE_TOPICS as readonly string[]).includes(topic) ? (topic as ChangeTopic) : null;
}

type Publish = (topic: ChangeTopic) => Promise<void>;

interface ChangeBus {
  handlers: Map<ChangeTopic, Set<() => void>>;
  /** Bumped on every change of a topic: a load that began before a change must not fill the cache. */
  generations: Map<ChangeTopic, number>;
  publish: Publish | undefined;
}

// One bus per process: Next.js may load this module in several bundles.
const globalForChanges = globalThis as unknown as { triageChangeBus?: ChangeBus };
function bus(): ChangeBus {
  globalForChanges.triageChangeBus ??= { handlers: new Map(), generations: new Map(), publish: undefined };
  return globalForChanges.triageChangeBus;
}

/** Calls handler whenever topic changes, here or in another process. Returns the unsubscribe. */
export function onChange(topic: ChangeTopic, handler: () => void): () => void {
  const handlers = bus().handlers;
  const set = handlers.get(topic) ?? new Set();
  set.add(handler);
  handlers.set(topic, set);
  return () => set.delete(handler);
}

/** How many times topic has changed in this process's view; compare before and after a load. */
export function changeGeneration(topic: ChangeTopic): number {
  return bus().generations.get(topic) ?? 0;
}

/** Applies a change received from elsewhere (or every topic after a reconnect) to this process. */
export function applyChange(topic: ChangeTopic | "*"): void {
  const { generations, handlers } = bus();
  for (const t of topic === "*" ? CHANGE_TOPICS : [topic]) {
    generations.set(t, (generations.get(t) ?? 0) + 1);
    for (const handler of handlers.get(t) ?? []) handler();
  }
}

/**
 * Announces a committed change: this process's caches forget at once, the others when the
 * message arrives (milliseconds). Call it after the write has committed, never inside its
 * transaction, or another process could reload the old value. A failed publish is logged: the
 * other processes then see the change when their cache expires (seconds).
 */
export async function announceChange(topic: ChangeTopic): Promise<void> {
  applyChange(topic);
  const publish = bus().publish;
  if (!publish) return;
  try {
    await publish(topic);
  } catch (error) {
    console.error(`triage: could not tell other processes that ${topic} changed:`, error);
  }
}

/** Sets how changes reach other processes (undefined: this process only). */
export function setChangePublisher(publish: Publish | undefined): void {
  bus().publish = publish;
}
