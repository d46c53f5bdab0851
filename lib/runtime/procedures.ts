// The procedures the database runs as one transaction (lib/db/procedures.ts): on PGlite inside its
// own thread, on PostgreSQL on one connection. Adding one is a line here.
import { writeEvents } from "../ingest/write";
import { foldPending } from "../ledger/fold";
import { moveClientEvents, replaceClientMap } from "../clients/remap";
import { rerouteProblems } from "../triage/reroute";
import { reclassifyBatch } from "../reclassify/batch";
import type { ProcedureRunner } from "../db/procedures";
import type { SqlSession } from "../db/sql-session";

const procedures = {
  writeEvents,
  foldPending,
  replaceClientMap,
  moveClientEvents,
  rerouteProblems,
  reclassifyBatch,
} satisfies Record<string, (tx: SqlSession, ...args: never[]) => Promise<unknown>>;

type Registry = typeof procedures;
declare module "../db/procedures" {
  interface Procedures extends Registry {}
}

export const runProcedure: ProcedureRunner = (tx, name, args) => {
  const procedure = procedures[name] as (tx: SqlSession, ...args: unknown[]) => Promise<unknown>;
  return procedure(tx, ...args);
};
