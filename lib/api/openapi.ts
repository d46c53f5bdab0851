// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas that parse the requests
// and shape the answers (schemas.ts, events.schema.ts): nothing here is written twice.
import { z } from "zod";
import { ingestEventSchema } from "../ingest/events.schema";
import { PROBLEM_TYPES } from "../http/problem";
import { trendFiltersSchema, trendReportSchema } from "./trends";
import { eventDetailSchema, eventFiltersSchema, eventListSchema, problemFiltersSchema, problemListSchema, problemSchema } from "./schemas";

type JsonSchema = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Query parameters of a filter schema, one per property. */
function queryParameters(s: z.ZodObject): JsonSchema[] {
  const json = schema(s, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, p]) => ({ name, in: "query", required: json.required?.includes(name) ?? false, schema: p, ...(p.description ? { description: p.description } : {}) }));
}

const problemDetails = z.object({
  type: z.string().meta({ description: "urn:triage:<code>" }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  correlationId: z.string(),
  validationErrors: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Messages by JSON path ($[3].status, $.limit)" }),
});

const errorResponses = (codes: number[]) =>
  Object.fromEntries(
    codes.map((status) => [
      String(status),
      {
        description: Object.values(PROBLEM_TYPES).find((t) => t.status === status)?.title ?? "Error",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/ProblemDetails" } } },
      },
    ]),
  );

const ok = (ref: string, description: string) => ({ "200": { description, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } } });
const csv = (description: string) => ({ "200": { description, content: { "text/csv": { schema: { type: "string" } } } } });
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^\\d{1,18}$" } };
const readSecurity = [{ apiKey: [] }, { session: [] }];

export function openApiDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Triage API",
      version: "1",
      description:
        "Ingest error events from education-data APIs and read them back, classified and grouped. Every read answer is limited to the caller's districts: an id, correlationId or filter outside them answers exactly like one that does not exist. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
    security: readSecurity,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key (`npm run keys -- create NAME --scope ingest,read [--lea CODES]`)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A signed-in dashboard session" },
      },
      schemas: {
        ProblemDetails: schema(problemDetails),
        IngestEvent: schema(ingestEventSchema, "input"),
        Event: schema(eventListSchema.shape.events.element),
        EventDetail: schema(eventDetailSchema),
        EventList: schema(eventListSchema),
        Problem: schema(problemSchema),
        ProblemList: schema(problemListSchema),
        TrendReport: schema(trendReportSchema),
      },
    },
    paths: {
      "/api/v1/events": {
        post: {
          summary: "Ingest error events",
          description: "One event, a JSON array of events, or NDJSON; at most 10,000 events or 10 MB. Stored whole or not at all; eventIds are idempotent per API key.",
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/IngestEvent" }, { type: "array", items: { $ref: "#/components/schemas/IngestEvent" } }] } },
              "application/x-ndjson": { schema: { type: "string", description: "One IngestEvent per line" } },
            },
          },
          responses: {
            "202": { description: "Accepted (duplicates reported, not stored twice; enriched: events that completed a stored event of the same request, same correlationId, instead of being stored)", content: { "application/json": { schema: { type: "object", properties: { accepted: { type: "integer" }, duplicates: { type: "integer" }, enriched: { type: "integer" }, events: { type: "array" } } } } } },
            ...errorResponses([400, 401, 403, 413, 415, 429, 503]),
          },
        },
        get: { summary: "List events", parameters: queryParameters(eventFiltersSchema), responses: { ...ok("EventList", "Events, newest first"), ...errorResponses([400, 401, 403]) } },
      },
      "/api/v1/events/{id}": { get: { summary: "One event", parameters: [idParameter], responses: { ...ok("EventDetail", "The event"), ...errorResponses([401, 403, 404]) } } },
      "/api/v1/problems": { get: { summary: "List problems", parameters: queryParameters(problemFiltersSchema), responses: { ...ok("ProblemList", "Problems, busiest first"), ...errorResponses([400, 401, 403]) } } },
      "/api/v1/problems/{id}": {
        get: { summary: "One problem", parameters: [idParameter, ...queryParameters(problemFiltersSchema.pick({ days: true }))], responses: { ...ok("Problem", "The problem"), ...errorResponses([401, 403, 404]) } },
      },
      "/api/v1/trends": {
        get: {
          summary: "Error trends: what the trends page draws",
          description: "Events per local hour or day (by route, status and district) with the previous period, top/new/rising problems, resources and API clients, for the caller's districts. Every figure is summed from rollups.",
          parameters: queryParameters(trendFiltersSchema),
          responses: { ...ok("TrendReport", "The trends of the range"), ...errorResponses([400, 401, 403]) },
        },
      },
      "/api/v1/events/export": {
        get: { summary: "Every matching event as CSV, streamed (newest stored first; a problem's events newest first)", parameters: queryParameters(eventFiltersSchema.omit({ limit: true, cursor: true })), responses: { ...csv("Events as CSV; the file name names the filters"), ...errorResponses([400, 401, 403]) } },
      },
      "/api/v1/problems/export": {
        get: {
          summary: "The problem list as CSV, streamed",
          description: "Takes the dashboard's URL parameters (q, article, type, resource, route, status, assignee, lea, client, range, from, to, sort; lists comma-separated); unknown values fall back to their defaults.",
          responses: { ...csv("Problems as CSV; the file name names the filters"), ...errorResponses([401, 403]) },
        },
      },
    },
  };
}
