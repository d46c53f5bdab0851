// The trends chart's drawing, on the server (no client JavaScript): stacked bars per bucket and
// the previous period as a dashed line, in PlotFrame's axes. Each bar is a link to the problems
// list filtered to its series and bucket (the legend and the table view are the keyboard's way
// there: the drawing is hidden from screen readers, so its links take no Tab); each says its
// figures on hover.
import { PlotFrame, scaleOf, SLOT } from "@/components/charts/PlotFrame";
import { problemsHref } from "@/lib/trends/links";
import type { ChartBucket, ChartSeries } from "./TrendChart";

export function TrendBars({
  buckets,
  series,
  leas,
  timeZone,
}: {
  buckets: ChartBucket[];
  series: ChartSeries[];
  leas: string[];
  timeZone: string;
}) {
  const stackOf = (b: ChartBucket) => series.reduce((sum, s) => sum + (b.values[s.key] ?? 0), 0);
  const scale = scaleOf(Math.max(0, ...buckets.map((b) => Math.max(b.previous, stackOf(b)))));
  const { y } = scale;
  const name = (b: ChartBucket) => (b.unfinished ? `${b.label} (so far)` : b.label);
  const previous = buckets.map((b, i) => `${i * SLOT + SLOT / 2},${y(b.previous).toFixed(2)}`).join(" ");
  return (
    <PlotFrame scale={scale} labels={buckets.map(name)} maxLabels={8} className="h-full">
      {series.map((s, k) => (
        <g key={s.key} data-series={s.label} fill={s.color}>
          {buckets.map((b, i) => {
            const value = b.values[s.key] ?? 0;
            if (value <= 0) return null;
            const below = series.slice(0, k).reduce((sum, o) => sum + (b.values[o.key] ?? 0), 0);
            return (
              <a
                key={i}
                href={problemsHref({ ...s.filter, lea: leas }, b.start, b.end, timeZone)}
                tabIndex={-1}
                data-bar
              >
                <rect
                  x={i * SLOT + SLOT * 0.12}
                  width={SLOT * 0.76}
                  y={y(below + value)}
                  height={y(below) - y(below + value)}
                >
                  <title>
                    {`${name(b)}: ${s.label} ${value.toLocaleString("en-US")} of ${b.events.toLocaleString("en-US")} events ` +
                      `(previous period ${b.previous.toLocaleString("en-US")})`}
                  </title>
                </rect>
              </a>
            );
          })}
        </g>
      ))}
      {buckets.length > 1 && (
        <polyline
          points={previous}
          fill="none"
          stroke="var(--chart-muted)"
          strokeWidth={2}
          strokeDasharray="4 3"
          vectorEffect="non-scaling-stroke"
          pointerEvents="none"
        />
      )}
    </PlotFrame>
  );
}
