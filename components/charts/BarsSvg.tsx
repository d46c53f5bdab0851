// A column chart drawn on the server (no client JavaScript): one bar per value, a round y scale
// with grid lines, a few x labels (PlotFrame), each bar's figure on hover (<title>).
import { PlotFrame, scaleOf, SLOT } from "./PlotFrame";

export interface Bar {
  /** The x label (and the hover text's start). */
  label: string;
  value: number;
}

export function BarsSvg({
  bars,
  unit,
  xLabel = (l) => l,
  color = "var(--chart-1)",
  className = "h-48",
}: {
  bars: Bar[];
  unit: string;
  xLabel?: (label: string) => string;
  color?: string;
  className?: string;
}) {
  const scale = scaleOf(Math.max(0, ...bars.map((b) => b.value)));
  return (
    <PlotFrame scale={scale} labels={bars.map((b) => xLabel(b.label))} maxLabels={6} className={className}>
      {bars.map((b, i) =>
        b.value > 0 ? (
          <rect
            key={i}
            x={i * SLOT + SLOT * 0.12}
            width={SLOT * 0.76}
            y={scale.y(b.value)}
            height={scale.y(0) - scale.y(b.value)}
            fill={color}
          >
            <title>{`${b.label}: ${b.value.toLocaleString("en-US")} ${unit}`}</title>
          </rect>
        ) : null,
      )}
    </PlotFrame>
  );
}
