// A tiny inline trend (events per day): an SVG path, with the numbers in its accessible name; or,
// without a label, a decoration beside figures that say the same (hidden from screen readers).
// `max` puts several on one scale; `area` fills under the line; `fluid` stretches it to its box.
export function Sparkline({
  values,
  label,
  width = 80,
  height = 20,
  max,
  area = false,
  fluid = false,
}: {
  values: number[];
  label?: string;
  width?: number;
  height?: number;
  max?: number;
  area?: boolean;
  fluid?: boolean;
}) {
  const top = Math.max(1, max ?? 0, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const xy = values.map((v, i) => [(i * step).toFixed(1), (height - 1 - (v / top) * (height - 2)).toFixed(1)] as const);
  const points = xy.map(([x, y]) => `${x},${y}`).join(" ");
  const line = (
    <polyline
      points={points}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinejoin="round"
      vectorEffect="non-scaling-stroke"
    />
  );
  const size = fluid
    ? { className: "h-full w-full text-chart-1", preserveAspectRatio: "none" }
    : { width, height, className: "text-chart-1" };
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      {...size}
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
    >
      {label && <title>{label}</title>}
      {area && xy.length > 0 && (
        <polygon
          points={`0,${height} ${points} ${xy.at(-1)![0]},${height}`}
          className="fill-chart-1/25"
          stroke="none"
        />
      )}
      {line}
    </svg>
  );
}
