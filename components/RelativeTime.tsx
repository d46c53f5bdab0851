"use client";
// "3 h ago", with the exact time in the viewer's time zone on hover. The server writes the
// relative time by its own clock (so that nothing changes width, and the page does not shift, when
// the browser takes over); the browser keeps that text while it hydrates, then reads its own
// clock and adds the exact time in the viewer's zone (the `title`, which only it can know).
import { useSyncExternalStore } from "react";

/** Clocks of the server and the browser differ by a few seconds: closer than this is "just now". */
const JUST_NOW_SECONDS = 60;

export function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 10 && seconds > -JUST_NOW_SECONDS) return "just now";
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60
      ? [abs, "s"]
      : abs < 3600
        ? [Math.floor(abs / 60), "min"]
        : abs < 86400
          ? [Math.floor(abs / 3600), "h"]
          : [Math.floor(abs / 86400), "d"];
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
/** On the server, its clock; in the browser while hydrating, 0: the server's text is kept. */
const serverNow = () => (typeof window === "undefined" ? Date.now() : 0);

export function RelativeTime({ iso }: { iso: string }) {
  const current = useSyncExternalStore(subscribe, clientNow, serverNow);
  if (typeof window === "undefined")
    return (
      <time dateTime={iso} className="whitespace-nowrap">
        {relativeTime(iso, current)}
      </time>
    );
  // Hydrating: whatever the browser's clock says now, the server's words stay until the first read of the clock.
  if (!current)
    return (
      <time dateTime={iso} className="whitespace-nowrap" suppressHydrationWarning>
        {relativeTime(iso, clientNow())}
      </time>
    );
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className="whitespace-nowrap">
      {relativeTime(iso, current)}
    </time>
  );
}
