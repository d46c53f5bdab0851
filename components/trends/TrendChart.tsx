// Errors per hour or day, stacked by route or status, with the previous period as a ghost line,
// drawn on the server (TrendBars). Clicking a bar opens the problems list filtered to it;
// dragging across buckets narrows the range (TrendChartGestures, the only part that runs in the
// browser). Table view, CSV and keyboard links come with it.
import Link from "next/link";
import { ChartFrame } from "@/components/charts/ChartFrame";
import { problemsHref, type ProblemLinkFilter } from "@/lib/trends/links";
import { TrendBars } from "./TrendBars";
import { TrendChartGestures } from "./TrendChartGestures";

export interface ChartBucket {
  /** Axis and table label in the viewer's zone. */
  label: string;
  start: string;
  end: string;
  /** The custom-range values of this bucket's start and end in the viewer's zone (drag to narrow). */
  localFrom: string;
  localTo: string;
  events: number;
  previous: number;
  values: Record<string, number>;
  /** Still filling (now falls in it): labelled "so far". */
  unfinished?: boolean;
}

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  filter: ProblemLinkFilter;
}

export function TrendChart({
  title,
  buckets,
  series,
  fileName,
  query,
  bucket,
  leas,
  timeZone,
}: {
  title: string;
  buckets: ChartBucket[];
  series: ChartSeries[];
  fileName: string;
  query: string;
  bucket: "hour" | "day";
  leas: string[];
  timeZone: string;
}) {
  const table = {
    columns: ["Start", ...series.map((s) => s.label), "Events", "Previous period"],
    rows: buckets.map((b) => [
      b.unfinished ? `${b.label} (so far)` : b.label,
      ...series.map((s) => b.values[s.key] ?? 0),
      b.events,
      b.previous,
    ]),
  };
  const first = buckets[0],
    last = buckets.at(-1);
  return (
    <ChartFrame
      title={title}
      fileName={fileName}
      table={table}
      note={
        <p className="mb-2 text-xs text-muted-foreground">
          Click a bar to open its problems; drag across bars to zoom in. The dashed line is the previous period
          {buckets.some((b) => b.unfinished)
            ? "; the last bar (“so far”) is still filling, and the line there counts the same part of its day or hour"
            : ""}
          .
        </p>
      }
      footer={
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Series">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
              {first && last ? (
                <Link
                  prefetch={false}
                  href={problemsHref({ ...s.filter, lea: leas }, first.start, last.end, timeZone)}
                  className="text-foreground underline-offset-2 hover:underline"
                >
                  {s.label}
                </Link>
              ) : (
                s.label
              )}
            </li>
          ))}
          <li className="flex items-center gap-1.5 text-muted-foreground">
            <span aria-hidden className="inline-block h-0 w-4 border-t-2 border-dashed border-input" /> previous period
          </li>
        </ul>
      }
    >
      <TrendChartGestures query={query} bucket={bucket} ranges={buckets.map((b) => [b.localFrom, b.localTo])}>
        <TrendBars buckets={buckets} series={series} leas={leas} timeZone={timeZone} />
      </TrendChartGestures>
    </ChartFrame>
  );
}
