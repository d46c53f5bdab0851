// The client's address as the server saw it: `next start` puts the peer's address into
// X-Forwarded-For (appending to what a proxy in front sent). The last hop is the one we can trust.
export function clientAddressOf(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return headers.get("x-real-ip")?.trim().slice(0, 100) || null;
  const hops = forwarded.split(",").map((h) => h.trim()).filter(Boolean);
  return hops.at(-1)?.slice(0, 100) ?? null;
}
