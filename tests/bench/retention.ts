// Retention at scale: events over three months on PostgreSQL, then the oldest month dropped
// (lib/retention/retention.ts) and timed; its trends and counts must read the same after.
import pg from "pg";
import { demoEvents } from "../../prisma/demo/generate";
import { openDatabase } from "../../lib/runtime/database";
import { migrate } from "../../lib/db/migrate";
import { ingestEvents } from "../../lib/ingest/ingest";
import { prepareEvent } from "../../lib/ingest/prepare";
import { eventCopyFields, eventCopyLine } from "../../lib/ingest/event-columns";
import { backfillSql, ROLLUPS } from "../../lib/ledger/definitions";
import { ensureEventMonths } from "../../lib/retention/partitions";
import { monthOf, nextMonth } from "../../lib/retention/policy";
import { retireOldEvents } from "../../lib/retention/retention";
import { copyEvents } from "./copy";
import { createBenchDatabase, round } from "./util";

const BASE = 2_000;
const DAY_MS = 86_400_000;

export interface RetentionFigure {
  events: number;
  /** The month dropped and its events. */
  month: string;
  monthEvents: number;
  /** The drop's transaction (the partition, its texts, the record). */
  dropMs: number;
  /** The whole run: the default partition swept, the drop, the month's idempotency keys. */
  totalMs: number;
  trendsUnchanged: boolean;
  eventsLeft: number;
}

export async function benchRetention(adminUrl: string, total: number): Promise<RetentionFigure> {
  const target = await createBenchDatabase(adminUrl, "retention");
  const db = await openDatabase({ kind: "postgres", url: target.url });
  const client = new pg.Client({ connectionString: target.url });
  try {
    await migrate(db);
    await client.connect();
    // Three whole months ending with last month: the first is the one retention drops.
    const now = new Date();
    const last = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1); // this month's first day
    const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1);
    const span = last - first;
    const base = [...demoEvents({ count: BASE, days: 30, end: now, seed: 5 })].slice(0, BASE);
    await ingestEvents(db, base, { apiKeyId: null });
    const problems = new Map(
      (await client.query<{ id: string; fingerprint: string }>("SELECT id::text, fingerprint FROM problem")).rows.map(
        (p) => [p.fingerprint, p.id],
      ),
    );
    const rows = base.map((e) => prepareEvent(e, { receivedAt: now, apiKeyId: null }));
    await ensureEventMonths(db, [first, first + 40 * DAY_MS, first + 70 * DAY_MS]);
    const [{ max }] = (await client.query<{ max: string }>("SELECT max(id)::text AS max FROM error_event")).rows;
    const start = Number(max) + 1;
    function* chunks(): Generator<string> {
      let buffer = "";
      for (let i = 0; i < total; i++) {
        const row = { ...rows[i % BASE], eventId: null, occurredAt: new Date(first + (i / total) * span) };
        buffer += eventCopyLine(String(start + i), eventCopyFields(row), problems.get(row.fingerprint)!);
        if (buffer.length > 4_000_000) {
          yield buffer;
          buffer = "";
        }
      }
      if (buffer) yield buffer;
    }
    await copyEvents(client, chunks());
    await client.query(`SELECT setval(pg_get_serial_sequence('error_event', 'id'), ${start + total})`);
    await client.query(`TRUNCATE ${ROLLUPS.map((d) => d.table).join(", ")}, share_pending`);
    for (const d of ROLLUPS) await client.query(backfillSql(d));
    await client.query("VACUUM ANALYZE");

    const month = monthOf(first);
    const trendsOf = async () =>
      JSON.stringify(
        (
          await client.query(
            `SELECT day::text, lea, status, route::text, events, cumulative::text FROM trend_day
              WHERE day >= $1::date AND day < $2::date ORDER BY 1, 2, 3, 4`,
            [month, nextMonth(month)],
          )
        ).rows,
      );
    const before = await trendsOf();
    // The day the month's last day passes out of 400 days kept.
    const started = performance.now();
    const result = await retireOldEvents(db, {
      now: Date.parse(`${nextMonth(month)}T00:00:00Z`) + 400 * DAY_MS,
      days: 400,
    });
    const totalMs = performance.now() - started;
    const dropped = result.retired.find((r) => r.month === month);
    const [{ n }] = (await client.query<{ n: string }>("SELECT count(*)::text AS n FROM error_event")).rows;
    return {
      events: total,
      month: month.slice(0, 7),
      monthEvents: dropped?.events ?? 0,
      dropMs: dropped?.ms ?? NaN,
      totalMs: round(totalMs, 0),
      trendsUnchanged: before.length > 2 && before === (await trendsOf()),
      eventsLeft: Number(n),
    };
  } finally {
    await client.end().catch(() => {});
    await db.close();
    await target.drop();
  }
}
