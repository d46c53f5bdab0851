"use client";
// The problems list's URL state on the client: the same parsers as the server page, written
// with a server round-trip (shallow: false) inside a transition, so the current rows stay on
// screen (dimmed) until the new ones arrive. Changing a filter goes back to page 1.
import { useQueryStates } from "nuqs";
import { useTransition } from "react";
import { problemSearchParams, type ProblemSearch } from "@/lib/search-params/problems";

export type SearchPatch = { [K in keyof ProblemSearch]?: ProblemSearch[K] | null };

export function useProblemSearch() {
  const [pending, startTransition] = useTransition();
  const [search, set] = useQueryStates(problemSearchParams, {
    shallow: false,
    startTransition,
    history: "push",
    scroll: false,
  });
  return {
    search,
    pending,
    /** Presentation only (sort, page, size, hidden columns, group): the page stays. */
    present: (patch: SearchPatch) => set(patch),
    /** A filter change: back to the first page, the selection's saved view id stays. */
    filter: (patch: SearchPatch) => set({ ...patch, page: null }),
  };
}
