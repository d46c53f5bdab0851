"use client";
// Page controls of a server-paged data table: where we are, rows per page, previous / next; all
// through the `table` (its state is the URL's: use-data-table.ts).
import { ChevronLeft, ChevronRight } from "lucide-react";
import type { ReactTable } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import type { DataTableFeatures } from "./features";

export function DataTablePagination<TData extends object>({
  table,
  noun,
  pageSizes,
}: {
  table: ReactTable<DataTableFeatures, TData>;
  noun: string;
  pageSizes: readonly number[];
}) {
  const { pageIndex, pageSize } = table.state.pagination;
  const total = table.getRowCount();
  const pages = Math.max(1, table.getPageCount());
  const first = total ? pageIndex * pageSize + 1 : 0;
  const last = Math.min(total, (pageIndex + 1) * pageSize);
  return (
    <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-muted-foreground">
      <p aria-live="polite">
        {total
          ? `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${noun}`
          : `No ${noun}`}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5">
          Rows
          <NativeSelect value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))} className="pr-1">
            {pageSizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </NativeSelect>
        </label>
        <span>
          Page {pageIndex + 1} of {pages}
        </span>
        <Button
          variant="outline"
          size="icon"
          onClick={() => table.previousPage()}
          disabled={!table.getCanPreviousPage()}
          aria-label="Previous page"
        >
          <ChevronLeft aria-hidden />
        </Button>
        <Button
          variant="outline"
          size="icon"
          onClick={() => table.nextPage()}
          disabled={!table.getCanNextPage()}
          aria-label="Next page"
        >
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
