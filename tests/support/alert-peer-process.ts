// The test's handle on an alert peer (alert-peer.ts): a child process, requests by id.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface AlertPeer {
  pid: number;
  request<T = unknown>(op: string, args?: object): Promise<T>;
  /** SIGKILL: no clean-up, its leases stay until they end. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function startAlertPeer(url: string, name: string): Promise<AlertPeer> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "tests/support/alert-peer.ts"], {
    env: { ...process.env, ALERT_PEER_URL: url, ALERT_PEER_NAME: name, DATABASE_URL: url },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
    child.once("exit", (code) => reject(new Error(`alert peer exited (${code}) before it was ready`)));
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
    pid: child.pid!,
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
