// Shared state through PostgreSQL: token buckets in the rate_bucket table (an unlogged table:
// after a crash the buckets start full again) and changes over LISTEN/NOTIFY on one connection
// of its own per process.
import pg from "pg";
import type { Database } from "../db/database";
import { applyChange, changeMessage, topicOf, type ChangeTopic } from "./changes";
import { secondsUntil, type RateBuckets } from "./rate-buckets";

/** The bucket refilled up to now by the database's clock (one clock for every process): $3 burst, $4 per second. */
const REFILLED =
  "least($3::float8, b.tokens + greatest(0, extract(epoch FROM excluded.at - b.at)::float8) * $4::float8)";

/** One statement per take, so two processes taking at once serialise on the bucket's row. */
const TAKE = `
  INSERT INTO rate_bucket AS b (name, key_id, tokens, at, granted)
  VALUES ($1, $2, CASE WHEN $3::float8 >= $5 THEN $3::float8 - $5 ELSE $3::float8 END, clock_timestamp(), $3::float8 >= $5)
  ON CONFLICT (name, key_id) DO UPDATE SET
    tokens = CASE WHEN ${REFILLED} >= $5 THEN ${REFILLED} - $5 ELSE ${REFILLED} END,
    at = greatest(b.at, excluded.at),
    granted = ${REFILLED} >= $5
  RETURNING granted, tokens`;

const GIVE = "UPDATE rate_bucket SET tokens = least($3::float8, tokens + $4::float8) WHERE name = $1 AND key_id = $2";

export function postgresBuckets(db: Database): RateBuckets {
  return {
    take: (bucket, keyId, n, rate) =>
      db.session(async (s) => {
        const [row] = await s.query<{ granted: boolean; tokens: number }>(TAKE, [
          bucket,
          keyId,
          rate.burst,
          rate.perSecond,
          n,
        ]);
        return row.granted ? null : secondsUntil(n, Number(row.tokens), rate);
      }),
    give: async (bucket, keyId, n, rate) => {
      await db.session((s) => s.query(GIVE, [bucket, keyId, rate.burst, n]));
    },
  };
}

export const CHANGES_CHANNEL = "triage_changes";

export async function publishOverPostgres(db: Database, topic: ChangeTopic): Promise<void> {
  await db.session((s) => s.query("SELECT pg_notify($1, $2)", [CHANGES_CHANNEL, changeMessage(topic)]));
}

export interface ChangeListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** How often the listening connection proves it is alive; a dead one is replaced at once. */
export const LISTENER_HEARTBEAT_MS = 30_000;

/**
 * Listens for changes on a connection of its own and applies them; when the connection drops it
 * reconnects (after 1 s, then up to 30 s) and forgets every cached thing, since messages sent
 * meanwhile are lost. TCP keep-alive and a heartbeat query find a connection that died without a
 * word (a restarted proxy, a dropped NAT entry). LISTEN needs a session of its own: point
 * DATABASE_URL at PostgreSQL or a session-mode pooler, not a transaction-mode one (PgBouncer's
 * default), which would deliver nothing.
 */
export function listenOverPostgres(url: string): ChangeListener {
  let stopped = false;
  let client: pg.Client | undefined;
  let retryMs = 1_000;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async (reconnecting: boolean) => {
    let c: pg.Client | undefined;
    try {
      c = new pg.Client({
        connectionString: url,
        application_name: "triage changes",
        keepAlive: true,
        connectionTimeoutMillis: 5_000,
        query_timeout: 5_000,
      });
      client = c;
      const self = c;
      c.on("notification", (message) => {
        const topic = message.channel === CHANGES_CHANNEL && message.payload ? topicOf(message.payload) : null;
        if (topic) applyChange(topic);
      });
      c.on("error", () => retry(self));
      c.on("end", () => retry(self));
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      retryMs = 1_000;
      if (reconnecting) applyChange("*");
      markReady();
    } catch (error) {
      if (c) retry(c);
      else {
        console.error("triage: could not listen for other processes' changes:", error);
        scheduleConnect();
      }
    }
  };
  const scheduleConnect = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect(true);
    }, retryMs);
    timer.unref();
    retryMs = Math.min(30_000, retryMs * 2);
  };
  const retry = (c: pg.Client) => {
    if (stopped || client !== c) return;
    client = undefined;
    c.end().catch(() => {});
    scheduleConnect();
  };
  const heartbeat = setInterval(() => {
    const c = client;
    if (c) c.query("SELECT 1").catch(() => retry(c));
  }, LISTENER_HEARTBEAT_MS);
  heartbeat.unref();
  void connect(false);
  return {
    ready,
    stop: async () => {
      stopped = true;
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
