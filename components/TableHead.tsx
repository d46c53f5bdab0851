// The header row of our dense tables. `align: "right"` for numeric columns; a column of buttons
// (label "") is named "Actions" for screen readers, so no header cell is empty.
export interface Column {
  label: string;
  align?: "right";
}

export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead className="border-b border-border text-xs uppercase tracking-wide text-muted-foreground">
      <tr>
        {columns.map((c, i) => (
          <th key={c.label || `actions-${i}`} scope="col" className={`py-2 pr-3 font-medium ${c.align === "right" ? "text-right" : ""}`}>
            {c.label || <span className="sr-only">Actions</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}
