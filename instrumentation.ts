// Runs once when the server starts (Next.js's instrumentation hook): stamps each request with its
// socket's peer address, the only client address a route handler can believe (lib/http/client-address.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("./lib/http/peer-stamp");
  stampPeerAddresses();
  // The alert worker (lib/alerts/worker.ts): delivers the outbox, evaluates spiking/volume rules.
  const { startAlertWorkerInServer } = await import("./lib/alerts/start");
  startAlertWorkerInServer().catch((error: unknown) =>
    console.error(JSON.stringify({ level: "error", msg: "alert worker did not start", error: String(error) })),
  );
}
