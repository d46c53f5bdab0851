// The alert worker: takes due outbox rows under a lease (FOR UPDATE SKIP LOCKED, so several
// processes on one PostgreSQL never take the same row; a process that dies mid-delivery loses its
// lease and another retries), renews a row's lease just before sending it (a row whose lease ran
// out while the sends before it were slow, and that another process took, is not sent again;
// every send is bounded well inside a lease: webhooks 10 s, SMTP mailer.ts SMTP_TIMEOUTS),
// delivers each, records every attempt, and retries failures with
// backoff. It also evaluates the timed rules (timed.ts). The clock is injected: tests move it
// instead of sleeping.
import { randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import { retryDelayMs, MAX_ATTEMPTS } from "./backoff";
import { deliver, type Transports } from "./channels";
import { factsFor, type ChannelRow, type OutboxRow } from "./content";
import { evaluateTimedRules } from "./timed";
import { sendDueDigests } from "./digests";
import { webhookFetch } from "./webhook-post";
import { env } from "../env";

export const LEASE_MS = 2 * 60_000;
const BATCH = 20;

export interface AlertWorkerOptions extends Partial<Transports> {
  baseUrl?: string;
  /** This process's name in leased_by. */
  id?: string;
  log?: (message: string) => void;
}

export interface DeliveryRound {
  sent: number;
  failed: number;
}

export interface AlertWorker {
  /** Evaluates the timed rules and delivers what is due, until nothing due is left (or everything due failed once). */
  runOnce(): Promise<DeliveryRound>;
  /** Sends the digests whose period has ended (each period once). */
  sendDigests(): Promise<number>;
  /** Delivers what is due now (no evaluation). */
  deliverDue(): Promise<DeliveryRound>;
  evaluate(): Promise<number>;
  start(everyMs?: number): void;
  stop(): Promise<void>;
}

export function createAlertWorker(db: Database, options: AlertWorkerOptions = {}): AlertWorker {
  const now = options.now ?? (() => new Date());
  const fetchWebhook = options.fetch ?? webhookFetch({ allowPrivate: env().TRIAGE_ALERT_PRIVATE_WEBHOOKS });
  const transports: Transports = {
    fetch: fetchWebhook,
    mailer: options.mailer ?? null,
    from: options.from ?? "Triage <triage@localhost>",
    now,
  };
  const id = options.id ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const baseUrl = options.baseUrl ?? "http://localhost:3000";
  const log = options.log ?? ((m: string) => console.error(m));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  const claim = (at: Date, skip: readonly string[]) =>
    db.transaction((tx) =>
      tx.query<OutboxRow>(
        `UPDATE alert_outbox o SET lease_until = $2::timestamptz, leased_by = $3, attempts = o.attempts + 1
           FROM (SELECT id FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
                   AND (lease_until IS NULL OR lease_until <= $1::timestamptz) AND id <> ALL($4::bigint[])
                 ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) due
          WHERE o.id = due.id
          RETURNING o.id::text, o.rule_id, o.channel_id, o.kind, o.problem_id::text, o.leas, o.detail, o.attempts`,
        [at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString(), id, skip],
      ),
    );

  /** The row's lease renewed from now, if this process still holds it and it is still to send. */
  const renew = async (row: OutboxRow): Promise<boolean> => {
    const at = now();
    const kept = await db.transaction((tx) =>
      tx.query<{ id: string }>(
        "UPDATE alert_outbox SET lease_until = $2::timestamptz WHERE id = $1 AND leased_by = $3 AND status = 'pending' RETURNING id::text",
        [row.id, new Date(at.getTime() + LEASE_MS).toISOString(), id],
      ),
    );
    return kept.length === 1;
  };

  const deliverOne = async (row: OutboxRow): Promise<boolean> => {
    const at = now();
    const [channel] = await db.transaction((tx) =>
      tx.query<ChannelRow>(
        "SELECT id, name, kind::text AS kind, target, secret, slack_text, leas FROM alert_channel WHERE id = $1",
        [row.channel_id],
      ),
    );
    const result = channel
      ? await deliver(channel, await db.transaction((tx) => factsFor(tx, row, channel, baseUrl, at)), transports)
      : { ok: false, responseCode: null, error: "channel deleted" };
    const done = result.ok || !channel || row.attempts >= MAX_ATTEMPTS;
    const status = result.ok ? "sent" : done ? "failed" : "pending";
    await db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO alert_attempt (outbox_id, rule_id, channel_id, at, ok, response_code, error) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [row.id, row.rule_id, row.channel_id, at.toISOString(), result.ok, result.responseCode, result.error],
      );
      await tx.query(
        `UPDATE alert_outbox SET status = $2, lease_until = NULL, leased_by = NULL, sent_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz END,
                next_attempt_at = $4::timestamptz WHERE id = $1 AND leased_by = $5`,
        [
          row.id,
          status,
          at.toISOString(),
          new Date(at.getTime() + (done ? 0 : retryDelayMs(row.attempts))).toISOString(),
          id,
        ],
      );
    });
    if (!result.ok)
      log(
        JSON.stringify({
          level: "warn",
          msg: "alert delivery failed",
          outbox: row.id,
          channel: row.channel_id,
          attempt: row.attempts,
          status,
          error: result.error,
        }),
      );
    return result.ok;
  };

  const deliverDue = async (): Promise<DeliveryRound> => {
    const round = { sent: 0, failed: 0 };
    const seen = new Set<string>();
    for (;;) {
      // A failure due again at once (a frozen test clock) waits for the next round.
      const rows = await claim(now(), [...seen]);
      if (!rows.length) return round;
      for (const row of rows) {
        seen.add(row.id);
        if (!(await renew(row))) continue; // taken by another process meanwhile
        try {
          if (await deliverOne(row)) round.sent++;
          else round.failed++;
        } catch (error) {
          // One row that cannot even be attempted (its facts, its record) does not hold back the rest.
          round.failed++;
          log(
            JSON.stringify({
              level: "error",
              msg: "alert not attempted; its lease runs out and it is tried again",
              outbox: row.id,
              error: String((error as Error)?.message ?? error),
            }),
          );
        }
      }
    }
  };
  const evaluate = () => db.transaction((tx) => evaluateTimedRules(tx, now()));
  const sendDigests = () => sendDueDigests(db, transports.mailer, transports.from, baseUrl, now());
  // Each step on its own: a failing timed rule or a slow digest round does not hold back deliveries.
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (error) {
      log(
        JSON.stringify({
          level: "error",
          msg: `alert worker: ${name} failed; tried again on the next round`,
          error: String((error as Error)?.message ?? error),
        }),
      );
      return null;
    }
  };
  const runOnce = async () => {
    await step("timed rules", evaluate);
    const round = (await step("delivery", deliverDue)) ?? { sent: 0, failed: 0 };
    await step("digests", sendDigests);
    return round;
  };

  return {
    runOnce,
    deliverDue,
    sendDigests,
    evaluate,
    start(everyMs = 5_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = runOnce()
          .catch((error: unknown) =>
            log(
              JSON.stringify({
                level: "error",
                msg: "alert worker round failed; tried again on the next tick",
                error: String((error as Error)?.message ?? error),
              }),
            ),
          )
          .finally(() => (running = null));
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
