// The list's Export button sends the list's own URL (canonicalProblemQuery) to the export, whose
// schema is strict: every parameter the list's URL can carry must be one the export accepts, or a
// view's export answers 400 (as "New" and "Rising" did: `seen` was missing).
import { describe, expect, it } from "vitest";
import { problemExportFiltersSchema } from "@/lib/api/schemas";
import { canonicalProblemQuery, loadProblemSearch, problemSearchParams } from "@/lib/search-params/problems";

describe("the problems export's parameters", () => {
  it("include every parameter of the list's URL", () => {
    const missing = Object.keys(problemSearchParams).filter((key) => !(key in problemExportFiltersSchema.shape));
    expect(missing).toEqual([]);
  });

  it.each(["seen=new", "seen=rising&sort=rise.desc", "range=7d&seen=new&lea=255901&client=SIS&status=open"])(
    "accept what the list sends for %s",
    (query) => {
      const sent = new URLSearchParams(canonicalProblemQuery(loadProblemSearch(query)));
      const parsed = problemExportFiltersSchema.safeParse(Object.fromEntries(sent));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data?.seen).toBe(new URLSearchParams(query).get("seen"));
    },
  );
});
