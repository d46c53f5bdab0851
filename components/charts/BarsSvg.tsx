// A column chart drawn on the server as SVG (no client JavaScript): one bar per value, a nice
// y scale with grid lines, a few x labels, each bar's figure on hover (<title>). For charts that
// only show; the interactive trends chart is recharts.
export interface Bar {
  /** The x label (and the hover text's start). */
  label: string;
  value: number;
}

const WIDTH = 640;
const LEFT = 40;
const BOTTOM = 20;
const TOP = 6;

/** A round step for about `ticks` grid lines up to `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max: number, ticks = 4): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return Math.max(1, step);
}

export function BarsSvg({ bars, unit, height = 192, xLabel = (l) => l, color = "#6366f1" }: { bars: Bar[]; unit: string; height?: number; xLabel?: (label: string) => string; color?: string }) {
  const step = niceStep(Math.max(0, ...bars.map((b) => b.value)));
  const top = Math.max(step, Math.ceil(Math.max(0, ...bars.map((b) => b.value)) / step) * step);
  const plotW = WIDTH - LEFT - 4;
  const plotH = height - TOP - BOTTOM;
  const slot = plotW / Math.max(1, bars.length);
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  // About one x label per 90 px.
  const every = Math.max(1, Math.ceil(bars.length / Math.floor(plotW / 90)));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full" role="presentation">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={LEFT} x2={WIDTH - 4} y1={y(t)} y2={y(t)} stroke="#eef0f3" />
          <text x={LEFT - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="#6b7280">{t.toLocaleString("en-US")}</text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g key={i}>
          {b.value > 0 && (
            <rect x={LEFT + i * slot + slot * 0.1} width={Math.max(1, slot * 0.8)} y={y(b.value)} height={Math.max(1, y(0) - y(b.value))} rx={Math.min(2, slot * 0.2)} fill={color}>
              <title>{`${b.label}: ${b.value.toLocaleString("en-US")} ${unit}`}</title>
            </rect>
          )}
          {i % every === 0 && <text x={LEFT + i * slot + slot / 2} y={height - 5} textAnchor="middle" fontSize={11} fill="#6b7280">{xLabel(b.label)}</text>}
        </g>
      ))}
      <line x1={LEFT} x2={WIDTH - 4} y1={y(0)} y2={y(0)} stroke="#9ca3af" />
    </svg>
  );
}
