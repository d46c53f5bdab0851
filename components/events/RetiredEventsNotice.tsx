// Where an event list ends because retention dropped older months (lib/retention), while the
// counts and charts of the same page still include those events: said, not left to puzzle over.
export function RetiredEventsNotice({ keptFrom }: { keptFrom: string }) {
  const month = new Date(`${keptFrom}T00:00:00Z`).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return (
    <p role="note" data-testid="retired-events" className="mt-2 text-sm text-muted-foreground">
      Events before {month} are no longer kept (retention dropped them), so the list ends there. The counts and charts
      on this page still include them.
    </p>
  );
}
