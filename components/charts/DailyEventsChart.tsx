// Events per day, drawn on the server (BarsSvg), with its table view and CSV (ChartFrame).
import { BarsSvg } from "./BarsSvg";
import { ChartFrame } from "./ChartFrame";

export function DailyEventsChart({
  title,
  series,
  fileName,
}: {
  title: string;
  series: { day: string; events: number }[];
  fileName: string;
}) {
  return (
    <ChartFrame
      title={title}
      fileName={fileName}
      table={{ columns: ["Day", "Events"], rows: series.map((s) => [s.day, s.events]) }}
    >
      <BarsSvg bars={series.map((s) => ({ label: s.day, value: s.events }))} unit="events" xLabel={(d) => d.slice(5)} />
    </ChartFrame>
  );
}
