const STYLES: Record<string, string> = {
  open: "bg-sky-50 text-sky-800 ring-sky-600/30",
  in_progress: "bg-violet-50 text-violet-800 ring-violet-600/30",
  resolved: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  ignored: "bg-gray-50 text-gray-600 ring-gray-500/30",
  regressed: "bg-red-50 text-red-800 ring-red-600/30",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? STYLES.open}`}>
      {status.replace("_", " ")}
    </span>
  );
}
