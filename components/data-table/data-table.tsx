"use client";
// Any data table of ours: react-table's header groups and rows drawn with the Table primitives.
// Column meta says alignment, from which screen width a column shows, and extra cell classes;
// sortable headers get aria-sort. Rows are keyboard targets for j/k (use-row-keys.ts).
import { useRef, type ReactNode } from "react";
import type { ReactTable } from "@tanstack/react-table";
import { cn } from "@/lib/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useRowKeys } from "@/components/data-table/use-row-keys";
import { FROM_CLASS, type DataTableFeatures } from "./features";

export function DataTable<TData extends object>({
  table,
  testId,
  pending = false,
  label,
}: {
  table: ReactTable<DataTableFeatures, TData>;
  testId: string;
  pending?: boolean;
  label?: ReactNode;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  useRowKeys(body);
  return (
    <div className={cn("rounded-md border transition-opacity", pending && "opacity-60")}>
      <Table
        data-testid={testId}
        aria-rowcount={table.getRowCount()}
        aria-busy={pending}
        aria-label={typeof label === "string" ? label : undefined}
      >
        <TableHeader className="bg-muted">
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const sorted = meta?.sortKey ? header.column.getIsSorted() : false;
                return (
                  <TableHead
                    key={header.id}
                    aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                    className={cn("px-3", meta?.align === "right" && "text-right", meta?.from && FROM_CLASS[meta.from])}
                  >
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody ref={body}>
          {table.getRowModel().rows.map((row) => (
            <TableRow
              key={row.id}
              data-row
              tabIndex={-1}
              data-state={row.getIsSelected() ? "selected" : undefined}
              className="align-top outline-none focus:bg-tone-brand-bg focus:ring-2 focus:ring-ring focus:ring-inset data-[state=selected]:bg-tone-brand-bg"
            >
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta;
                return (
                  <TableCell
                    key={cell.id}
                    className={cn(
                      "px-3 py-2",
                      meta?.align === "right" && "text-right",
                      meta?.from && FROM_CLASS[meta.from],
                      meta?.className,
                    )}
                  >
                    <table.FlexRender cell={cell} />
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
