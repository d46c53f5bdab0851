// The feature set of the problems table family, declared once: its type is shared by the
// columns, the toolbar, the view options and the pagination. Sorting, paging and filtering are
// done by the server (manual*), so no client row models are registered.
import { columnVisibilityFeature, rowPaginationFeature, rowSelectionFeature, rowSortingFeature, tableFeatures } from "@tanstack/react-table";

export const problemFeatures = tableFeatures({ rowSortingFeature, columnVisibilityFeature, rowSelectionFeature, rowPaginationFeature });
export type ProblemFeatures = typeof problemFeatures;
