// npm run --silent classify -- FILE: a JSON array of ingest events in, one classification per
// event out, in order (the classification contract). "-" reads standard input.
import { readFileSync } from "node:fs";
import { classifyEvent, isRecord } from "../problems";

export async function run(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) {
    console.error("usage: npm run --silent classify -- FILE   (a JSON array of ingest events; - for stdin)");
    return 2;
  }
  let events: unknown;
  try {
    events = JSON.parse(readFileSync(file === "-" ? 0 : file, "utf8"));
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  if (!Array.isArray(events)) {
    console.error(`${file} must hold a JSON array of events`);
    return 2;
  }
  const out = [];
  for (const [i, e] of events.entries()) {
    const event = (e ?? {}) as { status?: unknown; url?: unknown; method?: unknown; body?: unknown; request?: unknown };
    const status = typeof event.status === "number" ? event.status : Number(event.status);
    if (!Number.isInteger(status)) {
      console.error(`$[${i}].status: is required (the HTTP status code, a number)`);
      return 2;
    }
    const headers = isRecord(event.request) && isRecord(event.request.headers) ? event.request.headers : null;
    const c = classifyEvent({
      status,
      url: typeof event.url === "string" ? event.url : null,
      method: typeof event.method === "string" ? event.method : null,
      body: event.body,
      requestHeaders: headers,
    });
    out.push({
      articleId: c.articleId,
      route: c.route,
      alt: c.alt,
      canonicalType: c.canonicalType,
      receivedType: c.receivedType,
      resource: c.resource,
      fingerprint: c.fingerprint,
      format: c.format,
      reason: c.reason,
    });
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}
