// Where "← Problems" goes back to: the list as the viewer last left it in this tab (filters, sort,
// page), kept in sessionStorage by the list. Only a path of the list itself is ever followed.
export const LIST_RETURN_KEY = "triage:problems-list";
export const LIST_PATH = "/problems";

/** The stored value if it is the list's own path with a query, else the bare list. */
export function safeListReturn(stored: string | null | undefined): string {
  if (!stored || stored.length > 4_000) return LIST_PATH;
  if (stored !== LIST_PATH && !stored.startsWith(`${LIST_PATH}?`)) return LIST_PATH;
  for (const c of stored) if (c === "\\" || c < " " || c === "\u007f") return LIST_PATH;
  return stored.includes("//") || stored.includes("#") ? LIST_PATH : stored;
}
