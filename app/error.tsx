"use client";
// Shows the digest Next attaches to server errors; our server log carries the same id.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="max-w-xl rounded border border-red-200 bg-red-50 p-4">
      <h1 className="font-semibold text-red-800">Something went wrong</h1>
      <p className="mt-2 text-red-800">The page could not be loaded. Try again; if it keeps failing, report this reference:</p>
      <p className="mt-1 font-mono text-xs text-red-900">correlationId: {error.digest ?? "unavailable"}</p>
      <button onClick={reset} className="mt-3 rounded bg-red-700 px-3 py-1 text-white hover:bg-red-800">Try again</button>
    </div>
  );
}
