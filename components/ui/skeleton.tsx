// Placeholder blocks shaped like the content that is loading (shadcn/ui's skeleton).
import { cn } from "@/lib/cn";

export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden data-slot="skeleton" className={cn("block animate-pulse rounded bg-muted", className)} />;
}

/** A table-shaped skeleton: a toolbar line, a header and `rows` rows of `columns` cells. */
export function TableSkeleton({ rows = 10, columns = 8, label }: { rows?: number; columns?: number; label: string }) {
  return (
    <div role="status" aria-label={label}>
      <div className="mb-3 flex gap-2">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-8 w-24" />
        ))}
      </div>
      <div className="rounded border">
        {Array.from({ length: rows + 1 }, (_, r) => (
          <div key={r} className="flex gap-4 border-b px-3 py-3 last:border-0">
            {Array.from({ length: columns }, (_, c) => (
              <Skeleton key={c} className={`h-4 ${c === 0 ? "w-64" : "w-16"}`} />
            ))}
          </div>
        ))}
      </div>
      <span className="sr-only">{label}</span>
    </div>
  );
}
