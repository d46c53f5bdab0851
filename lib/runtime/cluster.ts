// What this process shares with the other server processes on its database: ingest rates (token
// buckets) and cache changes, through Redis when TRIAGE_REDIS_URL is set, else through PostgreSQL.
// On PGlite there is one process: everything stays in memory. A command (the CLI) only announces
// its changes; a server also listens for the others' and keeps its rates in the shared buckets.
import type { DatabaseConfig } from "../db/config";
import type { Database } from "../db/database";
import { env } from "../env";
import { setChangePublisher } from "../cluster/changes";
import { withLocalFallback, type RateBuckets } from "../cluster/rate-buckets";
import { listenOverPostgres, postgresBuckets, publishOverPostgres } from "../cluster/postgres";
import { listenOverRedis, openRedis, publishOverRedis, redisBuckets } from "../cluster/redis";
import { shareIngestRates } from "../ingest/rate-limit";

export interface ClusterLink {
  /** How state is shared: "redis", "postgres" or "memory" (this process alone). */
  via: "redis" | "postgres" | "memory";
  /** Resolves once this process hears the others' changes (at once when it does not listen). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function connectCluster(db: Database, config: DatabaseConfig, { serve }: { serve: boolean }): ClusterLink {
  const { TRIAGE_REDIS_URL: redisUrl, TRIAGE_REDIS_PREFIX: prefix } = env();
  let buckets: RateBuckets | undefined;
  let listener: { ready: Promise<void>; stop(): Promise<void> } | undefined;
  let close = async () => {};
  let via: ClusterLink["via"] = "memory";
  if (redisUrl) {
    const redis = openRedis(redisUrl, { queueUntilConnected: !serve });
    setChangePublisher((topic) => publishOverRedis(redis, prefix, topic));
    if (serve) {
      buckets = withLocalFallback(redisBuckets(redis, prefix), "Redis");
      listener = listenOverRedis(redisUrl, prefix);
    }
    close = async () => void redis.disconnect();
    via = "redis";
  } else if (config.kind === "postgres") {
    setChangePublisher((topic) => publishOverPostgres(db, topic));
    if (serve) {
      buckets = postgresBuckets(db);
      listener = listenOverPostgres(config.url);
    }
    via = "postgres";
  }
  if (serve) shareIngestRates(buckets);
  return {
    via,
    ready: listener?.ready ?? Promise.resolve(),
    stop: async () => {
      setChangePublisher(undefined);
      if (serve) shareIngestRates(undefined);
      await listener?.stop();
      await close();
    },
  };
}
