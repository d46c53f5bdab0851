// Routing team badge: colour plus a text label, never colour alone.
import { TEAM_WORDS } from "@/lib/problems/teams";
const STYLES: Record<string, string> = {
  dev: "bg-indigo-50 text-indigo-800 ring-indigo-600/30",
  data: "bg-amber-50 text-amber-900 ring-amber-600/30",
  ops: "bg-rose-50 text-rose-800 ring-rose-600/30",
};
const LABELS: Record<string, string> = { dev: "dev", data: "data", ops: "ops" };
const TITLES: Record<string, string> = Object.fromEntries(Object.entries(TEAM_WORDS).map(([team, w]) => [team, `${w.name}: ${w.does}`]));

export function RouteBadge({ team, alt }: { team: string; alt?: string | null }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <span title={TITLES[team]} className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[team] ?? "bg-gray-50 text-gray-700 ring-gray-500/30"}`}>
        {LABELS[team] ?? team}
      </span>
      {alt ? <span className="text-xs text-gray-500" title={`then ${TITLES[alt] ?? alt}`}>→ {alt}</span> : null}
    </span>
  );
}
