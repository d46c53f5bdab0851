"use client";
// What's new has a home on the list: one click to the problems waiting for a triager, the new
// ones, the ones that came back, the ones growing (rising, as /trends says it:
// lib/trends/rising.ts). Each is a plain URL of the list (same range and districts), so a preset
// can be bookmarked, saved as a view and changed like any filter.
import Link from "next/link";
import { cn } from "@/lib/cn";
import { canonicalProblemQuery, type ProblemSearch } from "@/lib/search-params/problems";

const CLEAR: Partial<ProblemSearch> = {
  q: "",
  article: [],
  type: [],
  resource: [],
  route: [],
  status: [],
  assignee: [],
  client: [],
  http: [],
  seen: null,
  page: 1,
  view: null,
};

export const LIST_PRESETS: { name: string; title: string; patch: Partial<ProblemSearch> }[] = [
  { name: "For review", title: "Open and nobody assigned", patch: { status: ["open"], assignee: ["none"] } },
  {
    name: "New",
    title: "First seen in your districts during this range, newest first",
    patch: { seen: "new", sort: "firstSeen.desc" },
  },
  { name: "Regressed", title: "Resolved once, and events came back", patch: { status: ["regressed"] } },
  {
    name: "Rising",
    title: "Seen before this range, with more events in it than in the period just before it; most risen first",
    patch: { seen: "rising", sort: "rise.desc" },
  },
  { name: "Most recent", title: "Every problem, the one seen last first", patch: { sort: "lastSeen.desc" } },
];

export function ListPresets({ search }: { search: ProblemSearch }) {
  return (
    <nav aria-label="Presets" className="flex flex-wrap items-center gap-1">
      {LIST_PRESETS.map((p) => {
        const target: ProblemSearch = { ...search, ...CLEAR, sort: "events.desc", ...p.patch, lea: search.lea };
        const query = canonicalProblemQuery(target);
        const active = canonicalProblemQuery({ ...search, page: 1, view: null }) === query;
        return (
          <Link
            prefetch={false}
            key={p.name}
            href={`/problems${query ? `?${query}` : ""}`}
            title={p.title}
            aria-current={active ? "page" : undefined}
            className={cn(
              "inline-flex h-8 items-center rounded-md px-2.5",
              active ? "bg-tone-brand-bg font-medium text-primary" : "text-foreground hover:bg-accent",
            )}
          >
            {p.name}
          </Link>
        );
      })}
    </nav>
  );
}
