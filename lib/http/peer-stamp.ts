// The socket's peer address, handed to route handlers. A route handler sees only headers, and
// `next start` fills X-Forwarded-For with the peer only when a client did not send one (so a
// client that sends one picks its own address). Every request this process's HTTP servers receive
// is stamped with the peer in PEER_HEADER before Next sees it, whatever the client sent under that
// name. The stamp carries a secret of this process, so a header a client sent (on a request that
// arrived before the stamp was installed) is never taken for ours.
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";

export const PEER_HEADER = "x-triage-peer";

interface StampState {
  secret: string;
}

/** Shared through globalThis: Next bundles instrumentation and route handlers separately. */
const STATE = Symbol.for("triage.peer-stamp");

function stampState(): StampState | undefined {
  return (globalThis as { [STATE]?: StampState })[STATE];
}

/** The peer address in a stamped header value, or null when the value is not our stamp. */
export function peerOfStamp(value: string | null): string | null {
  const state = stampState();
  if (!state || !value) return null;
  const space = value.indexOf(" ");
  if (space < 0 || value.slice(0, space) !== state.secret) return null;
  return value.slice(space + 1) || null;
}

function stamp(request: IncomingMessage, secret: string): void {
  request.headers[PEER_HEADER] = `${secret} ${request.socket?.remoteAddress ?? ""}`;
}

/** Stamps every request that this process's HTTP(S) servers receive from now on; idempotent. */
export function stampPeerAddresses(): void {
  if (stampState()) return;
  const state: StampState = { secret: randomBytes(18).toString("base64url") };
  for (const proto of [http.Server.prototype, https.Server.prototype] as {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  }[]) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request" || event === "checkContinue" || event === "checkExpectation")
        stamp(args[0] as IncomingMessage, state.secret);
      return emit.call(this, event, ...args);
    };
  }
  (globalThis as { [STATE]?: StampState })[STATE] = state;
}
