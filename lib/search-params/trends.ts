// The trends page's URL: one schema (nuqs parsers) read by the server page and written by the
// client (range picker, drag-to-zoom, stack toggle). Enumerations are allow-lists.
import {
  createLoader,
  createSerializer,
  parseAsArrayOf,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
  type LoaderInput,
} from "nuqs/server";
import { TREND_RANGES } from "../trends/periods";

export const STACK_VALUES = ["route", "status"] as const;
export const BUCKET_VALUES = ["hour", "day"] as const;

export const trendSearchParams = {
  range: parseAsStringLiteral(TREND_RANGES).withDefault("7d"),
  /** Local date (YYYY-MM-DD) or local time (YYYY-MM-DDTHH:mm) in the viewer's zone. */
  from: parseAsString,
  to: parseAsString,
  bucket: parseAsStringLiteral(BUCKET_VALUES),
  stack: parseAsStringLiteral(STACK_VALUES).withDefault("route"),
  lea: parseAsArrayOf(parseAsString, ",").withDefault([]),
};

export type TrendSearch = inferParserType<typeof trendSearchParams>;
const loadUncheckedTrendSearch = createLoader(trendSearchParams);

/** Districts a URL may narrow to (as the read API's `lea`). */
export const MAX_TREND_LEAS = 200;

/** The page's state from a URL; the range is checked by trendPeriods (lib/trends/periods.ts), which says what it changed. */
export function loadTrendSearch(input: LoaderInput): TrendSearch {
  const search = loadUncheckedTrendSearch(input);
  return {
    ...search,
    lea: [...new Set(search.lea.filter((lea) => lea.length > 0 && lea.length <= 50))].slice(0, MAX_TREND_LEAS),
  };
}
export const serializeTrendSearch = createSerializer(trendSearchParams);
