// A round-robin load balancer in front of several server processes, as a host runs one: each
// request goes to the next backend; a backend that refuses the connection is skipped (the
// request was never sent, so another one may take it, as nginx's proxy_next_upstream does); a
// backend that fails while answering (killed mid-request) gives 502 and the client retries.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RoundRobin {
  url: string;
  /** Requests each backend answered, by its URL. */
  answered: Map<string, number>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function forward(
  backend: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<"sent" | "refused"> {
  return new Promise((resolve) => {
    const target = new URL(req.url ?? "/", backend);
    const out = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => resolve("sent"));
        answer.on("error", () => {
          res.destroy();
          resolve("sent");
        });
      },
    );
    out.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") return resolve("refused");
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`backend failed: ${error.code}`);
      else res.destroy();
      resolve("sent");
    });
    out.end(body);
  });
}

export async function startRoundRobin(backends: string[], port = 0): Promise<RoundRobin> {
  let next = 0;
  const answered = new Map(backends.map((b) => [b, 0]));
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    for (let tried = 0; tried < backends.length; tried++) {
      const backend = backends[next++ % backends.length];
      if ((await forward(backend, req, body, res)) === "sent") {
        answered.set(backend, (answered.get(backend) ?? 0) + 1);
        return;
      }
    }
    res.writeHead(502, { "content-type": "text/plain" }).end("no backend answers");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
