// An event's classification reason (lib/problems/classify.ts reasonText), as text, with the
// template's pattern in monospace. It only splits a string our classifier wrote; nothing is HTML.
const TEMPLATE = "Template /";
const MATCHED = "/ matched ";

export function ClassificationReason({ reason }: { reason: string | null }) {
  if (!reason) return <span className="text-gray-500">Not recorded (stored before classifications kept their reason).</span>;
  const end = reason.startsWith(TEMPLATE) ? reason.lastIndexOf(MATCHED) : -1;
  if (end < 0) return <span className="break-words">{reason}</span>;
  return (
    <span className="break-words">
      Template <code className="rounded bg-gray-50 px-1 font-mono text-xs break-all">{reason.slice(TEMPLATE.length - 1, end + 1)}</code> matched {reason.slice(end + MATCHED.length)}
    </span>
  );
}
