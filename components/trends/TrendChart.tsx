"use client";
// Errors per hour or day, stacked by route or status, with the previous period as a ghost line.
// Clicking a segment opens the problems list filtered to it; dragging across buckets narrows the
// range (a custom range in the URL). Table view, CSV and keyboard links come with it.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/ChartFrame";
import { problemsHref, type ProblemLinkFilter } from "@/lib/trends/links";

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

export function TrendChart({ title, buckets, series, fileName, query, bucket, leas, timeZone }: { title: string; buckets: ChartBucket[]; series: ChartSeries[]; fileName: string; query: string; bucket: "hour" | "day"; leas: string[]; timeZone: string }) {
  /** The page's URL (`query`) narrowed to a custom range. */
  const narrowHref = (from: string, to: string) => {
    const params = new URLSearchParams(query);
    params.set("range", "custom");
    params.set("from", from);
    params.set("to", to);
    params.set("bucket", bucket);
    return `/trends?${params}`;
  };
  const router = useRouter();
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const dragged = useRef(false);
  const selection = useRef<{ from: number; to: number } | null>(null);
  const data = buckets.map((b) => ({ label: b.unfinished ? `${b.label} (so far)` : b.label, previous: b.previous, ...b.values }));
  const table = {
    columns: ["Start", ...series.map((s) => s.label), "Events", "Previous period"],
    rows: buckets.map((b) => [b.unfinished ? `${b.label} (so far)` : b.label, ...series.map((s) => b.values[s.key] ?? 0), b.events, b.previous]),
  };
  const index = (state: { activeTooltipIndex?: unknown }) => (state.activeTooltipIndex === undefined || state.activeTooltipIndex === null ? null : Number(state.activeTooltipIndex));
  const first = buckets[0], last = buckets.at(-1);
  return (
    <ChartFrame
      title={title}
      fileName={fileName}
      table={table}
      note={<p className="mb-2 text-xs text-gray-500">Click a bar to open its problems; drag across bars to zoom in. The dashed line is the previous period{buckets.some((b) => b.unfinished) ? "; the last bar (“so far”) is still filling, and the line there counts the same part of its day or hour" : ""}.</p>}
      footer={
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Series">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
              {first && last ? <Link href={problemsHref({ ...s.filter, lea: leas }, first.start, last.end, timeZone)} className="text-gray-700 underline-offset-2 hover:underline">{s.label}</Link> : s.label}
            </li>
          ))}
          <li className="flex items-center gap-1.5 text-gray-500"><span aria-hidden className="inline-block h-0 w-4 border-t-2 border-dashed border-gray-400" /> previous period</li>
        </ul>
      }
    >
      <div className="h-64 w-full select-none" data-testid="trend-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            // The chart is hidden from screen readers (its table view and the links below stand in
            // for it), so it takes no keyboard focus either.
            accessibilityLayer={false}
            margin={{ top: 4, right: 8, bottom: 0, left: -8 }}
            // Refs, not state: recharts calls these handlers a frame late, with the props of an
            // earlier render.
            onMouseDown={(s) => {
              const i = index(s);
              dragged.current = false;
              selection.current = i === null ? null : { from: i, to: i };
              setDrag(selection.current);
            }}
            onMouseMove={(s) => {
              const i = index(s);
              const current = selection.current;
              if (current && i !== null && i !== current.to) {
                dragged.current = true;
                selection.current = { ...current, to: i };
                setDrag(selection.current);
              }
            }}
            onMouseUp={() => {
              const current = selection.current;
              if (current && dragged.current && current.from !== current.to) {
                const [a, b] = current.from < current.to ? [current.from, current.to] : [current.to, current.from];
                router.push(narrowHref(buckets[a].localFrom, buckets[b].localTo));
              }
              selection.current = null;
              setDrag(null);
            }}
            onMouseLeave={() => {
              selection.current = null;
              setDrag(null);
            }}
          >
            <CartesianGrid vertical={false} stroke="#eef0f3" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#6b7280" }} minTickGap={24} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#6b7280" }} width={48} />
            <Tooltip formatter={(v, name) => [Number(v).toLocaleString("en-US"), name]} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="events" fill={s.color} isAnimationActive={false} cursor="pointer"
                onClick={(_, i) => {
                  if (!dragged.current) router.push(problemsHref({ ...s.filter, lea: leas }, buckets[i].start, buckets[i].end, timeZone));
                }} />
            ))}
            <Line dataKey="previous" name="Previous period" stroke="#9ca3af" strokeDasharray="4 3" dot={false} isAnimationActive={false} activeDot={false} style={{ pointerEvents: "none" }} />
            {drag && drag.from !== drag.to && <ReferenceArea x1={data[Math.min(drag.from, drag.to)].label} x2={data[Math.max(drag.from, drag.to)].label} fill="#6366f1" fillOpacity={0.12} />}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
