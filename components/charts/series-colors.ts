// Chart series colours: the theme's chart tokens (app/globals.css), readable in light and dark.
import type { Team } from "@/lib/vocabulary";

/** Colours for series in order; the last is for "other". */
export const SERIES_COLORS = [
  "var(--chart-1)",
  "var(--chart-5)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-6)",
] as const;
export const OTHER_SERIES_COLOR = "var(--chart-muted)";
export const TEAM_COLORS: Readonly<Record<Team, string>> = {
  dev: "var(--chart-1)",
  data: "var(--chart-2)",
  ops: "var(--chart-3)",
};
