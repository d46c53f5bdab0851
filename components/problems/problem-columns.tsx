"use client";
// The problems table's columns. Header labels and sort keys live in each column's meta, so the
// toolbar's view options and the sortable headers read one definition.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import type { ProblemStreamRow } from "@/lib/queries/problem-stream";
import type { SortKey } from "@/lib/search-params/problems";
import type { ProblemFeatures } from "@/components/table/problem-features";
import { RelativeTime } from "@/components/RelativeTime";
import { RouteBadge } from "@/components/RouteBadge";
import { StatusBadge } from "@/components/StatusBadge";
import { Sparkline } from "@/components/ui/sparkline";
import { showControls } from "@/lib/problems/visible-text";

export interface ProblemColumnMeta {
  label: string;
  sortKey?: SortKey;
  align?: "right";
  /** Shown in the column picker (everything but the selection and the problem itself). */
  hideable?: boolean;
  className?: string;
  /** Shown from this screen width up (the column picker still lists it): the most used columns stay on screen. */
  from?: keyof typeof FROM_CLASS;
}

/** Literal class names, so Tailwind generates them. */
export const FROM_CLASS = { lg: "max-lg:hidden", xl: "max-xl:hidden", "2xl": "max-2xl:hidden" } as const;

type Column = ColumnDef<ProblemFeatures, ProblemStreamRow> & { meta: ProblemColumnMeta };

/** The last part of a problem type URN ("unresolved-reference"); the whole URN is its title. */
const shortType = (type: string | null) => (type ? showControls(type.slice(type.lastIndexOf(":") + 1) || type) : "—");
const count = (n: number) => n.toLocaleString("en-US");

export function problemColumns({ selectable, days }: { selectable: boolean; days: string[] }): Column[] {
  const columns: Column[] = [
    {
      id: "problem",
      header: "Problem",
      meta: { label: "Problem", sortKey: "article", className: "min-w-[13rem]" },
      cell: ({ row: { original: p } }) => (
        <div>
          <Link prefetch={false} href={`/problems/${p.id}`} data-row-link className="font-medium text-primary hover:underline">{p.articleTitle}</Link>
          {p.httpStatus ? <span className="ml-1.5 rounded bg-accent px-1 font-mono text-xs text-foreground" title={`HTTP ${p.httpStatus}`}>{p.httpStatus}</span> : null}
          <div className="text-xs text-muted-foreground">#{p.id}</div>
          {p.topMessage && <div className="line-clamp-2 max-w-[28rem] text-xs break-words text-foreground" title={showControls(p.topMessage)} data-testid="row-message">{showControls(p.topMessage)}</div>}
        </div>
      ),
    },
    { id: "type", header: "Type", meta: { label: "Type", hideable: true, from: "2xl" }, cell: ({ row }) => <span className="font-mono text-xs whitespace-nowrap text-foreground" title={row.original.canonicalType === null ? undefined : showControls(row.original.canonicalType)}>{shortType(row.original.canonicalType)}</span> },
    { id: "resource", header: "Resource", meta: { label: "Resource", sortKey: "resource", hideable: true, className: "max-w-[11rem]" }, cell: ({ row }) => <span className="font-mono text-xs break-words">{row.original.resource === null ? "—" : showControls(row.original.resource)}</span> },
    {
      id: "signature",
      header: "What varies",
      meta: { label: "What varies", hideable: true, from: "2xl", className: "min-w-[9rem] max-w-[14rem]" },
      cell: ({ row }) => <div className="line-clamp-2 font-mono text-xs break-words text-muted-foreground" title={showControls(row.original.signature)}>{showControls(row.original.signature) || "—"}</div>,
    },
    { id: "events", header: "Events", meta: { label: "Events", sortKey: "events", align: "right", hideable: true }, cell: ({ row }) => <span className="tabular-nums">{count(row.original.events)}</span> },
    { id: "districts", header: "Districts", meta: { label: "Districts", sortKey: "districts", align: "right", hideable: true, from: "xl" }, cell: ({ row }) => <span className="tabular-nums">{count(row.original.districts)}</span> },
    { id: "firstSeen", header: "First seen", meta: { label: "First seen", sortKey: "firstSeen", hideable: true, from: "xl" }, cell: ({ row }) => <RelativeTime iso={row.original.firstSeenAt} /> },
    { id: "lastSeen", header: "Last seen", meta: { label: "Last seen", sortKey: "lastSeen", hideable: true }, cell: ({ row }) => <RelativeTime iso={row.original.lastSeenAt} /> },
    {
      id: "trend",
      header: "Trend",
      meta: { label: "Trend", hideable: true, from: "lg" },
      cell: ({ row }) => <Sparkline values={row.original.trend} label={`Events per day from ${days[0]} to ${days.at(-1)}: ${row.original.trend.join(", ")}`} />,
    },
    {
      id: "route",
      header: "Route",
      meta: { label: "Route", hideable: true },
      cell: ({ row: { original: p } }) => (
        <div>
          <RouteBadge team={p.route} />
          {/* Only what changed the usual route (a rule, a triager): "article default" on every row said nothing. */}
          {p.routeReason !== "article default" && <div className="mt-0.5 max-w-[10rem] truncate text-xs text-muted-foreground max-lg:hidden" title={showControls(p.routeReason)}>{showControls(p.routeReason)}</div>}
        </div>
      ),
    },
    { id: "assignee", header: "Assignee", meta: { label: "Assignee", hideable: true, from: "xl" }, cell: ({ row }) => (row.original.assignee ? row.original.assignee.name : <span className="text-muted-foreground">—</span>) },
    { id: "status", header: "Status", meta: { label: "Status", sortKey: "status", hideable: true }, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  ];
  if (!selectable) return columns;
  return [
    {
      id: "select",
      meta: { label: "Select" },
      header: ({ table }) => (
        <input type="checkbox" aria-label="Select every problem of this page" className="size-4 accent-primary"
          checked={table.getIsAllPageRowsSelected()} ref={(el) => { if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected(); }}
          onChange={(e) => table.toggleAllPageRowsSelected(e.target.checked)} />
      ),
      cell: ({ row }) => (
        <input type="checkbox" aria-label={`Select problem #${row.original.id}`} className="size-4 accent-primary" checked={row.getIsSelected()} onChange={(e) => row.toggleSelected(e.target.checked)} />
      ),
    },
    ...columns,
  ];
}
