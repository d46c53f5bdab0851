// The one order in which the write path locks shared rows (problems, rollup rows, message
// counts), so that concurrent ingests, and the trigger that moves a problem's trend rows, cannot
// deadlock. Text compares by UTF-16 code unit, like PostgreSQL's "C" collation for ASCII keys.

/** Numeric order of bigint ids written as decimal text (no sign, no leading zeros). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || compareText(a, b);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Teams in the order of their enum ("Team": dev, ops, data), as PostgreSQL sorts them. */
const TEAM_ORDER: Record<string, number> = { dev: 0, ops: 1, data: 2 };

export type KeyColumn = "id" | "text" | "number" | "team";

/** Orders rows of key columns (each a string) column by column. */
export function compareKeys(columns: readonly KeyColumn[]) {
  return (a: readonly string[], b: readonly string[]): number => {
    for (let i = 0; i < columns.length; i++) {
      const kind = columns[i];
      const order =
        kind === "id"
          ? compareIds(a[i], b[i])
          : kind === "number"
            ? Number(a[i]) - Number(b[i])
            : kind === "team"
              ? TEAM_ORDER[a[i]] - TEAM_ORDER[b[i]]
              : compareText(a[i], b[i]);
      if (order !== 0) return order;
    }
    return 0;
  };
}
