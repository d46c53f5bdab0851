"use client";
// The problem stream: a data table (components/data-table) over rows the server sorted, filtered
// and paged; sorting, paging and columns are react-table's state kept in the URL (useDataTable),
// filters are the toolbar's; the row selection is the bulk bar's.
import Link from "next/link";
import { useEffect, useMemo, useRef, useTransition } from "react";
import type { Facets, ProblemGroupRow, ProblemStreamPage } from "@/lib/queries/problem-stream";
import { canonicalProblemQuery, PAGE_SIZES, problemSearchParams } from "@/lib/search-params/problems";
import type { SavedView } from "@/lib/triage/saved-views";
import { LIST_PATH, LIST_RETURN_KEY } from "@/lib/search-params/list-return";
import { DataTable } from "@/components/data-table/data-table";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { useDataTable } from "@/components/data-table/use-data-table";
import { useRowKeys } from "@/components/data-table/use-row-keys";
import { RelativeTime } from "@/components/RelativeTime";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { problemColumns } from "./problem-columns";
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

/** The list's URL as the table sees it: sorting, paging, hidden columns and its columns' filters. */
const { sort, page: pageParam, size, hide, article, type, resource, route, status, assignee } = problemSearchParams;
const TABLE_URL = { sort, page: pageParam, size, hide, article, type, resource, route, status, assignee };

export function ProblemsTable({
  page,
  groups,
  facets,
  canTriage,
  users,
  views,
  canShareViews,
  rangeLabel,
  timeZone,
  emptyHint,
}: ProblemsTableProps) {
  const { search, pending: filtering, present, filter } = useProblemSearch();
  const [paging, startTransition] = useTransition();
  const pending = filtering || paging;
  const columns = useMemo(() => problemColumns({ selectable: canTriage, days: page.days }), [canTriage, page.days]);
  const { table, rowSelection, clearSelection } = useDataTable({
    columns,
    data: page.rows,
    rowCount: page.total,
    getRowId: (row) => row.id,
    enableRowSelection: canTriage,
    url: TABLE_URL,
    startTransition,
  });
  const query = canonicalProblemQuery(search);
  // A problem opened from here comes back to this very list ("← Problems", BackToProblems).
  useEffect(() => window.sessionStorage.setItem(LIST_RETURN_KEY, query ? `${LIST_PATH}?${query}` : LIST_PATH), [query]);
  const selected = Object.keys(rowSelection).filter((id) => rowSelection[id]);

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-muted-foreground">
          <span className="font-medium text-foreground" data-testid="list-events">
            {page.totalEvents.toLocaleString("en-US")}
          </span>{" "}
          event{page.totalEvents === 1 ? "" : "s"} in{" "}
          <span className="font-medium text-foreground">{page.total.toLocaleString("en-US")}</span> problem
          {page.total === 1 ? "" : "s"}, {rangeLabel} ({timeZone})
          {pending && (
            <span role="status" className="ml-2 text-muted-foreground">
              Updating…
            </span>
          )}
        </p>
        <div className="flex items-center gap-2">
          <a
            href={`/api/v1/problems/export?${query ? `${query}&` : ""}tz=${encodeURIComponent(timeZone)}`}
            className="inline-flex h-8 items-center rounded-md border border-input px-2.5 text-foreground hover:bg-muted"
            download
          >
            Export CSV
          </a>
          <ListPresets search={search} />
          <SavedViews views={views} viewId={search.view} query={query} canShare={canShareViews} />
        </div>
      </div>
      <ProblemsToolbar search={search} facets={facets} table={table} filter={filter} present={present} />
      {canTriage && (
        <BulkActions selected={selected} total={page.total} query={query} users={users} onDone={clearSelection} />
      )}
      {groups ? (
        <GroupTable
          groups={groups}
          by={search.group as "article" | "resource"}
          onOpen={(key) =>
            filter(search.group === "article" ? { article: [key], group: null } : { resource: [key], group: null })
          }
        />
      ) : page.rows.length === 0 ? (
        <div className="rounded-md border border-dashed border-input p-6 text-muted-foreground">{emptyHint}</div>
      ) : (
        <>
          <DataTable table={table} testId="problems" pending={pending} />
          <DataTablePagination table={table} noun="problems" pageSizes={PAGE_SIZES} />
          <p className="mt-2 text-xs text-muted-foreground">
            Keyboard: <kbd>j</kbd>/<kbd>k</kbd> move through rows, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches.
          </p>
        </>
      )}
    </div>
  );
}

function GroupTable({
  groups,
  by,
  onOpen,
}: {
  groups: ProblemGroupRow[];
  by: "article" | "resource";
  onOpen: (key: string) => void;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  useRowKeys(body);
  if (!groups.length)
    return (
      <div className="rounded-md border border-dashed border-input p-6 text-muted-foreground">
        No problems match these filters.
      </div>
    );
  return (
    <div className="rounded-md border">
      <Table data-testid="problem-groups">
        <TableHeader className="bg-muted">
          <TableRow className="hover:bg-transparent">
            <TableHead className="px-3">{by === "article" ? "Problem type" : "Resource"}</TableHead>
            <TableHead className="px-3 text-right">Problems</TableHead>
            <TableHead className="px-3 text-right">Events</TableHead>
            <TableHead className="px-3 text-right">Districts</TableHead>
            <TableHead className="px-3">Last seen</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody ref={body}>
          {groups.map((g) => (
            <TableRow
              key={g.key}
              data-row
              tabIndex={-1}
              className="outline-none focus:bg-tone-brand-bg focus:ring-2 focus:ring-ring focus:ring-inset"
            >
              <TableCell className="px-3 py-2">
                <Button
                  variant="link"
                  data-row-link
                  onClick={() => onOpen(g.key)}
                  className="h-auto p-0 text-left font-medium whitespace-normal text-link hover:underline"
                >
                  {showControls(g.label)}
                </Button>
                {by === "article" && (
                  <Link
                    prefetch={false}
                    href={`/kb/${g.key}`}
                    className="ml-2 text-xs text-muted-foreground hover:underline"
                  >
                    article
                  </Link>
                )}
              </TableCell>
              <TableCell className="px-3 py-2 text-right tabular-nums">{g.problems.toLocaleString("en-US")}</TableCell>
              <TableCell className="px-3 py-2 text-right tabular-nums">{g.events.toLocaleString("en-US")}</TableCell>
              <TableCell className="px-3 py-2 text-right tabular-nums">{g.districts.toLocaleString("en-US")}</TableCell>
              <TableCell className="px-3 py-2">
                <RelativeTime iso={g.lastSeenAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
