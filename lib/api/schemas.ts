// The read API's contract as zod: query parameters (parsed from the URL) and responses. The
// OpenAPI document (openapi.ts) is generated from these, and tests parse real answers with them.
import { z } from "zod";
import { ARTICLES } from "../problems";
import { GROUP_VALUES, HIDEABLE_COLUMNS, RANGE_VALUES, SORT_VALUES } from "../search-params/problems";
import { PROBLEM_STATUSES, TEAMS } from "../vocabulary";
import { checkRangeSpan, instantParam, localDateTimeParam, MAX_RANGE_DAYS, timeZoneParam } from "./query-params";

const articleIds = ARTICLES.map((a) => a.id) as [string, ...string[]];

const lea = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,50}$/, "must be an LEA code (1–50 letters, digits, . _ -)");
const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`)
    .default(fallback)
    .meta({ description: `Page size, 1–${max}` });
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, "must be a nextCursor from an earlier answer")
  .meta({ description: "nextCursor of the previous page" });
const id = z.string().regex(/^\d{1,18}$/, "must be a numeric id");
/** Free text: trimmed, never blank. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be blank")
    .max(max, `must be at most ${max} characters`)
    .regex(/\S/, "must not be blank");
const articleId = z.enum(articleIds, { message: "must be an article id of the catalog (/kb)" });

const eventFilterFields = {
  correlationId: text(200).optional(),
  problemId: id.optional(),
  lea: lea.optional(),
  client: text(200).optional(),
  articleId: articleId.optional(),
  since: instantParam
    .optional()
    .meta({ description: "Events at or after this instant (ISO 8601 with Z or an offset up to ±15:59, 1970–9999)" }),
  until: instantParam
    .optional()
    .meta({ description: "Events before this instant (ISO 8601 with Z or an offset up to ±15:59, 1970–9999)" }),
};

export const eventFiltersSchema = z
  .object({ ...eventFilterFields, limit: limit(500, 50), cursor: cursor.optional() })
  .strict()
  .meta({ description: "Filters of GET /api/v1/events; every one narrows the caller's scope, never widens it." });

/** The event export takes the list's filters without paging. */
export const eventExportFiltersSchema = z.object(eventFilterFields).strict();

export const problemFiltersSchema = z
  .object({
    articleId: articleId.optional(),
    resource: text(100).optional(),
    route: z.enum(TEAMS).optional(),
    status: z.enum(PROBLEM_STATUSES).optional(),
    lea: lea.optional(),
    days: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(90, "must be at most 90")
      .default(30)
      .meta({
        description:
          "The range: today and the N − 1 days before it, local days of tz (events are counted inside it), 1–90.",
      }),
    tz: timeZoneParam,
    limit: limit(200, 50),
    cursor: cursor.optional(),
  })
  .strict();

/** GET /api/v1/problems/{id} takes the range alone (days, tz). */
export const problemDaysSchema = problemFiltersSchema.pick({ days: true, tz: true });

const csvList = (item: z.ZodType<string>, description: string, examples: string[]) =>
  z
    .string()
    .max(4_000, "must be at most 4000 characters")
    .refine((s) => s.split(",").every((v) => item.safeParse(v).success), `must be ${description}, separated by commas`)
    .meta({ description: `${description}, comma-separated`, examples });
const listText = (max: number) => z.string().trim().min(1).max(max);
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/**
 * The problems list's URL parameters (what the dashboard's Export button sends), checked before
 * the export streams: a value the list would silently replace by its default is a 400 here.
 */
export const problemExportFiltersSchema = z
  .object({
    q: z
      .string()
      .max(1_000, "must be at most 1000 characters")
      .optional()
      .meta({ description: "Text in the article, type, resource or what varies (the first 200 characters count)" }),
    article: csvList(articleId, "article ids of the catalog", [
      "unresolved-reference",
      "descriptor-not-found,unresolved-reference",
    ]).optional(),
    type: csvList(listText(200), "problem types", ["urn:ed-fi:api:conflict:unresolved-reference"]).optional(),
    resource: csvList(listText(100), "resources", ["students", "sections,grades"]).optional(),
    route: csvList(z.enum(TEAMS), "routes (dev, data, ops)", ["data", "dev,ops"]).optional(),
    status: csvList(z.enum(PROBLEM_STATUSES), "statuses (open, in_progress, regressed, resolved, ignored)", [
      "open",
      "open,regressed",
    ]).optional(),
    assignee: csvList(z.string().regex(/^(\d{1,9}|none)$/), "user ids or none", ["none", "1,none"]).optional(),
    lea: csvList(z.string().regex(/^[A-Za-z0-9._-]{1,50}$/), "LEA codes", ["255901", "255901,4801234"]).optional(),
    client: csvList(listText(200), "API client names", ["SIS", "SIS,Gradebook"]).optional(),
    http: csvList(z.string().regex(/^[1-5]\d\d$/), "HTTP statuses (100–599)", ["409", "400,404"]).optional(),
    seen: z.enum(["new", "rising"]).optional().meta({
      description:
        "new: problems first seen (inside the caller's districts) in the range; rising: seen before it, with more events than in the period before",
    }),
    range: z
      .enum(RANGE_VALUES, { message: `must be one of ${RANGE_VALUES.join(", ")}` })
      .default("30d")
      .meta({
        description: "2d, 7d, 14d, 30d, 90d (today and the days before it, local days of tz), or custom (from/to)",
      }),
    from: localDateTimeParam(true)
      .optional()
      .meta({
        description: `custom: first local day (inclusive) or local time of tz; at most ${MAX_RANGE_DAYS} days before to`,
      }),
    to: localDateTimeParam(true)
      .optional()
      .meta({ description: "custom: last local day (inclusive) or local time (exclusive) of tz; default today" }),
    tz: timeZoneParam,
    sort: z
      .enum(SORT_VALUES, { message: "must be a sort key of the list (events.desc, lastSeen.asc…)" })
      .default("events.desc"),
    group: z.enum(GROUP_VALUES).optional().meta({ description: "Ignored by the export (rows are problems)" }),
    page: wholeNumber(1, 100_000).optional().meta({ description: "Ignored by the export (every row)" }),
    size: wholeNumber(1, 100).optional().meta({ description: "Ignored by the export (every row)" }),
    hide: csvList(z.enum(HIDEABLE_COLUMNS), "column names", ["trend", "trend,assignee"])
      .optional()
      .meta({ description: "Ignored by the export (every column)" }),
    view: wholeNumber(1, 2_147_483_647).optional().meta({ description: "Ignored by the export" }),
  })
  .strict()
  .superRefine((f, ctx) => checkRangeSpan(f, ctx))
  .meta({ description: "The problems list's URL filters; lists are comma-separated." });

export type EventFilters = z.infer<typeof eventFiltersSchema>;
export type ProblemFilters = z.infer<typeof problemFiltersSchema>;

export const eventSchema = z.object({
  id: z.string(),
  occurredAt: z.string().meta({ description: "ISO 8601, UTC" }),
  status: z.number().int(),
  method: z.string().nullable(),
  url: z.string().nullable().meta({ description: "Query values redacted (Privacy)" }),
  resource: z.string().nullable(),
  lea: z.string().nullable(),
  client: z.string().nullable(),
  correlationId: z.string().nullable(),
  format: z.string(),
  receivedType: z.string().nullable(),
  canonicalType: z.string().nullable(),
  articleId: z.string(),
  articleTitle: z.string(),
  kbUrl: z.string().nullable(),
  matchedArticles: z.array(z.string()),
  classificationReason: z.string().nullable().meta({
    description:
      "Why this article: the template, type, code or status that decided and where it matched (null for events stored before reasons were recorded)",
  }),
  route: z.enum(TEAMS),
  alt: z.enum(TEAMS).nullable(),
  partial: z.boolean().meta({ description: "Read from a log without the response body: classified from logEvidence" }),
  logEvidence: z
    .object({
      format: z.string(),
      level: z.string().nullable(),
      logger: z.string().nullable(),
      exceptionType: z.string().nullable(),
      message: z.string().nullable(),
      statusFrom: z.enum(["log", "exception", "message", "assumed"]),
      typeHint: z.string().nullable(),
    })
    .partial()
    .nullable()
    .meta({ description: "What the log said; null for events posted with a body" }),
  problemId: z.string(),
  title: z.string().nullable(),
  detail: z.string().nullable(),
  messages: z.array(z.string()),
});

export const eventDetailSchema = eventSchema.extend({
  body: z.unknown().meta({ description: "The response body as received" }),
  validationErrors: z.array(z.object({ path: z.string().nullable(), message: z.string() })),
  requestBody: z
    .unknown()
    .meta({ description: "The request body as kept (redacted before it was stored); null when none was sent" }),
  requestHeaders: z.record(z.string(), z.string()).nullable(),
});

export const problemSchema = z.object({
  id: z.string(),
  articleId: z.string(),
  articleTitle: z.string(),
  kbUrl: z.string().nullable(),
  resource: z.string().nullable(),
  signature: z.string(),
  route: z.enum(TEAMS).meta({ description: "The assigned team, else the suggestion" }),
  suggestedRoute: z.enum(TEAMS),
  alt: z.enum(TEAMS).nullable(),
  status: z.enum(PROBLEM_STATUSES),
  httpStatus: z.number().int().nullable(),
  events: z.number().int().meta({ description: "Events in the range, inside the caller's scope" }),
  districts: z.number().int().meta({ description: "Districts with events in the range, inside the caller's scope" }),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});

export const eventListSchema = z.object({ events: z.array(eventSchema), nextCursor: z.string().nullable() });
export const problemListSchema = z.object({
  problems: z.array(problemSchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

export type ApiEvent = z.infer<typeof eventSchema>;
export type ApiEventDetail = z.infer<typeof eventDetailSchema>;
export type ApiProblem = z.infer<typeof problemSchema>;
