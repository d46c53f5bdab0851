"use client";
// "3 h ago", with the exact time in the viewer's time zone on hover. Stored times are UTC.
import { useEffect, useState } from "react";

export function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] = abs < 60 ? [abs, "s"] : abs < 3600 ? [Math.floor(abs / 60), "min"] : abs < 86400 ? [Math.floor(abs / 3600), "h"] : [Math.floor(abs / 86400), "d"];
  return seconds >= 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
}

export function RelativeTime({ iso }: { iso: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const exact = now === null ? iso : new Date(iso).toLocaleString();
  return (
    <time dateTime={iso} title={exact} className="whitespace-nowrap">
      {now === null ? iso.slice(0, 16).replace("T", " ") + " UTC" : relativeTime(iso, now)}
    </time>
  );
}
