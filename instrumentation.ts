// Runs once when the server starts (Next.js's instrumentation hook): stamps each request with its
// socket's peer address, the only client address a route handler can believe (lib/http/client-address.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("./lib/http/peer-stamp");
  stampPeerAddresses();
}
