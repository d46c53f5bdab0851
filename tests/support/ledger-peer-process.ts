// The test's handle on a ledger peer (ledger-peer.ts): a child process, requests by id.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface LedgerPeer {
  request<T = unknown>(op: string, args?: object): Promise<T>;
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function startLedgerPeer(url: string): Promise<LedgerPeer> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "tests/support/ledger-peer.ts"], {
    env: { ...process.env, LEDGER_PEER_URL: url, DATABASE_URL: url },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
    child.once("exit", (code) => reject(new Error(`ledger peer exited (${code}) before it was ready`)));
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const m = JSON.parse(line) as { id: number; ok: boolean; result?: unknown; error?: string };
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.result);
    else w?.reject(new Error(m.error));
  });
  await ready;
  return {
    request: <T,>(op: string, args: object = {}) =>
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
