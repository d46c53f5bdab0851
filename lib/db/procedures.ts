// Work that runs as one transaction wherever the database lives: on a PostgreSQL connection, or
// inside PGlite's own thread, where a whole write is one message instead of a round trip per
// statement (each round trip would wait while the request thread is busy parsing the next batch).
// Arguments and results cross a thread boundary: structured-clonable data only.
import { writeEvents } from "../ingest/write";
import { foldPending } from "../ledger/fold";
import { moveClientEvents, replaceClientMap } from "../clients/remap";
import { rerouteProblems } from "../triage/reroute";
import { reclassifyBatch } from "../reclassify/batch";
import type { SqlSession } from "./sql-session";

export const procedures = {
  writeEvents,
  foldPending,
  replaceClientMap,
  moveClientEvents,
  rerouteProblems,
  reclassifyBatch,
} satisfies Record<string, (tx: SqlSession, ...args: never[]) => Promise<unknown>>;

export type ProcedureName = keyof typeof procedures;
type Rest<F> = F extends (tx: SqlSession, ...args: infer A) => unknown ? A : never;
export type ProcedureArgs<N extends ProcedureName> = Rest<(typeof procedures)[N]>;
export type ProcedureResult<N extends ProcedureName> = Awaited<ReturnType<(typeof procedures)[N]>>;

export function runProcedure<N extends ProcedureName>(tx: SqlSession, name: N, args: ProcedureArgs<N>): Promise<ProcedureResult<N>> {
  const procedure = procedures[name] as unknown as (tx: SqlSession, ...args: ProcedureArgs<N>) => Promise<ProcedureResult<N>>;
  return procedure(tx, ...args);
}
