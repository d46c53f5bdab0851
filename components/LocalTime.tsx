"use client";
// An exact time in the viewer's time zone (the server renders UTC until the browser takes over),
// with the relative time beside it.
import { useSyncExternalStore } from "react";
import { RelativeTime } from "./RelativeTime";

const subscribe = () => () => {};

export function LocalTime({ iso }: { iso: string }) {
  const browser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (!browser) return <time dateTime={iso}>{iso.replace("T", " ").replace(/\.\d+Z$/, " UTC")}</time>;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })}{" "}
      <span className="text-muted-foreground">
        {zone} · <RelativeTime iso={iso} />
      </span>
    </time>
  );
}
