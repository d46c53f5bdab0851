// Says that a page did not show the range its URL asked for (an impossible date, a range cut to
// the longest allowed), naming the parameter, instead of replacing it silently.
import type { RangeNotice } from "@/lib/trends/range-check";

export function RangeNotices({ notices }: { notices: readonly RangeNotice[] }) {
  if (!notices.length) return null;
  return (
    <div
      role="status"
      data-testid="range-notice"
      className="mb-3 rounded-md border border-tone-warning-ring bg-tone-warning-bg px-3 py-2 text-tone-warning-fg"
    >
      {notices.map((n) => (
        <p key={`${n.param}:${n.text}`}>{n.text}</p>
      ))}
    </div>
  );
}
