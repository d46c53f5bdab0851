"use client";
// A custom range's first and last day (local dates, YYYY-MM-DD), held to the dates the range checks
// accept; a cleared field changes nothing.
import { Input } from "@/components/ui/input";
import { EARLIEST_DATE, LATEST_DATE } from "@/lib/trends/range-check";

export function DateRangeInputs({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (change: { from: string } | { to: string }) => void;
}) {
  const day = (label: "From" | "To", value: string) => (
    <Input
      type="date"
      min={EARLIEST_DATE}
      max={LATEST_DATE}
      aria-label={label}
      value={value.slice(0, 10)}
      onChange={(e) => e.target.value && onChange(label === "From" ? { from: e.target.value } : { to: e.target.value })}
      className="px-1"
    />
  );
  return (
    <span className="flex items-center gap-1 text-foreground">
      {day("From", from)}–{day("To", to)}
    </span>
  );
}
