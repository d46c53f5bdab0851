// Webhooks go to the public internet only (server-side request forgery): a channel's URL may not
// reach this host, the private network it sits in, or a cloud metadata service (169.254.169.254),
// unless the operator says so (TRIAGE_ALERT_PRIVATE_WEBHOOKS=1, e.g. an internal chat relay).
// The address is checked where the connection is made (the socket's own DNS look-up), so a name
// that resolves to a public address when saved and a private one when sent is still refused.
import { BlockList, isIP, type LookupFunction } from "node:net";
import { lookup as dnsLookup } from "node:dns";

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fec0::", 10],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv6");

/** True for an address a webhook may not reach: loopback, private, link-local, reserved, multicast. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : "";
  if (isIP(v4) === 4) return PRIVATE.check(v4, "ipv4"); // IPv4-mapped: the IPv4 address decides
  return PRIVATE.check(address, "ipv6");
}

/** The host of a webhook URL when it is an address literal (IPv6 without its brackets), else null. */
export function addressLiteral(url: URL): string | null {
  const host = url.hostname.startsWith("[") && url.hostname.endsWith("]") ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

export class PrivateAddressError extends Error {
  constructor(address: string) {
    super(`refused: ${address} is a private, loopback or reserved address (TRIAGE_ALERT_PRIVATE_WEBHOOKS=1 allows it)`);
  }
}

/** A socket look-up that fails when any address the name resolves to is private. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new PrivateAddressError(refused.address), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};
