// JSON.parse in a worker thread, for a single large piece of a request body (one event of
// megabytes): the request thread, which also serves pages, only copies the text out and the value
// back. One worker, started on first use, keeping the process alive only while it parses; a worker that fails is
// replaced on the next call.
import { Worker } from "node:worker_threads";

export type ParseOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Copying a value between threads drops own `__proto__` keys (which JSON.parse keeps as plain
 * keys): a piece holding one is answered `parseHere`, and parsed on the request thread.
 */
export type WorkerOutcome = ParseOutcome | { parseHere: true };

// Plain CommonJS evaluated by the worker: no file to find next to a bundled server.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, text }) => {
  let answer;
  try {
    let protoKey = false;
    const value = JSON.parse(text, (key, v) => {
      if (key === "__proto__") protoKey = true;
      return v;
    });
    answer = protoKey ? { id, parseHere: true } : { id, ok: true, value };
  } catch (error) {
    answer = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage(answer);
});
`;

interface Parser {
  worker: Worker;
  pending: Map<number, (outcome: WorkerOutcome) => void>;
  nextId: number;
}

const globalForParser = globalThis as unknown as { triageJsonParser?: Parser };

function parser(): Parser {
  const existing = globalForParser.triageJsonParser;
  if (existing) return existing;
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const created: Parser = { worker, pending: new Map(), nextId: 0 };
  worker.on("message", ({ id, ...outcome }: { id: number } & WorkerOutcome) => {
    const settle = created.pending.get(id);
    created.pending.delete(id);
    // Listening refs the worker: it keeps the process alive only while a parse is pending.
    if (!created.pending.size) worker.unref();
    settle?.(outcome);
  });
  const fail = (error: unknown) => {
    if (globalForParser.triageJsonParser === created) globalForParser.triageJsonParser = undefined;
    for (const settle of created.pending.values())
      settle({ ok: false, error: `the JSON parser stopped: ${String(error)}` });
    created.pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(`exit ${code}`));
  globalForParser.triageJsonParser = created;
  return created;
}

/** JSON.parse(text), done by the worker thread. */
export function parseOffThread(text: string): Promise<WorkerOutcome> {
  const p = parser();
  const id = p.nextId++;
  return new Promise((resolve) => {
    p.pending.set(id, resolve);
    p.worker.ref();
    p.worker.postMessage({ id, text });
  });
}
