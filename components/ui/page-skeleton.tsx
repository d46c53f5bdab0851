// A page's loading state: blocks shaped like its heading, facts and table.
import { Skeleton, TableSkeleton } from "./skeleton";

export function PageSkeleton() {
  return (
    <div className="max-w-5xl space-y-3">
      <Skeleton className="h-6 w-72" />
      <Skeleton className="h-4 w-96" />
      <Skeleton className="h-4 w-80" />
      <TableSkeleton rows={6} columns={5} label="Loading…" />
    </div>
  );
}
