// An event's classification reason (lib/problems/classify.ts reasonText), as text, with the
// template's pattern in monospace. It only splits a string our classifier wrote; nothing is HTML.
import { showControls } from "@/lib/problems/visible-text";

const TEMPLATE = "Template /";
const MATCHED = "/ matched ";

export function ClassificationReason({ reason: stored }: { reason: string | null }) {
  // The reason quotes the event's message: its hidden characters are shown as markers.
  const reason = stored === null ? null : showControls(stored);
  if (!reason) return <span className="text-gray-500">Not recorded (stored before classifications kept their reason).</span>;
  const end = reason.startsWith(TEMPLATE) ? reason.lastIndexOf(MATCHED) : -1;
  if (end < 0) return <span className="break-words">{reason}</span>;
  return (
    <span className="break-words">
      Template <code className="rounded bg-gray-50 px-1 font-mono text-xs break-all">{reason.slice(TEMPLATE.length - 1, end + 1)}</code> matched {reason.slice(end + MATCHED.length)}
    </span>
  );
}
