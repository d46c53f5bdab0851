"use client";
// A column's header: its label, and for a sortable column a button that sorts it (descending first,
// then ascending) with the direction shown, and aria-sort on the header cell (set by DataTable).
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { Column } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import type { DataTableFeatures } from "./features";

export function DataTableColumnHeader<TData extends object>({
  column,
}: {
  column: Column<DataTableFeatures, TData, unknown>;
}) {
  const label = column.columnDef.meta?.label ?? column.id;
  if (!column.columnDef.meta?.sortKey) return <>{label}</>;
  const sorted = column.getIsSorted();
  return (
    <Button
      variant="ghost"
      size="xs"
      onClick={() => column.toggleSorting(sorted !== "desc")}
      className="-ml-1.5 gap-1 font-medium text-muted-foreground hover:bg-transparent hover:text-foreground [&_svg]:size-3"
    >
      {label}
      {sorted === "asc" ? (
        <ArrowUp aria-hidden className="size-3" />
      ) : sorted === "desc" ? (
        <ArrowDown aria-hidden className="size-3" />
      ) : (
        <ArrowUpDown aria-hidden className="size-3 opacity-40" />
      )}
    </Button>
  );
}
