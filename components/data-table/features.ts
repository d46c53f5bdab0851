// The features every data table of ours uses, declared once: its type is shared by the columns and
// every part that takes the `table`. Sorting, paging and filtering are done by the server
// (manual*), so no client row models are registered.
import {
  columnFilteringFeature,
  columnVisibilityFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import "@/types/data-table";

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnFilteringFeature,
  rowSelectionFeature,
  rowPaginationFeature,
});
export type DataTableFeatures = typeof dataTableFeatures;

/** Literal class names (Tailwind generates them) for a column's `meta.from`. */
export const FROM_CLASS = { lg: "max-lg:hidden", xl: "max-xl:hidden", "2xl": "max-2xl:hidden" } as const;
/** The widths those mean, for the column picker. */
export const FROM_WIDTH = { lg: 1024, xl: 1280, "2xl": 1536 } as const;
