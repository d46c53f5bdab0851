// A change against the previous period, in words as well as colour.
import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";

export function changeText(events: number, previous: number, changePercent: number | null): string {
  if (changePercent === null) return events > 0 ? "new in range" : "–";
  if (changePercent === 0) return "no change";
  // Past ten times the previous period a percentage stops reading ("+94,211.8%"): say how many times.
  if (changePercent >= 900) return `×${Math.round(events / previous).toLocaleString("en-US")}`;
  return `${changePercent > 0 ? "+" : "−"}${Math.abs(changePercent).toLocaleString("en-US")}%`;
}

export function Change({
  events,
  previous,
  changePercent,
}: {
  events: number;
  previous: number;
  changePercent: number | null;
}) {
  const text = changeText(events, previous, changePercent);
  const up = changePercent === null ? events > 0 : changePercent > 0;
  const Icon =
    changePercent === 0 || (changePercent === null && events === 0) ? Minus : up ? ArrowUpRight : ArrowDownRight;
  const tone = changePercent === 0 ? "text-muted-foreground" : up ? "text-destructive" : "text-tone-success-fg";
  return (
    <span
      className={`inline-flex items-center gap-0.5 tabular-nums ${tone}`}
      title={`previous period: ${previous.toLocaleString("en-US")} events`}
    >
      <Icon aria-hidden className="size-3.5" />
      {text}
    </span>
  );
}
