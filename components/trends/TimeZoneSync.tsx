"use client";
// The server draws days and hours in the viewer's time zone, which only the browser knows: it is
// kept in a cookie; when the browser's differs, the cookie is set and the page drawn again.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function TimeZoneSync({ current }: { current: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone !== current) {
      document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
      router.refresh();
    }
  }, [current, router]);
  return null;
}
