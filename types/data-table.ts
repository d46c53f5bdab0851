// What a column says about itself, read by the data-table parts (components/data-table): its label,
// how it sorts in the URL, alignment, whether it may be hidden and from which screen width it shows.
// One augmentation of react-table's ColumnMeta, so no part casts `columnDef.meta`.
import type { CellData, RowData, TableFeatures } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TFeatures extends TableFeatures, TData extends RowData, TValue extends CellData = CellData> {
    /** The column's name in headers and the column picker. */
    label?: string;
    /** Its sort key in the URL (`sort=<key>.<asc|desc>`); unset: not sortable. */
    sortKey?: string;
    align?: "right";
    /** Listed in the column picker. */
    hideable?: boolean;
    className?: string;
    /** Shown from this screen width up (the picker still lists it). */
    from?: "lg" | "xl" | "2xl";
    /** A faceted filter on this column: its title, and the URL parameter that holds its values. */
    filter?: { title: string; param: string };
  }
}

export {};
