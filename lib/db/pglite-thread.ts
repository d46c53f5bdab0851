// PGlite in a worker thread, behind the part of PGlite's interface that we and the Prisma
// adapter use (query, exec, transaction). PostgreSQL compiled to WASM runs synchronously on the
// thread that calls it; in its own thread the database work (parameter serialisation, planning,
// writing, reading) runs on the machine's second core while the request thread parses,
// validates and classifies the next batch. Measured in tests/bench (README "Performance").
import type { Worker, WorkerOptions } from "node:worker_threads";
import {
  messages,
  types,
  type ParserOptions,
  type PGliteOptions,
  type QueryOptions,
  type Results,
  type Transaction,
} from "@electric-sql/pglite";

import type { PlainError, RawResults, WorkerReady, WorkerRequest } from "./pglite-worker";
import type { ProcedureArgs, ProcedureName, ProcedureResult } from "./procedures";

type Parsers = ParserOptions;
type Answer = { id: number; result?: unknown; error?: PlainError };

/**
 * The worker's JavaScript only relays: its big strings (a batch's COPY text) live outside the
 * young generation, so a small one is enough: 16 MB (default 48) keeps ~35 MB of resident memory
 * off the server under load at no measurable cost (8 MB cost ~10% of the ingest rate).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** Starts the thread's entry (a module that calls servePGliteWorker) with these options. */
export type StartPGliteWorker = (options: WorkerOptions & { workerData: unknown }) => Worker;

export class PGliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #parsers: Parsers = { ...(types.parsers as unknown as Parsers) };
  #failure: Error | undefined;
  readonly waitReady: Promise<void>;

  /** template: a dumpDataDir tarball to start a new database from (its bytes are copied to the thread). */
  constructor(
    dataDir: string | undefined,
    template: Uint8Array<ArrayBuffer> | undefined,
    options: PGliteOptions,
    startWorker: StartPGliteWorker,
  ) {
    this.#worker = startWorker({ workerData: { dataDir, template, options }, resourceLimits: WORKER_LIMITS });
    this.#worker.unref();
    this.waitReady = new Promise<void>((resolve, reject) => {
      const onReady = (message: WorkerReady) => {
        this.#worker.off("message", onReady);
        if (!message.ready) return reject(this.#fail(toError(message.error)));
        for (const [oid, typarray] of message.arrayTypes) {
          this.#parsers[typarray] = (value) =>
            types.arrayParser(value, (element: string) => types.parseType(element, oid, this.#parsers), typarray);
        }
        this.#worker.on("message", (answer: Answer) => this.#settle(answer));
        resolve();
      };
      this.#worker.on("message", onReady);
      this.#worker.on("error", (error) => reject(this.#fail(error)));
      this.#worker.on("exit", (code) => reject(this.#fail(new Error(`the PGlite thread exited (code ${code})`))));
    });
    this.waitReady.catch(() => {}); // reported to whoever awaits it
  }

  query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(sql, params, options);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.#exec(sql, options);
  }

  /** Like PGlite's: commits when fn resolves, rolls back when it throws (or called rollback()). */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const txId = (await this.#call({ op: "begin" })) as number;
    let closed = false;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const end = async (op: "commit" | "rollback") => {
      closed = true;
      await this.#call({ op, txId });
    };
    const tx = {
      query: async <R>(sql: string, params: unknown[] = [], options?: QueryOptions) => {
        open();
        return this.#query<R>(sql, params, options, txId);
      },
      exec: async (sql: string, options?: QueryOptions) => {
        open();
        return this.#exec(sql, options, txId);
      },
      rollback: async () => {
        open();
        await end("rollback");
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      if (!closed) await end("rollback").catch(() => {});
      throw error;
    }
    if (!closed) await end("commit");
    return result;
  }

  /** Runs a procedure (procedures.ts) as one transaction inside the worker: one message. */
  async procedure<N extends ProcedureName>(name: N, args: ProcedureArgs<N>): Promise<ProcedureResult<N>> {
    return (await this.#call({ op: "procedure", name, args })) as ProcedureResult<N>;
  }

  async close(): Promise<void> {
    if (!this.#failure) await this.#call({ op: "close" }).catch(() => {});
    await this.#worker.terminate();
  }

  async #query<T>(
    sql: string,
    params: unknown[],
    options: QueryOptions | undefined,
    txId?: number,
  ): Promise<Results<T>> {
    return this.#results<T>(
      (await this.#call({ op: "query", sql, params, txId, blob: options?.blob })) as RawResults,
      options,
    );
  }

  async #exec(sql: string, options: QueryOptions | undefined, txId?: number): Promise<Results[]> {
    return ((await this.#call({ op: "exec", sql, txId })) as RawResults[]).map((r) => this.#results(r, options));
  }

  #call(request: WorkerRequest): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref(); // keep the process alive while a call is out
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ...request });
    });
  }

  #settle(answer: Answer): void {
    const call = this.#pending.get(answer.id);
    if (!call) return;
    this.#pending.delete(answer.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (answer.error) call.reject(toError(answer.error));
    else call.resolve(answer.result);
  }

  /** The thread died: every call out and every later call fails instead of waiting forever. */
  #fail(error: Error): Error {
    this.#failure ??= Object.assign(new Error(`PGlite is unavailable: ${error.message}`), {
      code: "57P01",
      cause: error,
    });
    for (const call of this.#pending.values()) call.reject(this.#failure);
    this.#pending.clear();
    return this.#failure;
  }

  #results<T>(raw: RawResults, options?: QueryOptions): Results<T> {
    const parsers = options?.parsers ? { ...this.#parsers, ...(options.parsers as unknown as Parsers) } : this.#parsers;
    const parse = raw.fields.map(
      (f) => (value: unknown) => (value === null ? null : types.parseType(value as string, f.dataTypeID, parsers)),
    );
    const rows = raw.rows.map((row) => {
      if (options?.rowMode === "array") return row.map((value, i) => parse[i](value));
      const object: Record<string, unknown> = {};
      raw.fields.forEach((f, i) => (object[f.name] = parse[i](row[i])));
      return object;
    });
    return { ...raw, rows: rows as T[] };
  }
}

/** Rebuilds an error sent as plain data; PostgreSQL errors become PGlite DatabaseErrors again. */
function toError(plain: PlainError | undefined): Error {
  const { message = "unknown error", name, stack, databaseError, ...fields } = plain ?? { message: "unknown error" };
  const error = databaseError ? new messages.DatabaseError(String(message), 0, "error") : new Error(String(message));
  if (!databaseError && typeof name === "string") (error as { name: string }).name = name;
  if (typeof stack === "string") error.stack = stack;
  return Object.assign(error, fields);
}
