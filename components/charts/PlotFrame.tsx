// The frame of our server-drawn charts (BarsSvg, the trends chart): y labels on the left, the plot
// (an SVG in units of 10 per bucket and 100 high, stretched to its box, with the grid lines), x
// labels below. The labels are HTML, so they keep their size at any width.
import type { ReactNode } from "react";
import { niceStep } from "./scale";

export const SLOT = 10;
export const HEIGHT = 100;

export interface Scale {
  /** Plot y of a value. */
  y: (value: number) => number;
  ticks: number[];
}

/** A round scale from 0 to at least `highest`. */
export function scaleOf(highest: number): Scale {
  const step = niceStep(highest);
  const top = Math.max(step, Math.ceil(highest / step) * step);
  return {
    y: (v) => HEIGHT - (v / top) * HEIGHT,
    ticks: Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step),
  };
}

export function PlotFrame({
  scale,
  labels,
  maxLabels,
  children,
  className,
}: {
  scale: Scale;
  labels: string[];
  maxLabels: number;
  children: ReactNode;
  className: string;
}) {
  const n = Math.max(1, labels.length);
  const every = Math.max(1, Math.ceil(n / maxLabels));
  return (
    <div className={`flex pt-2 ${className}`}>
      <div
        className="relative w-12 shrink-0 text-right text-[11px] text-muted-foreground tabular-nums"
        style={{ marginBottom: 20 }}
      >
        {scale.ticks.map((t) => (
          <span key={t} className="absolute right-1.5 -translate-y-1/2 leading-none" style={{ top: `${scale.y(t)}%` }}>
            {t.toLocaleString("en-US")}
          </span>
        ))}
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <svg
          data-plot
          viewBox={`0 0 ${n * SLOT} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="min-h-0 w-full flex-1 overflow-visible"
        >
          {scale.ticks.map((t) => (
            <line
              key={t}
              x1={0}
              x2={n * SLOT}
              y1={scale.y(t)}
              y2={scale.y(t)}
              stroke={t === 0 ? "var(--chart-muted)" : "var(--chart-grid)"}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {children}
        </svg>
        <div className="relative h-5 shrink-0 text-[11px] whitespace-nowrap text-muted-foreground">
          {labels.map((label, i) =>
            i % every === 0 ? (
              <span key={i} className="absolute top-1 -translate-x-1/2" style={{ left: `${((i + 0.5) / n) * 100}%` }}>
                {label}
              </span>
            ) : null,
          )}
        </div>
      </div>
    </div>
  );
}
