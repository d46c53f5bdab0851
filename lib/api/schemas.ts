// The read API's contract as zod: query parameters (parsed from the URL) and responses. The
// OpenAPI document (openapi.ts) is generated from these, and tests parse real answers with them.
import { z } from "zod";
import { ARTICLES } from "../problems";

const TEAMS = ["dev", "ops", "data"] as const;
const STATUSES = ["open", "in_progress", "resolved", "ignored", "regressed"] as const;
const articleIds = ARTICLES.map((a) => a.id) as [string, ...string[]];

const lea = z.string().trim().regex(/^[A-Za-z0-9._-]{1,50}$/, "must be an LEA code");
const limit = (max: number, fallback: number) => z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1).max(max).default(fallback);
const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-11-20T00:00:00Z" });
const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "must be a nextCursor from an earlier answer");
const id = z.string().regex(/^\d{1,18}$/, "must be a numeric id");

export const eventFiltersSchema = z
  .object({
    correlationId: z.string().trim().min(1).max(200).optional(),
    problemId: id.optional(),
    lea: lea.optional(),
    client: z.string().trim().min(1).max(200).optional(),
    articleId: z.enum(articleIds, { message: "must be an article id of the catalog (/kb)" }).optional(),
    since: instant.optional(),
    until: instant.optional(),
    limit: limit(500, 50),
    cursor: cursor.optional(),
  })
  .strict()
  .meta({ description: "Filters of GET /api/v1/events; every one narrows the caller's scope, never widens it." });

export const problemFiltersSchema = z
  .object({
    articleId: z.enum(articleIds, { message: "must be an article id of the catalog (/kb)" }).optional(),
    resource: z.string().trim().min(1).max(100).optional(),
    route: z.enum(TEAMS).optional(),
    status: z.enum(STATUSES).optional(),
    lea: lea.optional(),
    days: z.coerce.number({ message: "must be a number" }).int().min(1).max(90).default(30).meta({ description: "The range: the last N days (events are counted inside it)." }),
    limit: limit(200, 50),
    cursor: cursor.optional(),
  })
  .strict();

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
  classificationReason: z.string().nullable().meta({ description: "Why this article: the template, type, code or status that decided and where it matched (null for events stored before reasons were recorded)" }),
  route: z.enum(TEAMS),
  alt: z.enum(TEAMS).nullable(),
  partial: z.boolean().meta({ description: "Read from a log without the response body: classified from logEvidence" }),
  logEvidence: z.unknown().nullable().meta({ description: "What the log said (format, level, logger, exceptionType, message, statusFrom, typeHint); null for events posted with a body" }),
  problemId: z.string(),
  title: z.string().nullable(),
  detail: z.string().nullable(),
  messages: z.array(z.string()),
});

export const eventDetailSchema = eventSchema.extend({
  body: z.unknown().meta({ description: "The response body as received" }),
  validationErrors: z.array(z.object({ path: z.string().nullable(), message: z.string() })),
  requestBody: z.unknown().nullable().meta({ description: "Redacted before it was stored" }),
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
  status: z.enum(STATUSES),
  httpStatus: z.number().int().nullable(),
  events: z.number().int().meta({ description: "Events in the range, inside the caller's scope" }),
  districts: z.number().int().meta({ description: "Districts with events in the range, inside the caller's scope" }),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});

export const eventListSchema = z.object({ events: z.array(eventSchema), nextCursor: z.string().nullable() });
export const problemListSchema = z.object({ problems: z.array(problemSchema), total: z.number().int(), nextCursor: z.string().nullable() });

export type ApiEvent = z.infer<typeof eventSchema>;
export type ApiEventDetail = z.infer<typeof eventDetailSchema>;
export type ApiProblem = z.infer<typeof problemSchema>;
