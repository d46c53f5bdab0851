"use client";
// Range, bucket, stack and district of the trends page, all in the URL (lib/search-params/trends.ts).
import { useQueryStates } from "nuqs";
import { useTransition } from "react";
import { trendSearchParams, type TrendSearch } from "@/lib/search-params/trends";
import { TREND_RANGES } from "@/lib/trends/periods";
import { DateRangeInputs } from "@/components/DateRangeInputs";
import { NativeSelect } from "@/components/ui/native-select";
import { Button } from "@/components/ui/button";

const RANGE_LABELS: Record<(typeof TREND_RANGES)[number], string> = {
  "24h": "24 h",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
  custom: "Custom",
};

export function TrendControls({
  districts,
  names = {},
  hourlyAllowed,
  bucket,
  firstDay,
  lastDay,
}: {
  districts: string[];
  names?: Record<string, string>;
  hourlyAllowed: boolean;
  bucket: "hour" | "day";
  firstDay: string;
  lastDay: string;
}) {
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useQueryStates(trendSearchParams, { shallow: false, startTransition });
  const set = (patch: Partial<{ [K in keyof TrendSearch]: TrendSearch[K] | null }>) => void setSearch(patch);
  const segment =
    "h-8 rounded-none px-2.5 text-sm font-normal first:rounded-l-md last:rounded-r-md border border-input -ml-px first:ml-0 aria-pressed:bg-tone-brand-bg " +
    "aria-pressed:text-primary aria-pressed:border-primary/50 aria-pressed:z-10 relative hover:bg-muted";
  return (
    <div
      className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2"
      role="toolbar"
      aria-label="Trend options"
      aria-busy={pending}
    >
      <div role="group" aria-label="Time range" className="flex">
        {TREND_RANGES.map((r) => (
          <Button
            variant="outline"
            key={r}
            type="button"
            aria-pressed={search.range === r}
            className={segment}
            onClick={() =>
              set(
                r === "custom"
                  ? { range: r, from: search.from ?? firstDay, to: search.to ?? lastDay }
                  : { range: r, from: null, to: null, bucket: null },
              )
            }
          >
            {RANGE_LABELS[r]}
          </Button>
        ))}
      </div>
      {search.range === "custom" && (
        <DateRangeInputs from={search.from ?? firstDay} to={search.to ?? lastDay} onChange={set} />
      )}
      <div role="group" aria-label="Per" className="flex items-center gap-2">
        <span className="text-muted-foreground">Per</span>
        <span className="flex">
          <Button
            variant="outline"
            type="button"
            aria-pressed={bucket === "hour"}
            disabled={!hourlyAllowed}
            className={`${segment} disabled:opacity-40`}
            onClick={() => set({ bucket: "hour" })}
          >
            hour
          </Button>
          <Button
            variant="outline"
            type="button"
            aria-pressed={bucket === "day"}
            className={segment}
            onClick={() => set({ bucket: "day" })}
          >
            day
          </Button>
        </span>
      </div>
      <div role="group" aria-label="Stack by" className="flex items-center gap-2">
        <span className="text-muted-foreground">Stack by</span>
        <span className="flex">
          <Button
            variant="outline"
            type="button"
            aria-pressed={search.stack === "route"}
            className={segment}
            onClick={() => set({ stack: "route" })}
          >
            route
          </Button>
          <Button
            variant="outline"
            type="button"
            aria-pressed={search.stack === "status"}
            className={segment}
            onClick={() => set({ stack: "status" })}
          >
            status
          </Button>
        </span>
      </div>
      {districts.length > 1 && (
        <label className="flex items-center gap-2 text-muted-foreground">
          District
          <NativeSelect
            value={search.lea[0] ?? ""}
            onChange={(e) => set({ lea: e.target.value ? [e.target.value] : null })}
            className="h-8 rounded-md border border-input bg-background px-1.5 text-foreground"
          >
            <option value="">All {districts.length} districts</option>
            {districts.map((d) => (
              <option key={d} value={d}>
                {names[d] ? `${names[d]} (${d})` : d}
              </option>
            ))}
          </NativeSelect>
        </label>
      )}
    </div>
  );
}
