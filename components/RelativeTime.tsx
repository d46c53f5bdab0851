"use client";
// "3 h ago", with the exact time in the viewer's time zone on hover. Stored times are UTC; the
// server renders the UTC time, the browser replaces it with the relative one after hydration.
import { useSyncExternalStore } from "react";

/** Clocks of the server and the browser differ by a few seconds: closer than this is "just now". */
const JUST_NOW_SECONDS = 60;

export function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 10 && seconds > -JUST_NOW_SECONDS) return "just now";
  const abs = Math.abs(seconds);
  const [value, unit] = abs < 60 ? [abs, "s"] : abs < 3600 ? [Math.floor(abs / 60), "min"] : abs < 86400 ? [Math.floor(abs / 3600), "h"] : [Math.floor(abs / 86400), "d"];
  return seconds >= 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
}

// One shared clock for every RelativeTime on the page, ticking while any is mounted.
const listeners = new Set<() => void>();
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // A time rendered after a save is read against the clock now, not the one of the last tick.
  now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
const clientNow = () => (now ||= Date.now());
const serverNow = () => 0;

export function RelativeTime({ iso }: { iso: string }) {
  const current = useSyncExternalStore(subscribe, clientNow, serverNow);
  if (!current) return <time dateTime={iso} className="whitespace-nowrap">{`${iso.slice(0, 16).replace("T", " ")} UTC`}</time>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className="whitespace-nowrap">
      {relativeTime(iso, current)}
    </time>
  );
}
