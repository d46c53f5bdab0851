// Work that runs as one transaction wherever the database lives: on a PostgreSQL connection, or
// inside PGlite's own thread, where a whole write is one message instead of a round trip per
// statement (each round trip would wait while the request thread is busy parsing the next batch).
// Arguments and results cross a thread boundary: structured-clonable data only.
//
// This layer knows no feature: the features' procedures are listed in lib/runtime/procedures.ts,
// which adds them to `Procedures` (declaration merging, as react-table's ColumnMeta) and hands the
// runner to openDatabase.
import type { SqlSession } from "./sql-session";

/** Every procedure by name, filled in by lib/runtime/procedures.ts. */
export interface Procedures {}

export type ProcedureName = keyof Procedures & string;
type Rest<F> = F extends (tx: SqlSession, ...args: infer A) => unknown ? A : never;
export type ProcedureArgs<N extends ProcedureName> = Rest<Procedures[N]>;
export type ProcedureResult<N extends ProcedureName> = Procedures[N] extends (...args: never[]) => infer R
  ? Awaited<R>
  : never;

/** Runs the named procedure in the transaction `tx`. */
export type ProcedureRunner = (tx: SqlSession, name: ProcedureName, args: unknown[]) => Promise<unknown>;
