"use client";
// A server-driven data table whose state lives in the URL (tablecn's use-data-table): sorting,
// page, page size, hidden columns and column filters are read from and written to the URL through
// nuqs parsers; react-table holds them as its state, so header, pagination, view options and
// faceted filters only talk to the `table`. A column's filter values are the URL parameter its
// meta names (`meta.filter.param`); changing one goes back to the first page. Row selection stays
// in React state: it is a hand-picked set for a bulk change, not a view anyone would link to. A
// change reloads the server page (shallow: false) inside the caller's transition, so the rows on
// screen stay (dimmed) until the new ones arrive.
import { useState, type TransitionStartFunction } from "react";
import { useQueryStates } from "nuqs";
import {
  functionalUpdate,
  useTable,
  type ColumnDef,
  type ColumnFiltersState,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import { dataTableFeatures, type DataTableFeatures } from "./features";

/**
 * The table's URL parameters, each a nuqs parser with a default: `sort` is `<sortKey>.<asc|desc>`
 * (sort keys from the columns' meta), `page` 1-based, `size` rows per page, `hide` ids of hidden
 * columns.
 */
export type DataTableUrl = Parameters<typeof useQueryStates>[0] & Record<"sort" | "page" | "size" | "hide", unknown>;

export function useDataTable<TData extends object>({
  columns,
  data,
  rowCount,
  getRowId,
  enableRowSelection = false,
  url,
  startTransition,
}: {
  columns: ColumnDef<DataTableFeatures, TData>[];
  data: TData[];
  rowCount: number;
  getRowId: (row: TData) => string;
  enableRowSelection?: boolean;
  url: DataTableUrl;
  startTransition?: TransitionStartFunction;
}) {
  const [values, setState] = useQueryStates(url, { shallow: false, history: "push", scroll: false, startTransition });
  const state = values as { sort: string; page: number; size: number; hide: string[] };
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [sortKey, direction] = state.sort.split(".");
  const sortColumn = columns.find((c) => c.meta?.sortKey === sortKey)?.id;
  const sorting: SortingState = sortColumn ? [{ id: sortColumn, desc: direction === "desc" }] : [];
  const pagination = { pageIndex: state.page - 1, pageSize: state.size };
  const filterParams = columns.flatMap((c) =>
    c.id && c.meta?.filter ? [{ id: c.id, param: c.meta.filter.param }] : [],
  );
  const columnFilters: ColumnFiltersState = filterParams.flatMap(({ id, param }) => {
    const value = (values as Record<string, unknown>)[param];
    return Array.isArray(value) && value.length ? [{ id, value }] : [];
  });
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    rowCount,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableRowSelection,
    state: {
      sorting,
      pagination,
      columnVisibility: Object.fromEntries(state.hide.map((id) => [id, false])),
      columnFilters,
      rowSelection,
    },
    onSortingChange: (updater) => {
      const [first] = functionalUpdate(updater, sorting);
      const key = columns.find((c) => c.id === first?.id)?.meta?.sortKey;
      void setState({ sort: key ? `${key}.${first.desc ? "desc" : "asc"}` : null, page: null });
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      const resized = next.pageSize !== pagination.pageSize;
      void setState({
        size: resized ? next.pageSize : state.size,
        page: resized || next.pageIndex === 0 ? null : next.pageIndex + 1,
      });
    },
    onColumnVisibilityChange: (updater) => {
      const next = functionalUpdate(updater, Object.fromEntries(state.hide.map((id) => [id, false])));
      void setState({ hide: Object.keys(next).filter((id) => next[id] === false) });
    },
    onColumnFiltersChange: (updater) => {
      const next = functionalUpdate(updater, columnFilters);
      const valueOf = (id: string) => next.find((f) => f.id === id)?.value;
      const patch = Object.fromEntries(
        filterParams.map(({ id, param }) => {
          const value = valueOf(id);
          return [param, Array.isArray(value) && value.length ? value : null];
        }),
      );
      void setState({ ...patch, page: null });
    },
    onRowSelectionChange: setRowSelection,
  });
  return { table, rowSelection, clearSelection: () => setRowSelection({}) };
}
