// The trends page's URL: one schema (nuqs parsers) read by the server page and written by the
// client (range picker, drag-to-zoom, stack toggle). Enumerations are allow-lists.
import { createLoader, createSerializer, parseAsArrayOf, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
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
export const loadTrendSearch = createLoader(trendSearchParams);
export const serializeTrendSearch = createSerializer(trendSearchParams);
