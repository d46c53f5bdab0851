// What deciding alerts costs ingest, in process (no HTTP): demo events written in batches of 1,000
// by 2 concurrent senders through ingestEvents, on PGlite or PostgreSQL, after a warm-up. Scenario
// "steady": the demo mix (new problems early on); "regressions": every problem resolved after the
// warm-up, so each batch regresses problems and runs the alert hook (the worst case). Run the same
// file in a checkout without alerts and compare (README "Alerts", cost). Not part of `npm run bench`:
//   BENCH_KIND=pglite|postgres BENCH_SCENARIO=steady|regressions npx tsx tests/bench/alerts-cost.ts
import { createTestDatabase } from "../support/db";
import { demoEvents } from "../../prisma/demo/generate";
import { ingestEvents } from "../../lib/ingest/ingest";
import type { IngestEvent } from "../../lib/ingest/events.schema";

const kind = (process.env.BENCH_KIND ?? "pglite") as "pglite" | "postgres";
const scenario = process.env.BENCH_SCENARIO ?? "steady";
const N = Number(process.env.BENCH_EVENTS ?? 40_000);
const WARM = 5_000;
const BATCH = 1_000;

const t = await createTestDatabase(kind);
const hasAlerts = (await t.db.transaction((tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'alert_rule'")))[0].n === 1;
if (hasAlerts) {
  // Channels for the default rules (new, regressed → routed team): outbox rows are written.
  await t.db.exec(`INSERT INTO alert_channel (name, kind, target, team) SELECT t, 'webhook', 'http://127.0.0.1:9/', t::"Team" FROM unnest(ARRAY['dev','data','ops']) t`);
}
const events = [...demoEvents({ count: N + WARM, days: 30, seed: 7 })].slice(0, N + WARM) as IngestEvent[];
const batches = (list: IngestEvent[]) => Array.from({ length: Math.ceil(list.length / BATCH) }, (_, i) => list.slice(i * BATCH, (i + 1) * BATCH));
const send = async (list: IngestEvent[][]) => {
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < list.length) await ingestEvents(t.db, list[next++], { apiKeyId: null });
  }));
};
await send(batches(events.slice(0, WARM)));
if (scenario === "regressions") await t.db.exec("UPDATE problem SET triage_status = 'resolved'");
const start = performance.now();
await send(batches(events.slice(WARM)));
const seconds = (performance.now() - start) / 1000;
const outbox = hasAlerts ? (await t.db.transaction((tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM alert_outbox")))[0].n : 0;
console.log(JSON.stringify({ kind, scenario, alerts: hasAlerts, events: N, seconds: Math.round(seconds * 100) / 100, eventsPerSecond: Math.round(N / seconds), outbox }));
await t.drop();
process.exit(0);
