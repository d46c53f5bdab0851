"use client";
// The problem stream: react-table 9 over rows the server sorted, filtered and paged (manual*);
// all state but the row selection lives in the URL.
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useTable, type RowSelectionState, type ColumnVisibilityState } from "@tanstack/react-table";
import type { Facets, ProblemGroupRow, ProblemStreamPage } from "@/lib/queries/problem-stream";
import { canonicalProblemQuery, type ProblemSearch, type SortKey } from "@/lib/search-params/problems";
import type { SavedView } from "@/lib/triage/saved-views";
import { LIST_PATH, LIST_RETURN_KEY } from "@/lib/search-params/list-return";
import { problemFeatures } from "@/components/table/problem-features";
import { Pagination } from "@/components/table/Pagination";
import { useRowKeys } from "@/components/table/use-row-keys";
import { RelativeTime } from "@/components/RelativeTime";
import { FROM_CLASS, problemColumns, type ProblemColumnMeta } from "./problem-columns";
import { ProblemsToolbar } from "./ProblemsToolbar";
import { BulkActions } from "./BulkActions";
import { SavedViews } from "./SavedViews";
import { ListPresets } from "./ListPresets";
import { showControls } from "@/lib/problems/visible-text";
import { useProblemSearch } from "./use-problem-search";

export interface ProblemsTableProps {
  page: ProblemStreamPage;
  groups: ProblemGroupRow[] | null;
  facets: Facets;
  canTriage: boolean;
  users: { id: number; name: string }[];
  views: SavedView[];
  /** Staff of every district share views; a district admin keeps personal ones. */
  canShareViews: boolean;
  rangeLabel: string;
  /** The viewer's time zone: the range's days are its local days (the export reads them in it too). */
  timeZone: string;
  emptyHint: React.ReactNode;
}

export function ProblemsTable({ page, groups, facets, canTriage, users, views, canShareViews, rangeLabel, timeZone, emptyHint }: ProblemsTableProps) {
  const { search, pending, present, filter } = useProblemSearch();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const body = useRef<HTMLTableSectionElement>(null);
  useRowKeys(body);
  const columns = useMemo(() => problemColumns({ selectable: canTriage, days: page.days }), [canTriage, page.days]);
  const [sortKey, sortDir] = search.sort.split(".") as [SortKey, "asc" | "desc"];
  const columnVisibility: ColumnVisibilityState = Object.fromEntries(search.hide.map((id) => [id, false]));
  const table = useTable({
    features: problemFeatures,
    columns,
    data: page.rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    rowCount: page.total,
    enableRowSelection: canTriage,
    state: {
      sorting: [{ id: columns.find((c) => (c.meta as ProblemColumnMeta).sortKey === sortKey)?.id ?? "events", desc: sortDir === "desc" }],
      columnVisibility,
      rowSelection,
      pagination: { pageIndex: page.page - 1, pageSize: page.size },
    },
    onRowSelectionChange: setRowSelection,
  });
  const query = canonicalProblemQuery(search);
  // A problem opened from here comes back to this very list ("← Problems", BackToProblems).
  useEffect(() => window.sessionStorage.setItem(LIST_RETURN_KEY, query ? `${LIST_PATH}?${query}` : LIST_PATH), [query]);
  const selected = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const hideable = columns.filter((c) => (c.meta as ProblemColumnMeta).hideable).map((c) => ({ id: c.id!, label: (c.meta as ProblemColumnMeta).label, from: (c.meta as ProblemColumnMeta).from }));

  function sortBy(key: SortKey) {
    present({ sort: `${key}.${key === sortKey && sortDir === "desc" ? "asc" : "desc"}`, page: null });
  }

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-muted-foreground">
          <span className="font-medium text-foreground" data-testid="list-events">{page.totalEvents.toLocaleString("en-US")}</span> event{page.totalEvents === 1 ? "" : "s"} in{" "}
          <span className="font-medium text-foreground">{page.total.toLocaleString("en-US")}</span> problem{page.total === 1 ? "" : "s"}, {rangeLabel} ({timeZone})
          {pending && <span role="status" className="ml-2 text-muted-foreground">Updating…</span>}
        </p>
        <div className="flex items-center gap-2">
          <a href={`/api/v1/problems/export?${query ? `${query}&` : ""}tz=${encodeURIComponent(timeZone)}`} className="inline-flex h-8 items-center rounded-md border border-input px-2.5 text-foreground hover:bg-muted" download>Export CSV</a>
          <ListPresets search={search} />
          <SavedViews views={views} viewId={search.view} query={query} canShare={canShareViews} />
        </div>
      </div>
      <ProblemsToolbar search={search} facets={facets} columns={hideable} filter={filter} present={present} />
      {canTriage && <BulkActions selected={selected} total={page.total} query={query} users={users} onDone={() => setRowSelection({})} />}
      {groups ? (
        <GroupTable groups={groups} by={search.group as "article" | "resource"} onOpen={(key) => filter(search.group === "article" ? { article: [key], group: null } : { resource: [key], group: null })} />
      ) : page.rows.length === 0 ? (
        <div className="rounded-md border border-dashed border-input p-6 text-muted-foreground">{emptyHint}</div>
      ) : (
        <>
          <div className={`overflow-x-auto rounded-md border border-border transition-opacity ${pending ? "opacity-60" : ""}`}>
            <table className="w-full border-collapse text-left" data-testid="problems" aria-rowcount={page.total} aria-busy={pending}>
              <thead className="bg-muted text-xs text-muted-foreground">
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => {
                      const meta = header.column.columnDef.meta as ProblemColumnMeta;
                      const sorted = meta.sortKey === sortKey ? sortDir : null;
                      return (
                        <th key={header.id} scope="col" className={`px-3 py-2 font-medium whitespace-nowrap ${meta.align === "right" ? "text-right" : ""} ${meta.from ? FROM_CLASS[meta.from] : ""}`} aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}>
                          {meta.sortKey ? (
                            <button type="button" onClick={() => sortBy(meta.sortKey!)} className="inline-flex items-center gap-1 hover:text-foreground">
                              {meta.label}
                              {sorted === "asc" ? <ArrowUp aria-hidden className="size-3" /> : sorted === "desc" ? <ArrowDown aria-hidden className="size-3" /> : <ArrowUpDown aria-hidden className="size-3 opacity-40" />}
                            </button>
                          ) : header.isPlaceholder ? null : (
                            <table.FlexRender header={header} />
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody ref={body}>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-row tabIndex={-1} className={`border-t border-border align-top outline-none hover:bg-muted focus:bg-tone-brand-bg focus:ring-2 focus:ring-ring focus:ring-inset ${row.getIsSelected() ? "bg-tone-brand-bg" : ""}`}>
                    {row.getVisibleCells().map((cell) => {
                      const meta = cell.column.columnDef.meta as ProblemColumnMeta;
                      return (
                        <td key={cell.id} className={`px-3 py-2 ${meta.align === "right" ? "text-right" : ""} ${meta.from ? FROM_CLASS[meta.from] : ""} ${meta.className ?? ""}`}>
                          <table.FlexRender cell={cell} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page.page} size={page.size} total={page.total} noun="problems" onPage={(p) => present({ page: p })} onSize={(size) => present({ size, page: null })} />
          <p className="mt-2 text-xs text-muted-foreground">Keyboard: <kbd>j</kbd>/<kbd>k</kbd> move through rows, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches.</p>
        </>
      )}
    </div>
  );
}

function GroupTable({ groups, by, onOpen }: { groups: ProblemGroupRow[]; by: "article" | "resource"; onOpen: (key: string) => void }) {
  const body = useRef<HTMLTableSectionElement>(null);
  useRowKeys(body);
  if (!groups.length) return <div className="rounded-md border border-dashed border-input p-6 text-muted-foreground">No problems match these filters.</div>;
  return (
    <div className="overflow-x-auto rounded-md border border-border">
      <table className="w-full border-collapse text-left" data-testid="problem-groups">
        <thead className="bg-muted text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">{by === "article" ? "Problem type" : "Resource"}</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Problems</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Events</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Districts</th>
            <th scope="col" className="px-3 py-2 font-medium">Last seen</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {groups.map((g) => (
            <tr key={g.key} data-row tabIndex={-1} className="border-t border-border outline-none hover:bg-muted focus:bg-tone-brand-bg focus:ring-2 focus:ring-ring focus:ring-inset">
              <td className="px-3 py-2">
                <button type="button" data-row-link onClick={() => onOpen(g.key)} className="text-left font-medium text-primary hover:underline">{showControls(g.label)}</button>
                {by === "article" && <Link prefetch={false} href={`/kb/${g.key}`} className="ml-2 text-xs text-muted-foreground hover:underline">article</Link>}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{g.problems.toLocaleString("en-US")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{g.events.toLocaleString("en-US")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{g.districts.toLocaleString("en-US")}</td>
              <td className="px-3 py-2"><RelativeTime iso={g.lastSeenAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
