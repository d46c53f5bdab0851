// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas that parse the requests
// and shape the answers (schemas.ts, trends.ts, events.schema.ts): nothing here is written twice.
// Checked by Redocly's recommended rules and Spectral's spectral:oas (0 errors, 0 warnings), and a
// client generated from it calls every operation (tests/unit/openapi.test.ts).
import { z } from "zod";
import { INGEST_LIMITS } from "../ingest/decode";
import { ingestEventSchema } from "../ingest/events.schema";
import { PROBLEM_TYPES } from "../http/problem";
import { trendFiltersSchema, trendReportSchema } from "./trends";
import {
  eventDetailSchema,
  eventExportFiltersSchema,
  eventFiltersSchema,
  eventListSchema,
  eventSchema,
  problemDaysSchema,
  problemExportFiltersSchema,
  problemFiltersSchema,
  problemListSchema,
  problemSchema,
} from "./schemas";
import { cleanSchema, ingestEventJsonSchema } from "./openapi-schema";

type JsonSchema = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as JsonSchema;
  return cleanSchema(rest);
}

/** Query parameters of a filter schema, one per property. */
function queryParameters(s: z.ZodType): JsonSchema[] {
  const json = schema(s, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, p]) => {
    const { description, ...rest } = p;
    return {
      name,
      in: "query",
      required: json.required?.includes(name) ?? false,
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

const problemDetails = z.object({
  type: z.string().meta({ description: "urn:triage:<code>" }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  correlationId: z.string(),
  validationErrors: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .meta({ description: "Messages by JSON path: $[3].status for a body, $.limit for a query parameter" }),
});

const ingestResult = z.object({
  accepted: z.number().int().meta({ description: "Events of the request (a request is stored whole or not at all)" }),
  duplicates: z.number().int().meta({ description: "Events already stored (same eventId): not stored twice" }),
  enriched: z.number().int().meta({
    description:
      "Events that completed a stored event of the same request (same correlationId) instead of being stored",
  }),
  events: z.array(
    z.object({
      id: z.string(),
      problemId: z.string(),
      articleId: z.string(),
      route: z.enum(["dev", "ops", "data"]),
      duplicate: z.boolean(),
      enriched: z.boolean().optional().meta({ description: "id is the stored event this one completed" }),
    }),
  ),
});

const MIB = INGEST_LIMITS.maxBytes / 1024 / 1024;
const ref = (kind: "schemas" | "headers" | "parameters", name: string) => ({ $ref: `#/components/${kind}/${name}` });
const correlationHeader = {
  "x-correlation-id": ref("headers", "CorrelationId"),
  "cache-control": ref("headers", "CacheControl"),
};

/** Problem-details answers for the given statuses (Retry-After on 429 and 503, Allow on 405). */
function errorResponses(codes: number[]): Record<string, JsonSchema> {
  return Object.fromEntries(
    codes.map((status) => {
      const headers: JsonSchema = { ...correlationHeader };
      if (status === 429 || status === 503) headers["retry-after"] = ref("headers", "RetryAfter");
      if (status === 405) headers.allow = ref("headers", "Allow");
      if (status === 401) headers["www-authenticate"] = ref("headers", "WwwAuthenticate");
      const title = Object.values(PROBLEM_TYPES).find((t) => t.status === status)?.title ?? "Error";
      return [
        String(status),
        {
          description: ERROR_MEANINGS[status] ?? title,
          headers,
          content: { "application/problem+json": { schema: ref("schemas", "ProblemDetails") } },
        },
      ];
    }),
  );
}

const ERROR_MEANINGS: Record<number, string> = {
  400: "Invalid parameters or body: validationErrors names each by JSON path",
  401: "No session and no API key, or an unknown, revoked or malformed key",
  403: "The key lacks the scope, or the role the permission",
  404: "No such id inside the caller's districts (outside them answers the same)",
  405: "Method not allowed: only the methods in Allow answer on this path",
  413: `Over ${INGEST_LIMITS.maxEvents.toLocaleString("en-US")} events or ${MIB} MiB (${INGEST_LIMITS.maxBytes.toLocaleString("en-US")} bytes)`,
  415: "Content-Type is neither application/json nor application/x-ndjson",
  429: "Over the API key's ingest rate or the server's capacity: retry after Retry-After seconds",
  503: "The database is not reachable: retry after Retry-After seconds",
};

const READ_ERRORS = [400, 401, 403, 405, 503];

function ok(name: string, description: string): JsonSchema {
  return {
    "200": {
      description,
      headers: correlationHeader,
      content: { "application/json": { schema: ref("schemas", name) } },
    },
  };
}

function csv(description: string): JsonSchema {
  return {
    "200": {
      description,
      headers: { ...correlationHeader, "content-disposition": ref("headers", "ContentDisposition") },
      content: {
        "text/csv": {
          schema: {
            type: "string",
            description:
              "RFC 4180 CSV with a header row, UTF-8 with a byte-order mark; cells a spreadsheet would run as a formula start with '",
          },
        },
      },
    },
  };
}

const readSecurity = [{ apiKey: [] }, { session: [] }];

function operation(
  operationId: string,
  tag: string,
  summary: string,
  description: string,
  rest: JsonSchema,
): JsonSchema {
  return { operationId, tags: [tag], summary, description, ...rest };
}

let built: JsonSchema | undefined;

/** The document (built once: it depends on nothing but the code). */
export function openApiDocument(): JsonSchema {
  built ??= buildDocument();
  return built;
}

function buildDocument(): JsonSchema {
  const listEvent = schema(eventListSchema);
  (listEvent.properties as Record<string, JsonSchema>).events = { type: "array", items: ref("schemas", "Event") };
  const listProblem = schema(problemListSchema);
  (listProblem.properties as Record<string, JsonSchema>).problems = { type: "array", items: ref("schemas", "Problem") };
  return {
    openapi: "3.1.0",
    info: {
      title: "Triage API",
      version: "1",
      description:
        "Ingest error events from education-data APIs and read them back, classified and grouped. " +
        "Every read answer is limited to the caller's districts: " +
        "an id, correlationId or filter outside them answers exactly like one that does not exist. " +
        "Errors are RFC 9457 problem details; no answer may be cached (Cache-Control: no-store).",
      contact: { name: "Triage maintainers", url: "https://github.com/triage/triage" },
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/", description: "This server" }],
    security: readSecurity,
    tags: [
      { name: "ingest", description: "Posting error events" },
      { name: "events", description: "Stored events, inside the caller's districts" },
      { name: "problems", description: "Problems (events grouped by cause), inside the caller's districts" },
      { name: "trends", description: "What the trends page draws" },
      { name: "meta", description: "This document" },
    ],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key (`npm run keys -- create NAME --scope ingest,read [--lea CODES]`)",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "A signed-in dashboard session",
        },
      },
      headers: {
        CorrelationId: {
          description:
            "This request's correlationId (the one sent in x-correlation-id when it was valid), also in problem details",
          schema: { type: "string" },
        },
        CacheControl: { description: "Always no-store", schema: { type: "string", const: "no-store" } },
        RetryAfter: { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 1 } },
        Allow: { description: "The methods this path answers", schema: { type: "string" } },
        WwwAuthenticate: { description: "How to authenticate (Bearer)", schema: { type: "string" } },
        ContentDisposition: {
          description: 'attachment; filename="<kind>_<filters>.csv", named after the filters',
          schema: { type: "string" },
        },
      },
      schemas: {
        ProblemDetails: schema(problemDetails),
        IngestEvent: ingestEventJsonSchema(schema(ingestEventSchema, "input")),
        IngestResult: schema(ingestResult),
        Event: schema(eventSchema),
        EventDetail: schema(eventDetailSchema),
        EventList: listEvent,
        Problem: schema(problemSchema),
        ProblemList: listProblem,
        TrendReport: schema(trendReportSchema),
      },
    },
    paths: {
      "/api/v1/events": {
        post: operation(
          "ingestEvents",
          "ingest",
          "Ingest error events",
          `One event, a JSON array of events, or NDJSON; at most ${INGEST_LIMITS.maxEvents.toLocaleString("en-US")} events ` +
            `or ${MIB} MiB (${INGEST_LIMITS.maxBytes.toLocaleString("en-US")} bytes) per request. ` +
            `Stored whole or not at all; eventIds are idempotent per API key.`,
          {
            security: [{ apiKey: [] }],
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: {
                    oneOf: [
                      ref("schemas", "IngestEvent"),
                      {
                        type: "array",
                        minItems: 1,
                        maxItems: INGEST_LIMITS.maxEvents,
                        items: ref("schemas", "IngestEvent"),
                      },
                    ],
                  },
                },
                "application/x-ndjson": {
                  schema: {
                    type: "string",
                    maxLength: INGEST_LIMITS.maxBytes,
                    description: "One IngestEvent (JSON) per line",
                  },
                },
              },
            },
            responses: {
              "202": {
                description: "Accepted: stored, or reported as duplicates or enrichments",
                headers: correlationHeader,
                content: { "application/json": { schema: ref("schemas", "IngestResult") } },
              },
              ...errorResponses([400, 401, 403, 405, 413, 415, 429, 503]),
            },
          },
        ),
        get: operation(
          "listEvents",
          "events",
          "List events",
          "Events newest first, filtered and paged by cursor (nextCursor of the previous answer).",
          {
            parameters: queryParameters(eventFiltersSchema),
            responses: { ...ok("EventList", "Events, newest first"), ...errorResponses(READ_ERRORS) },
          },
        ),
      },
      "/api/v1/events/{id}": {
        get: operation(
          "getEvent",
          "events",
          "One event",
          "The event with its response body, parsed messages, classification and the request as kept (redacted).",
          {
            parameters: [
              {
                name: "id",
                in: "path",
                required: true,
                description: "The event id",
                schema: { type: "string", pattern: "^\\d{1,18}$" },
              },
            ],
            responses: { ...ok("EventDetail", "The event"), ...errorResponses([401, 403, 404, 405, 503]) },
          },
        ),
      },
      "/api/v1/events/export": {
        get: operation(
          "exportEvents",
          "events",
          "Events as CSV",
          "Every matching event as CSV, streamed (newest stored first; a problem's events newest first). Parameters are checked before the file starts.",
          {
            parameters: queryParameters(eventExportFiltersSchema),
            responses: { ...csv("Events as CSV; the file name names the filters"), ...errorResponses(READ_ERRORS) },
          },
        ),
      },
      "/api/v1/problems": {
        get: operation(
          "listProblems",
          "problems",
          "List problems",
          "Problems with events in the range, busiest first (then newest), paged by a keyset cursor: " +
            "problems arriving between pages neither repeat nor push rows out (a problem whose count changes between pages may move).",
          {
            parameters: queryParameters(problemFiltersSchema),
            responses: { ...ok("ProblemList", "Problems, busiest first"), ...errorResponses(READ_ERRORS) },
          },
        ),
      },
      "/api/v1/problems/{id}": {
        get: operation(
          "getProblem",
          "problems",
          "One problem",
          "The problem with its figures over the last `days` inside the caller's districts; 404 when it has no event there.",
          {
            parameters: [
              {
                name: "id",
                in: "path",
                required: true,
                description: "The problem id",
                schema: { type: "string", pattern: "^\\d{1,18}$" },
              },
              ...queryParameters(problemDaysSchema),
            ],
            responses: { ...ok("Problem", "The problem"), ...errorResponses([400, 401, 403, 404, 405, 503]) },
          },
        ),
      },
      "/api/v1/problems/export": {
        get: operation(
          "exportProblems",
          "problems",
          "Problems as CSV",
          "The problem list as CSV, streamed, with the dashboard's URL parameters (lists comma-separated). Parameters are checked before the file starts.",
          {
            parameters: queryParameters(problemExportFiltersSchema),
            responses: { ...csv("Problems as CSV; the file name names the filters"), ...errorResponses(READ_ERRORS) },
          },
        ),
      },
      "/api/v1/trends": {
        get: operation(
          "getTrends",
          "trends",
          "Error trends",
          "Events per local hour or day (by route, status and district) with the previous period, " +
            "top/new/rising problems, resources and API clients, for the caller's districts. " +
            "Every figure is summed from rollups.",
          {
            parameters: queryParameters(trendFiltersSchema),
            responses: { ...ok("TrendReport", "The trends of the range"), ...errorResponses(READ_ERRORS) },
          },
        ),
      },
      "/api/v1/openapi.json": {
        get: operation(
          "getOpenApiDocument",
          "meta",
          "This document",
          "The OpenAPI 3.1 description of this API (no sign-in needed).",
          {
            security: [],
            responses: {
              "200": {
                description: "The OpenAPI document",
                headers: correlationHeader,
                content: { "application/json": { schema: { type: "object" } } },
              },
              ...errorResponses([405]),
            },
          },
        ),
      },
    },
  };
}
