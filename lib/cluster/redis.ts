// Shared state through Redis (TRIAGE_REDIS_URL): token buckets kept by a script that refills by
// Redis's clock, and changes over pub/sub. Every key and the channel start with a prefix
// (TRIAGE_REDIS_PREFIX), so several Triage databases can share one Redis.
import { Redis } from "ioredis";
import { applyChange, changeMessage, topicOf, type ChangeTopic } from "./changes";
import { secondsUntil, type RateBuckets } from "./rate-buckets";

/** KEYS[1] the bucket; ARGV n, burst, per second. Returns -1 when taken, else the tokens there are. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n, burst, rate = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local taken = tokens >= n
if taken then tokens = tokens - n end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 60000)
if taken then return '-1' end
return tostring(tokens)`;

/** KEYS[1] the bucket; ARGV n, burst. */
const GIVE = `
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens then redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[2]), tokens + tonumber(ARGV[1])))) end
return 0`;

/** How long a command may take before its caller gives up on it (a stalled Redis must not stall ingest). */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * A server's connection: commands fail at once while Redis is unreachable (no offline queue) and
 * after REDIS_COMMAND_TIMEOUT_MS when it stalls; the callers fall back. A command-line run
 * (queueUntilConnected) instead waits for its connection, still bounded by the timeout.
 */
export function openRedis(url: string, { queueUntilConnected = false } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: queueUntilConnected,
    connectTimeout: 2_000,
    commandTimeout: queueUntilConnected ? 4 * REDIS_COMMAND_TIMEOUT_MS : REDIS_COMMAND_TIMEOUT_MS,
  });
  redis.on("error", () => {}); // reported by the callers; ioredis reconnects by itself
  return redis;
}

export function redisBuckets(redis: Redis, prefix: string): RateBuckets {
  redis.defineCommand("triageTake", { numberOfKeys: 1, lua: TAKE });
  redis.defineCommand("triageGive", { numberOfKeys: 1, lua: GIVE });
  const commands = redis as unknown as {
    triageTake(key: string, n: number, burst: number, perSecond: number): Promise<string>;
    triageGive(key: string, n: number, burst: number): Promise<number>;
  };
  const keyOf = (bucket: string, keyId: number) => `${prefix}rate:${bucket}:${keyId}`;
  return {
    async take(bucket, keyId, n, rate) {
      const tokens = Number(await commands.triageTake(keyOf(bucket, keyId), n, rate.burst, rate.perSecond));
      return tokens < 0 ? null : secondsUntil(n, tokens, rate);
    },
    async give(bucket, keyId, n, rate) {
      await commands.triageGive(keyOf(bucket, keyId), n, rate.burst);
    },
  };
}

export const changesChannel = (prefix: string) => `${prefix}changes`;

export async function publishOverRedis(redis: Redis, prefix: string, topic: ChangeTopic): Promise<void> {
  await redis.publish(changesChannel(prefix), changeMessage(topic));
}

/**
 * Subscribes on a connection of its own (a subscribed connection can do nothing else); after a
 * reconnect every cached thing is forgotten, since messages sent meanwhile are lost. It is
 * forgotten once the subscription is back (its acknowledgement), not when the connection is: a
 * cache filled in between could otherwise miss a change announced before the subscription.
 */
export function listenOverRedis(url: string, prefix: string): { ready: Promise<void>; stop(): Promise<void> } {
  const subscriber = new Redis(url, {
    connectTimeout: 2_000,
    maxRetriesPerRequest: null,
    connectionName: "triage-changes",
  });
  subscriber.on("error", () => {});
  let connectedBefore = false;
  subscriber.on("ready", () => {
    // ioredis re-subscribes on reconnect; this SUBSCRIBE is answered after that one, in order.
    if (connectedBefore)
      subscriber.subscribe(changesChannel(prefix)).then(
        () => applyChange("*"),
        () => {},
      );
    connectedBefore = true;
  });
  subscriber.on("message", (channel: string, message: string) => {
    const topic = channel === changesChannel(prefix) ? topicOf(message) : null;
    if (topic) applyChange(topic);
  });
  const ready = subscriber.subscribe(changesChannel(prefix)).then(() => undefined);
  ready.catch(() => {});
  return {
    ready,
    stop: async () => {
      subscriber.disconnect();
    },
  };
}
