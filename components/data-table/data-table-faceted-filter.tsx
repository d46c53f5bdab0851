"use client";
// One faceted filter: a button naming the filter and what is chosen, opening a searchable list
// (cmdk) of every option with the number of problems it would give across the whole result. A
// column's filter takes the column (DataTableColumnFilter); a filter on something the table has no
// column for (a district, a client) takes its values and a change handler.
import { Command } from "cmdk";
import { cn } from "@/lib/cn";
import { Check, ListFilter } from "lucide-react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import type { FacetOption } from "@/lib/queries/problem-stream";
import { showControls } from "@/lib/problems/visible-text";
import { Button } from "@/components/ui/button";
import type { Column } from "@tanstack/react-table";
import type { DataTableFeatures } from "./features";

export function DataTableFacetedFilter({
  title,
  options,
  selected,
  onChange,
}: {
  title: string;
  options: FacetOption[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const chosen = new Set(selected);
  // A chosen value with no problem left still shows, so it can be unchosen.
  const all: FacetOption[] = [
    ...options,
    ...selected.filter((v) => !options.some((o) => o.value === v)).map((value) => ({ value, count: 0 })),
  ];
  const labelOf = (value: string) => showControls(all.find((o) => o.value === value)?.label ?? (value || "(none)"));
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button
          variant="outline"
          type="button"
          className={cn(
            "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-sm",
            chosen.size
              ? "border-primary/50 bg-tone-brand-bg text-primary"
              : "border-dashed border-input text-foreground hover:bg-muted",
          )}
        >
          <ListFilter aria-hidden className="size-3.5" />
          {title}
          {chosen.size ? (
            <span className="max-w-[10rem] truncate rounded bg-background/70 px-1 text-xs">
              {chosen.size > 2 ? `${chosen.size} selected` : selected.map(labelOf).join(", ")}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent aria-label={`Filter by ${title}`}>
        <Command label={`${title} options`} className="text-sm">
          <Command.Input
            placeholder={`Find ${title.toLowerCase()}…`}
            className="mb-1 h-8 w-full rounded border border-border px-2 outline-none focus:border-primary"
          />
          <Command.List className="max-h-64 overflow-y-auto">
            <Command.Empty className="px-2 py-3 text-muted-foreground">No match.</Command.Empty>
            {all.map((o) => (
              <Command.Item
                key={o.value}
                value={`${o.label ?? ""} ${o.value}`}
                onSelect={() =>
                  onChange(chosen.has(o.value) ? selected.filter((v) => v !== o.value) : [...selected, o.value])
                }
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 data-[selected=true]:bg-accent"
                aria-checked={chosen.has(o.value)}
              >
                <span
                  aria-hidden
                  className={cn(
                    "flex size-4 shrink-0 items-center justify-center rounded border",
                    chosen.has(o.value) ? "border-primary bg-primary text-primary-foreground" : "border-input",
                  )}
                >
                  {chosen.has(o.value) ? <Check className="size-3" /> : null}
                </span>
                <span className="min-w-0 flex-1 truncate" title={showControls(o.value)}>
                  {showControls(o.label ?? (o.value || "(none)"))}
                </span>
                <span className="font-mono text-xs text-muted-foreground tabular-nums">
                  {o.count.toLocaleString("en-US")}
                </span>
              </Command.Item>
            ))}
          </Command.List>
          {chosen.size ? (
            <Button
              variant="ghost"
              type="button"
              onClick={() => onChange([])}
              className="mt-1 w-full rounded border-t border-border px-2 py-1.5 text-center text-foreground hover:bg-muted"
            >
              Clear filter
            </Button>
          ) : null}
        </Command>
      </PopoverContent>
    </Popover>
  );
}

/** A column's faceted filter (its meta names the title): the column's filter value is the URL's. */
export function DataTableColumnFilter<TData extends object>({
  column,
  options,
}: {
  column: Column<DataTableFeatures, TData, unknown>;
  options: FacetOption[];
}) {
  const selected = (column.getFilterValue() as string[] | undefined) ?? [];
  return (
    <DataTableFacetedFilter
      title={column.columnDef.meta?.filter?.title ?? column.id}
      options={options}
      selected={selected}
      onChange={(values) => column.setFilterValue(values.length ? values : undefined)}
    />
  );
}
