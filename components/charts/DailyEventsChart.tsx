"use client";
// Events per day (recharts), with its table view and CSV.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./ChartFrame";

export function DailyEventsChart({ title, series, fileName }: { title: string; series: { day: string; events: number }[]; fileName: string }) {
  return (
    <ChartFrame title={title} fileName={fileName} table={{ columns: ["Day (UTC)", "Events"], rows: series.map((s) => [s.day, s.events]) }}>
      <div className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="#eef0f3" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 11, fill: "#6b7280" }} minTickGap={24} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#6b7280" }} />
            <Tooltip formatter={(v) => [Number(v).toLocaleString("en-US"), "events"]} labelFormatter={(d) => `${d} (UTC)`} />
            <Bar dataKey="events" fill="#6366f1" radius={[2, 2, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
