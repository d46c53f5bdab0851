// The admin pages' lists: a column is a label and how a row fills its cell; drawn with the Table
// primitives (components/ui/table), scrolling sideways on narrow screens rather than the page.
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export interface AdminColumn<T> {
  /** "" for a column of buttons: named "Actions" for screen readers, so no header cell is empty. */
  label: string;
  cell: (row: T) => ReactNode;
  align?: "right";
  className?: string;
}

export function AdminTable<T>({
  rows,
  columns,
  rowKey,
  testId,
  rowClassName,
}: {
  rows: readonly T[];
  columns: readonly AdminColumn<T>[];
  rowKey: (row: T) => string | number;
  testId: string;
  rowClassName?: (row: T) => string;
}) {
  return (
    <Table data-testid={testId}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {columns.map((c, i) => (
            <TableHead
              key={c.label || `actions-${i}`}
              className={cn("tracking-wide uppercase", c.align === "right" && "text-right")}
            >
              {c.label || <span className="sr-only">Actions</span>}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)} className={cn("align-top", rowClassName?.(row))}>
            {columns.map((c, i) => (
              <TableCell
                key={c.label || `actions-${i}`}
                className={cn("py-2", c.align === "right" && "text-right tabular-nums", c.className)}
              >
                {c.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
