"use client";
// The problems list's filters: text, the faceted filters (counts from the server for the whole
// result), time range, group-by, columns and a reset. Every change goes to the URL.
import { RotateCcw, Search, X } from "lucide-react";
import { useEffect, useState } from "react";
import type { Facets } from "@/lib/queries/problem-stream";
import { FILTER_KEYS, filterQuery, GROUP_VALUES, RANGE_VALUES, type ProblemSearch } from "@/lib/search-params/problems";
import { DataTableColumnFilter, DataTableFacetedFilter } from "@/components/data-table/data-table-faceted-filter";
import type { ReactTable } from "@tanstack/react-table";
import type { ProblemStreamRow } from "@/lib/queries/problem-stream";
import type { DataTableFeatures } from "@/components/data-table/features";
import { DataTableViewOptions } from "@/components/data-table/data-table-view-options";
import type { SearchPatch } from "./use-problem-search";
import { DateRangeInputs } from "@/components/DateRangeInputs";
import { addDays, localDateOf } from "@/lib/trends/periods";
import { NativeSelect } from "@/components/ui/native-select";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Today in the browser's zone (the list reads custom dates as local days of the viewer's zone). */
const browserToday = () => localDateOf(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone);

const RANGE_LABELS: Record<(typeof RANGE_VALUES)[number], string> = {
  "2d": "Today & yesterday",
  "7d": "7 days",
  "14d": "14 days",
  "30d": "30 days",
  "90d": "90 days",
  custom: "Custom…",
};
const SEEN_LABELS: Record<NonNullable<ProblemSearch["seen"]>, string> = {
  new: "First seen in this range",
  rising: "Rising against the period before",
};
const GROUP_LABELS: Record<(typeof GROUP_VALUES)[number], string> = {
  problem: "Problem",
  article: "Problem type",
  resource: "Resource",
};
/** Filters on what the table has no column for (the columns' own filters are in their meta). */
const ROWLESS_FACETS: { key: "lea" | "client"; title: string }[] = [
  { key: "lea", title: "District" },
  { key: "client", title: "Client" },
];

export function ProblemsToolbar({
  search,
  facets,
  table,
  filter,
  present,
}: {
  search: ProblemSearch;
  facets: Facets;
  table: ReactTable<DataTableFeatures, ProblemStreamRow>;
  filter: (patch: SearchPatch) => void;
  present: (patch: SearchPatch) => void;
}) {
  const [text, setText] = useState(search.q);
  // The URL changed under us (back button, reset, a saved view): show its text.
  const [shown, setShown] = useState(search.q);
  if (search.q !== shown) {
    setShown(search.q);
    setText(search.q);
  }
  // Typing settles for 300 ms before the list is asked again.
  useEffect(() => {
    if (text === search.q) return;
    const timer = setTimeout(() => filter({ q: text || null }), 300);
    return () => clearTimeout(timer);
  }, [text, search.q, filter]);
  const filtered = filterQuery(search) !== "";
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2" role="toolbar" aria-label="Filters">
      <label className="relative">
        <span className="sr-only">Filter problems</span>
        <Search aria-hidden className="pointer-events-none absolute top-2 left-2 size-4 text-muted-foreground" />
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Filter problems…"
          className="h-8 w-52 rounded-md border border-input pr-2 pl-7 outline-none focus:border-primary"
        />
      </label>
      {table
        .getAllLeafColumns()
        .filter((c) => c.columnDef.meta?.filter)
        .map((c) => (
          <DataTableColumnFilter
            key={c.id}
            column={c}
            options={facets[c.columnDef.meta!.filter!.param as keyof Facets]}
          />
        ))}
      {ROWLESS_FACETS.map(({ key, title }) => (
        <DataTableFacetedFilter
          key={key}
          title={title}
          options={facets[key]}
          selected={search[key]}
          onChange={(values) => filter({ [key]: values.length ? values : null } as SearchPatch)}
        />
      ))}
      {search.http.length > 0 && (
        <Button
          variant="ghost"
          type="button"
          onClick={() => filter({ http: null })}
          aria-label={`Remove filter: HTTP ${search.http.join(", ")}`}
          className="inline-flex h-8 items-center gap-1 rounded-md border border-dashed border-input px-2 text-foreground hover:bg-muted"
        >
          HTTP {search.http.join(", ")} <X aria-hidden className="size-3.5" />
        </Button>
      )}
      {search.seen && (
        <Button
          variant="ghost"
          type="button"
          onClick={() => filter({ seen: null })}
          aria-label={`Remove filter: ${SEEN_LABELS[search.seen].toLowerCase()}`}
          className="inline-flex h-8 items-center gap-1 rounded-md border border-dashed border-input px-2 text-foreground hover:bg-muted"
        >
          {SEEN_LABELS[search.seen]} <X aria-hidden className="size-3.5" />
        </Button>
      )}
      <label className="flex items-center gap-1.5 text-foreground">
        <span className="sr-only">Time range</span>
        <NativeSelect
          aria-label="Time range"
          value={search.range}
          onChange={(e) =>
            filter({
              range: e.target.value as ProblemSearch["range"],
              ...(e.target.value === "custom"
                ? { from: search.from ?? addDays(browserToday(), -13), to: search.to ?? browserToday() }
                : { from: null, to: null }),
            })
          }
          className="h-8 rounded-md border border-input bg-background px-1.5"
        >
          {RANGE_VALUES.map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </NativeSelect>
      </label>
      {search.range === "custom" && <DateRangeInputs from={search.from ?? ""} to={search.to ?? ""} onChange={filter} />}
      <label className="flex items-center gap-1.5 text-foreground">
        Group by
        <NativeSelect
          value={search.group}
          onChange={(e) => present({ group: e.target.value as ProblemSearch["group"], page: null })}
          className="h-8 rounded-md border border-input bg-background px-1.5"
        >
          {GROUP_VALUES.map((g) => (
            <option key={g} value={g}>
              {GROUP_LABELS[g]}
            </option>
          ))}
        </NativeSelect>
      </label>
      {filtered && (
        <Button
          variant="ghost"
          type="button"
          onClick={() => filter(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])) as SearchPatch)}
          className="inline-flex h-8 items-center gap-1 rounded-md px-2 text-foreground hover:bg-accent"
        >
          <RotateCcw aria-hidden className="size-3.5" /> Reset filters
        </Button>
      )}
      <div className="ml-auto">
        <DataTableViewOptions table={table} />
      </div>
    </div>
  );
}
