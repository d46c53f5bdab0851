// The trends chart's drawing, on the server (no client JavaScript): stacked bars per bucket, the
// previous period as a dashed line, a y scale with grid lines and a few x labels. Each bar is a
// link to the problems list filtered to its series and bucket (the legend and the table view are
// the keyboard's way there: the drawing is hidden from screen readers, so its links take no Tab);
// each says its figures on hover. The plot is an SVG stretched to its box; labels are HTML.
import { niceStep } from "@/components/charts/BarsSvg";
import { problemsHref } from "@/lib/trends/links";
import type { ChartBucket, ChartSeries } from "./TrendChart";

/** Plot coordinates: one bucket is 10 units wide, the plot 100 high. */
const SLOT = 10;
const HEIGHT = 100;

export function TrendBars({ buckets, series, leas, timeZone }: { buckets: ChartBucket[]; series: ChartSeries[]; leas: string[]; timeZone: string }) {
  const n = Math.max(1, buckets.length);
  const highest = Math.max(0, ...buckets.map((b) => Math.max(b.previous, series.reduce((sum, s) => sum + (b.values[s.key] ?? 0), 0))));
  const step = niceStep(highest);
  const top = Math.max(step, Math.ceil(highest / step) * step);
  const y = (v: number) => HEIGHT - (v / top) * HEIGHT;
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  const name = (b: ChartBucket) => (b.unfinished ? `${b.label} (so far)` : b.label);
  const previous = buckets.map((b, i) => `${i * SLOT + SLOT / 2},${y(b.previous).toFixed(2)}`).join(" ");
  return (
    <div className="flex h-full pt-2">
      <div className="relative w-12 shrink-0 text-right text-[11px] text-gray-500 tabular-nums" style={{ marginBottom: 20 }}>
        {ticks.map((t) => (
          <span key={t} className="absolute right-1.5 -translate-y-1/2 leading-none" style={{ top: `${(y(t) / HEIGHT) * 100}%` }}>{t.toLocaleString("en-US")}</span>
        ))}
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <svg data-plot viewBox={`0 0 ${n * SLOT} ${HEIGHT}`} preserveAspectRatio="none" className="min-h-0 w-full flex-1 overflow-visible">
          {ticks.map((t) => <line key={t} x1={0} x2={n * SLOT} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#9ca3af" : "#eef0f3"} vectorEffect="non-scaling-stroke" />)}
          {series.map((s, k) => (
            <g key={s.key} data-series={s.label} fill={s.color}>
              {buckets.map((b, i) => {
                const value = b.values[s.key] ?? 0;
                if (value <= 0) return null;
                const below = series.slice(0, k).reduce((sum, o) => sum + (b.values[o.key] ?? 0), 0);
                return (
                  <a key={i} href={problemsHref({ ...s.filter, lea: leas }, b.start, b.end, timeZone)} tabIndex={-1} data-bar>
                    <rect x={i * SLOT + SLOT * 0.12} width={SLOT * 0.76} y={y(below + value)} height={y(below) - y(below + value)}>
                      <title>{`${name(b)}: ${s.label} ${value.toLocaleString("en-US")} of ${b.events.toLocaleString("en-US")} events (previous period ${b.previous.toLocaleString("en-US")})`}</title>
                    </rect>
                  </a>
                );
              })}
            </g>
          ))}
          {buckets.length > 1 && <polyline points={previous} fill="none" stroke="#9ca3af" strokeWidth={2} strokeDasharray="4 3" vectorEffect="non-scaling-stroke" pointerEvents="none" />}
        </svg>
        <div className="relative h-5 shrink-0 text-[11px] whitespace-nowrap text-gray-500">
          {buckets.map((b, i) => (i % labelEvery === 0 ? (
            <span key={i} className="absolute top-1 -translate-x-1/2" style={{ left: `${((i + 0.5) / n) * 100}%` }}>{name(b)}</span>
          ) : null))}
        </div>
      </div>
    </div>
  );
}
