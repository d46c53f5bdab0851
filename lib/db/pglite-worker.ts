// PGlite in its own thread: the loop a worker entry runs (lib/runtime/pglite-worker.ts, which
// hands it the procedures it may run); pglite-thread.ts starts the entry and speaks this protocol.
//
// Requests:  { id, op: "query", sql, params, txId? } | { id, op: "exec", sql, txId? }
//            { id, op: "begin" } | { id, op: "commit" | "rollback", txId }
//            { id, op: "procedure", name, args } (one whole transaction, see procedures.ts)
//            { id, op: "close" }
// Answers:   { id, result } | { id, error }
// Query values come back as PostgreSQL's text (every parser here is the identity): the calling
// thread parses them with its own and its caller's parsers, which cannot cross threads.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, messages, type PGliteOptions, type Results, type Transaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ProcedureName, ProcedureRunner } from "./procedures";
import { pgliteSession } from "./sql-session";

export type WorkerRequest =
  | { op: "query"; sql: string; params: unknown[]; txId?: number; blob?: Blob }
  | { op: "exec"; sql: string; txId?: number }
  | { op: "begin" }
  | { op: "commit" | "rollback"; txId: number }
  | { op: "procedure"; name: ProcedureName; args: unknown[] }
  | { op: "close" };

export interface RawResults {
  rows: unknown[][];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  [other: string]: unknown;
}

export type WorkerReady = { ready: true; arrayTypes: [number, number][] } | { ready: false; error: PlainError };
export type PlainError = Record<string, unknown> & { message: string };

interface OpenTransaction {
  tx: Transaction;
  finish: (outcome: "commit" | "rollback") => void;
  settled: Promise<null>;
}

const port = parentPort!;
let lite: PGlite;
let runProcedure: ProcedureRunner;
const transactions = new Map<number, OpenTransaction>();
let nextTransactionId = 1;
let rawParsers: Record<string, (value: string) => string> = {};

/** Opens PGlite in this thread and answers the calling thread's requests, running `procedures`. */
export function servePGliteWorker(procedures: ProcedureRunner): void {
  const { dataDir, template, options } = workerData as {
    dataDir: string | undefined;
    template: Uint8Array<ArrayBuffer> | undefined;
    options: PGliteOptions;
  };
  // Extensions are modules, which cannot cross threads: the worker adds the ones migrations create.
  // One options object: new PGlite(undefined, options) ignores its options (in-memory databases).
  lite = new PGlite({
    ...options,
    dataDir,
    loadDataDir: template && new Blob([template]),
    extensions: { ...options.extensions, pg_trgm },
  });
  runProcedure = procedures;
  void start();
}

async function start(): Promise<void> {
  try {
    await lite.waitReady;
    const identity = (value: string) => value;
    rawParsers = Object.fromEntries(Object.keys(lite.parsers).map((oid) => [oid, identity]));
    const arrays = await lite.query<[number, number]>(
      "SELECT oid::int, typarray::int FROM pg_type WHERE typarray <> 0",
      [],
      { rowMode: "array" },
    );
    port.on("message", (request: WorkerRequest & { id: number }) => {
      handle(request).then(
        (result) => port.postMessage({ id: request.id, result }),
        (error: unknown) => port.postMessage({ id: request.id, error: plainError(error) }),
      );
    });
    port.postMessage({ ready: true, arrayTypes: arrays.rows } satisfies WorkerReady);
  } catch (error) {
    port.postMessage({ ready: false, error: plainError(error) } satisfies WorkerReady);
  }
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case "query":
      return rawResults(
        await target(request.txId).query(request.sql, request.params, {
          rowMode: "array",
          parsers: rawParsers,
          blob: request.blob,
        }),
      );
    case "exec":
      return (await target(request.txId).exec(request.sql, { rowMode: "array", parsers: rawParsers })).map(rawResults);
    case "begin":
      return begin();
    case "commit":
    case "rollback": {
      const transaction = openTransaction(request.txId);
      transaction.finish(request.op);
      return transaction.settled;
    }
    case "procedure":
      return lite.transaction((tx) => runProcedure(pgliteSession(tx), request.name, request.args));
    case "close":
      await lite.close();
      return null;
  }
}

/** Opens a PGlite transaction that stays open until commit or rollback arrives; answers its id. */
function begin(): Promise<number> {
  return new Promise((resolveBegin, rejectBegin) => {
    const txId = nextTransactionId++;
    let finish!: OpenTransaction["finish"];
    const outcome = new Promise<"commit" | "rollback">((resolve) => (finish = resolve));
    const settled: Promise<null> = lite
      .transaction(async (tx) => {
        transactions.set(txId, { tx, finish, settled });
        resolveBegin(txId);
        if ((await outcome) === "rollback" && !tx.closed) await tx.rollback();
      })
      .then(() => null)
      .finally(() => transactions.delete(txId));
    settled.catch(rejectBegin); // when BEGIN itself failed; otherwise the commit's caller hears it
  });
}

/** The open transaction a statement belongs to, or the instance itself. */
function target(txId: number | undefined): PGlite | Transaction {
  return txId ? openTransaction(txId).tx : lite;
}

function openTransaction(txId: number): OpenTransaction {
  const transaction = transactions.get(txId);
  if (!transaction) throw new Error(`transaction ${txId} is not open`);
  return transaction;
}

/** The results as sent: every property PGlite gives (affectedRows, command, rowCount…) but a blob. */
function rawResults(results: Results): RawResults {
  const { rows, fields, blob: _blob, ...rest } = results;
  return {
    ...rest,
    rows: rows as unknown[][],
    fields: fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}

/** An error as plain data: PGlite's DatabaseError fields (code, detail, constraint…) included. */
function plainError(error: unknown): PlainError {
  if (!(error instanceof Error)) return { message: String(error) };
  const plain: PlainError = { message: error.message, name: error.name, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === "function") continue;
    plain[key] = typeof value === "object" && value !== null ? JSON.parse(JSON.stringify(value)) : value;
  }
  plain.databaseError = error instanceof messages.DatabaseError;
  return plain;
}
