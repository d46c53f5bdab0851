// A real HTTP server on 127.0.0.1 serving the real route handler modules of app/api (the same
// exports Next.js serves), for integration tests that must not pay for a Next build.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

type RouteModule = Partial<
  Record<"GET" | "HEAD" | "OPTIONS" | "POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Promise<Response>>
>;

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(routes: Record<string, RouteModule>): Promise<TestServer> {
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const route = routeFor(routes, url.pathname);
      // As Next does: HEAD is answered by GET when a route has no HEAD of its own.
      const handler = route?.[req.method as keyof RouteModule] ?? (req.method === "HEAD" ? route?.GET : undefined);
      if (!handler) {
        res
          .writeHead(route ? 405 : 404, { "content-type": "application/problem+json" })
          .end(JSON.stringify({ type: "urn:triage:not-found", status: route ? 405 : 404 }));
        return;
      }
      const response = await handler(toRequest(req, url));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      // Answered before the body was read (a 429 with the queue full, a 413): read and discard the
      // rest, as Node does with a body nobody read, instead of closing a socket with unread data (the client
      // then sees a TCP reset instead of the answer).
      if (!req.complete) {
        req.removeAllListeners("data"); // the unread web stream's, which would pause it again
        req.on("data", () => {});
        req.resume();
      }
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The route module for a path: an exact entry, or one with `[param]` segments (as app/ names them). */
function routeFor(routes: Record<string, RouteModule>, pathname: string): RouteModule | undefined {
  if (routes[pathname]) return routes[pathname];
  const segments = pathname.split("/");
  for (const [pattern, route] of Object.entries(routes)) {
    const parts = pattern.split("/");
    if (
      parts.length === segments.length &&
      parts.every((p, i) => (p.startsWith("[") && p.endsWith("]") ? segments[i] !== "" : p === segments[i]))
    )
      return route;
  }
  return undefined;
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error Node's fetch needs duplex for streamed bodies
    duplex: "half",
  });
}
