// The webhook request: a POST over node's http/https, fetch-shaped (the worker's transport and the
// tests' stand-ins share one signature). It follows no redirect (a 3xx is an answer, and a failure),
// is bounded by the caller's signal, and reaches public addresses only unless private ones are
// allowed (webhook-address.ts).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { addressLiteral, isPrivateAddress, PrivateAddressError, publicOnlyLookup } from "./webhook-address";

export function webhookFetch({ allowPrivate }: { allowPrivate: boolean }): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const literal = addressLiteral(url);
      if (!allowPrivate && literal && isPrivateAddress(literal)) return reject(new PrivateAddressError(literal));
      const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, {
        method: init.method ?? "POST",
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        signal: init.signal ?? undefined,
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
      });
      request.on("error", reject);
      request.on("response", (response) => {
        response.resume(); // the answer's body is not read, only drained
        // Node's parser takes any three digits; Response throws outside 200–599, and a throw in this
        // listener would leave the promise unsettled (the worker would wait for it forever).
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 599) return reject(new Error(`HTTP ${status}: not a valid response status`));
        resolve(new Response(null, { status }));
      });
      request.end(typeof init.body === "string" ? init.body : undefined);
    });
}
