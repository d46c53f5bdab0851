// A real other process for tests that need one (the ledger's and the alerts' peers): the child
// side answers one JSON line per request on stdin with one JSON line on stdout (servePeer); the
// test side starts it and sends requests by id (startPeer). SIGKILL leaves whatever it held.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface PeerProcess {
  pid: number;
  request<T = unknown>(op: string, args?: object): Promise<T>;
  /** SIGKILL: no clean-up (locks, leases and transactions are left to the database). */
  kill(): Promise<void>;
  close(): Promise<void>;
}

type Message = { id: number; ok: boolean; result?: unknown; error?: string };

/** Starts `script` (run with tsx) with `env` added to this process's environment. */
export async function startPeer(script: string, env: Record<string, string>): Promise<PeerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const m = JSON.parse(line) as Message;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.result);
    else w?.reject(new Error(m.error));
  });
  await ready;
  return {
    pid: child.pid!,
    request: <T>(op: string, args: object = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
      }),
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}

/** The child side: says it is ready, then answers every request line with `handle`'s result (requests may overlap). */
export async function servePeer<R extends { id: number; op: string }>(
  handle: (request: R, answer: (message: Message) => void) => Promise<unknown>,
): Promise<void> {
  const answer = (message: Message) => process.stdout.write(`${JSON.stringify(message)}\n`);
  answer({ id: 0, ok: true, result: "ready" });
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as R;
    handle(request, answer).then(
      (result) => answer({ id: request.id, ok: true, result }),
      (error: Error) => answer({ id: request.id, ok: false, error: String(error?.message ?? error) }),
    );
  }
}
