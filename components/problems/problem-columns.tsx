"use client";
// The problems table's columns. Labels, sort keys, alignment and widths live in each column's meta
// (types/data-table.ts), which the data-table parts read: one definition per column.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import type { ProblemStreamRow } from "@/lib/queries/problem-stream";
import type { SortKey } from "@/lib/search-params/problems";
import type { DataTableFeatures } from "@/components/data-table/features";
import { DataTableColumnHeader } from "@/components/data-table/data-table-column-header";
import { Checkbox } from "@/components/ui/checkbox";
import { RelativeTime } from "@/components/RelativeTime";
import { RouteBadge } from "@/components/RouteBadge";
import { StatusBadge } from "@/components/StatusBadge";
import { Sparkline } from "@/components/ui/sparkline";
import { showControls } from "@/lib/problems/visible-text";

type Column = ColumnDef<DataTableFeatures, ProblemStreamRow>;
/** The sort keys the columns use are the URL's (a typo here fails to compile). */
const sortKey = (key: SortKey) => key;

/** The last part of a problem type URN ("unresolved-reference"); the whole URN is its title. */
const shortType = (type: string | null) => (type ? showControls(type.slice(type.lastIndexOf(":") + 1) || type) : "—");
const count = (n: number) => n.toLocaleString("en-US");

export function problemColumns({ selectable, days }: { selectable: boolean; days: string[] }): Column[] {
  const columns: Column[] = [
    {
      id: "problem",
      meta: {
        filter: { title: "Article", param: "article" },
        label: "Problem",
        sortKey: sortKey("article"),
        className: "min-w-[13rem]",
      },
      cell: ({ row: { original: p } }) => (
        <div>
          <Link
            prefetch={false}
            href={`/problems/${p.id}`}
            data-row-link
            className="font-medium text-primary hover:underline"
          >
            {p.articleTitle}
          </Link>
          {p.httpStatus ? (
            <span
              className="ml-1.5 rounded bg-accent px-1 font-mono text-xs text-foreground"
              title={`HTTP ${p.httpStatus}`}
            >
              {p.httpStatus}
            </span>
          ) : null}
          <div className="text-xs text-muted-foreground">#{p.id}</div>
          {p.topMessage && (
            <div
              className="line-clamp-2 max-w-[28rem] text-xs break-words text-foreground"
              title={showControls(p.topMessage)}
              data-testid="row-message"
            >
              {showControls(p.topMessage)}
            </div>
          )}
        </div>
      ),
    },
    {
      id: "type",
      meta: { filter: { title: "Type", param: "type" }, label: "Type", hideable: true, from: "2xl" },
      cell: ({ row }) => (
        <span
          className="font-mono text-xs whitespace-nowrap text-foreground"
          title={row.original.canonicalType === null ? undefined : showControls(row.original.canonicalType)}
        >
          {shortType(row.original.canonicalType)}
        </span>
      ),
    },
    {
      id: "resource",
      meta: {
        filter: { title: "Resource", param: "resource" },
        label: "Resource",
        sortKey: sortKey("resource"),
        hideable: true,
        className: "max-w-[11rem]",
      },
      cell: ({ row }) => (
        <span className="font-mono text-xs break-words">
          {row.original.resource === null ? "—" : showControls(row.original.resource)}
        </span>
      ),
    },
    {
      id: "signature",
      meta: { label: "What varies", hideable: true, from: "2xl", className: "min-w-[9rem] max-w-[14rem]" },
      cell: ({ row }) => (
        <div
          className="line-clamp-2 font-mono text-xs break-words text-muted-foreground"
          title={showControls(row.original.signature)}
        >
          {showControls(row.original.signature) || "—"}
        </div>
      ),
    },
    {
      id: "events",
      meta: { label: "Events", sortKey: sortKey("events"), align: "right", hideable: true },
      cell: ({ row }) => <span className="tabular-nums">{count(row.original.events)}</span>,
    },
    {
      id: "districts",
      meta: { label: "Districts", sortKey: sortKey("districts"), align: "right", hideable: true, from: "xl" },
      cell: ({ row }) => <span className="tabular-nums">{count(row.original.districts)}</span>,
    },
    {
      id: "firstSeen",
      meta: { label: "First seen", sortKey: sortKey("firstSeen"), hideable: true, from: "xl" },
      cell: ({ row }) => <RelativeTime iso={row.original.firstSeenAt} />,
    },
    {
      id: "lastSeen",
      meta: { label: "Last seen", sortKey: sortKey("lastSeen"), hideable: true },
      cell: ({ row }) => <RelativeTime iso={row.original.lastSeenAt} />,
    },
    {
      id: "trend",
      meta: { label: "Trend", hideable: true, from: "lg" },
      cell: ({ row }) => (
        <Sparkline
          values={row.original.trend}
          label={`Events per day from ${days[0]} to ${days.at(-1)}: ${row.original.trend.join(", ")}`}
        />
      ),
    },
    {
      id: "route",
      meta: { filter: { title: "Route", param: "route" }, label: "Route", hideable: true },
      cell: ({ row: { original: p } }) => (
        <div>
          <RouteBadge team={p.route} />
          {/* Only what changed the usual route (a rule, a triager): "article default" on every row said nothing. */}
          {p.routeReason !== "article default" && (
            <div
              className="mt-0.5 max-w-[10rem] truncate text-xs text-muted-foreground max-lg:hidden"
              title={showControls(p.routeReason)}
            >
              {showControls(p.routeReason)}
            </div>
          )}
        </div>
      ),
    },
    {
      id: "assignee",
      meta: { filter: { title: "Assignee", param: "assignee" }, label: "Assignee", hideable: true, from: "xl" },
      cell: ({ row }) =>
        row.original.assignee ? row.original.assignee.name : <span className="text-muted-foreground">—</span>,
    },
    {
      id: "status",
      meta: {
        filter: { title: "Status", param: "status" },
        label: "Status",
        sortKey: sortKey("status"),
        hideable: true,
      },
      cell: ({ row }) => <StatusBadge status={row.original.status} />,
    },
  ];
  const withHeaders = columns.map((c): Column => ({
    header: ({ column }) => <DataTableColumnHeader column={column} />,
    ...c,
  }));
  if (!selectable) return withHeaders;
  return [
    {
      id: "select",
      meta: { label: "Select" },
      header: ({ table }) => (
        <Checkbox
          aria-label="Select every problem of this page"
          onCheckedChange={(on) => table.toggleAllPageRowsSelected(on === true)}
          checked={
            table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false
          }
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          aria-label={`Select problem #${row.original.id}`}
          checked={row.getIsSelected()}
          onCheckedChange={(on) => row.toggleSelected(on === true)}
        />
      ),
    },
    ...withHeaders,
  ];
}
