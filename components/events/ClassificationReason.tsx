// An event's classification reason (lib/problems/classify.ts reasonText), as text, with the
// template's pattern in monospace. It only splits a string our classifier wrote; nothing is HTML.
import { showControls } from "@/lib/problems/visible-text";

const TEMPLATE = "Template /";
const MATCHED = "/ matched ";

export function ClassificationReason({ reason: stored }: { reason: string | null }) {
  // The reason quotes the event's message: its hidden characters are shown as markers.
  const reason = stored === null ? null : showControls(stored);
  if (!reason)
    return (
      <span className="text-muted-foreground">Not recorded (stored before classifications kept their reason).</span>
    );
  const end = reason.startsWith(TEMPLATE) ? reason.lastIndexOf(MATCHED) : -1;
  if (end < 0) return <span className="break-words">{reason}</span>;
  // In words first; the pattern itself is for whoever maintains the catalog, behind a disclosure.
  return (
    <span className="break-words">
      Its message matched one of the article&apos;s known messages: {reason.slice(end + MATCHED.length)}
      <details className="mt-1 text-xs text-muted-foreground">
        <summary className="cursor-pointer">The pattern that matched</summary>
        <code className="rounded bg-muted px-1 font-mono break-all">{reason.slice(TEMPLATE.length - 1, end + 1)}</code>
      </details>
    </span>
  );
}
