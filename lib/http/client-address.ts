// The client's address. By default the socket's peer (stamped by peer-stamp.ts): X-Forwarded-For
// is whatever a client chose to send, so believing it let one client pose as any number of
// addresses (past the per-address sign-in limit, and into the sign-in log). Behind proxies,
// TRIAGE_TRUSTED_PROXIES says how many hops in front of the server append to X-Forwarded-For; the
// address the outermost of them saw is the client.
import { isIP } from "node:net";
import { env } from "../env";
import { PEER_HEADER, peerOfStamp } from "./peer-stamp";

/** At most this long in a log row. */
const MAX_LENGTH = 100;

function normalised(address: string): string {
  const trimmed = address.trim();
  const bare = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed;
  // An IPv4 client on a dual-stack socket shows as ::ffff:192.0.2.1.
  const v4 = bare.toLowerCase().startsWith("::ffff:") && isIP(bare.slice(7)) === 4 ? bare.slice(7) : bare;
  return v4.slice(0, MAX_LENGTH);
}

/**
 * The client's address, or null when the server did not stamp the peer (a request that arrived
 * while the server was starting, or code run outside the server).
 */
export function clientAddressOf(
  headers: Headers,
  trustedProxies: number = env().TRIAGE_TRUSTED_PROXIES,
): string | null {
  const peer = peerOfStamp(headers.get(PEER_HEADER));
  if (peer === null) return null;
  if (trustedProxies === 0) return normalised(peer);
  // The peer is the nearest proxy; each trusted proxy appended the address it saw, so the
  // (N+1)-th from the right is what the outermost trusted proxy saw. Fewer hops than that (a
  // request that did not come through all of them): the furthest one known.
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const chain = [...hops, peer];
  return normalised(chain.at(-(trustedProxies + 1)) ?? chain[0]);
}
