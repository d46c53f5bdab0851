// The viewer's time zone for pages and server actions: the browser's, kept in the `tz` cookie by
// <TimeZoneSync> (components/trends/TimeZoneSync.tsx); UTC until the browser has said. Every page
// that reads a range of days reads it in this zone, so one filter gives one number on every page.
import { cookies } from "next/headers";
import { isTimeZone } from "../trends/periods";

export async function viewerTimeZone(): Promise<string> {
  const zone = (await cookies()).get("tz")?.value;
  return zone && isTimeZone(zone) ? zone : "UTC";
}
