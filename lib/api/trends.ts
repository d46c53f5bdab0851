// GET /api/v1/trends: what the trends page draws, for the caller's scope, in a time zone.
import { z } from "zod";
import { PROBLEM_STATUSES, TEAMS } from "../vocabulary";
import type { Database } from "../db/database";
import { narrowScope, type Scope } from "../auth/scope";
import { trendReport } from "../queries/trends";
import { TREND_RANGES, trendPeriods } from "../trends/periods";
import { checkRangeSpan, localDateTimeParam, MAX_RANGE_DAYS, parseQuery, timeZoneParam } from "./query-params";

const localTime = localDateTimeParam(true);

export const trendFiltersSchema = z
  .object({
    range: z
      .enum(TREND_RANGES)
      .default("7d")
      .meta({ description: "24h, 7d, 30d, 90d (ending now), or custom (from/to)" }),
    from: localTime.optional().meta({
      description: `custom: first local day (inclusive) or local time; at most ${MAX_RANGE_DAYS} days before to`,
    }),
    to: localTime.optional().meta({ description: "custom: last local day (inclusive) or local time (exclusive)" }),
    bucket: z
      .enum(["hour", "day"])
      .optional()
      .meta({ description: "hour (ranges up to 14 days) or day; default: hour up to 3 days" }),
    tz: timeZoneParam,
    lea: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,50}(,[A-Za-z0-9._-]{1,50}){0,199}$/, "must be LEA codes separated by commas")
      .optional()
      .meta({ description: "Narrows the caller's districts" }),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.range === "custom") checkRangeSpan(f, ctx);
  })
  .meta({ description: "Filters of GET /api/v1/trends; lea narrows the caller's scope, never widens it." });

export async function trendsApi(db: Database, scope: Scope, params: URLSearchParams, now = Date.now()) {
  const f = parseQuery(trendFiltersSchema, params);
  const periods = trendPeriods({ range: f.range, from: f.from, to: f.to, bucket: f.bucket, timeZone: f.tz, now });
  return trendReport(db, narrowScope(scope, f.lea ? f.lea.split(",") : []), periods);
}

const change = {
  events: z.number().int(),
  previous: z.number().int().meta({ description: "The same length of time just before the range" }),
  changePercent: z.number().nullable(),
};
const team = z.enum(TEAMS);
const problemTrend = z.object({
  id: z.string(),
  articleId: z.string(),
  articleTitle: z.string(),
  kbUrl: z.string().nullable(),
  resource: z.string().nullable(),
  signature: z.string(),
  httpStatus: z.number().int().nullable(),
  route: team,
  status: z.enum(PROBLEM_STATUSES),
  ...change,
});
const span = z.object({ start: z.string(), end: z.string() });

export const trendReportSchema = z.object({
  timeZone: z.string(),
  bucket: z.enum(["hour", "day"]),
  label: z.string(),
  range: span.meta({ description: "ISO 8601 instants, end exclusive" }),
  previousRange: span,
  totals: z.object(change),
  statuses: z.array(z.string()).meta({ description: "Keys of byStatus, busiest first; 'other' sums the rest" }),
  otherStatuses: z.array(z.string()).meta({ description: "The statuses summed as 'other'" }),
  buckets: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      events: z.number().int(),
      previous: z.number().int(),
      byRoute: z.object({ dev: z.number().int(), data: z.number().int(), ops: z.number().int() }),
      byStatus: z.record(z.string(), z.number().int()),
      unfinished: z.boolean().meta({
        description: "Now falls in this bucket: it is still filling, and `previous` counts the same part of its bucket",
      }),
    }),
  ),
  topProblems: z.array(problemTrend),
  newProblems: z
    .array(problemTrend)
    .meta({ description: "Problems whose first event inside the caller's districts is in the range" }),
  risingProblems: z
    .array(problemTrend)
    .meta({ description: "Problems seen before the range, ranked by events minus the previous period's" }),
  resources: z.array(z.object({ resource: z.string(), ...change })),
  districts: z.array(z.object({ lea: z.string(), series: z.array(z.number().int()), ...change })),
  clients: z.array(z.object({ client: z.string(), ...change })),
});
