"use client";
// Which columns show: a menu of the table's hideable columns (their visibility is the URL's, so a
// saved view keeps its columns). A column the screen is too narrow for says from which width it shows.
import { Columns3 } from "lucide-react";
import type { ReactTable } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { FROM_WIDTH, type DataTableFeatures } from "./features";

export function DataTableViewOptions<TData extends object>({ table }: { table: ReactTable<DataTableFeatures, TData> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.columnDef.meta?.hideable);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline">
          <Columns3 aria-hidden className="size-3.5" /> Columns
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="min-w-44">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        {columns.map((c) => {
          const from = c.columnDef.meta?.from;
          return (
            <DropdownMenuCheckboxItem
              key={c.id}
              checked={c.getIsVisible()}
              onSelect={(e) => e.preventDefault()}
              onCheckedChange={(show) => c.toggleVisibility(!!show)}
            >
              <span className="flex-1">{c.columnDef.meta?.label ?? c.id}</span>
              {from && (
                <span
                  className="text-xs text-muted-foreground"
                  title={`Shown on screens ${FROM_WIDTH[from]} px wide and wider`}
                >
                  from {FROM_WIDTH[from]} px
                </span>
              )}
            </DropdownMenuCheckboxItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
