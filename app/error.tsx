"use client";
import { Button } from "@/components/ui/button";
// Shows the digest Next attaches to server errors; our server log carries the same id.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="max-w-xl rounded border border-destructive/30 bg-tone-danger-bg p-4">
      <h1 className="font-semibold text-destructive">Something went wrong</h1>
      <p className="mt-2 text-destructive">
        The page could not be loaded. Try again; if it keeps failing, report this reference:
      </p>
      <p className="mt-1 font-mono text-xs text-destructive">correlationId: {error.digest ?? "unavailable"}</p>
      <Button
        variant="destructive"
        onClick={reset}
        className="mt-3 rounded bg-destructive px-3 py-1 text-destructive-foreground hover:bg-destructive/90"
      >
        Try again
      </Button>
    </div>
  );
}
