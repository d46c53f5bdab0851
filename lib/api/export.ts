// CSV exports of the problem list (the dashboard's URL filters) and of event lists (the read
// API's filters), streamed: rows are read a batch at a time as the client takes them (a pull
// stream), so memory stays flat whatever the size. The file name says which filters made it.
// Parameters are checked and the first batch read before the answer starts, so a bad filter or
// an unreachable database is a problem-details answer, never a file cut off mid-stream.
import { educationOrgNames } from "../districts/store";
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { csvLine } from "../http/csv";
import { eventBatches } from "../queries/event-list";
import { streamProblemRows } from "../queries/problem-stream";
import { routeReasonsFor } from "../queries/route-reasons";
import { filterQuery, loadProblemSearch } from "../search-params/problems";
import { parseQuery } from "./query-params";
import { eventExportFiltersSchema, problemExportFiltersSchema } from "./schemas";

const EXPORT_BATCH = 2_000;

/** "problems_range-7d_lea-255901.csv": the filters, made safe for a file name. */
export function exportFileName(kind: "problems" | "events", filters: [string, string][]): string {
  const part = (text: string) => trimDashes(text.slice(0, 80).replace(/[^A-Za-z0-9_-]+/g, "-")).slice(0, 40);
  const parts = filters.filter(([, v]) => v !== "").map(([k, v]) => `${part(k)}-${part(v)}`);
  return `${[kind, ...parts].join("_").slice(0, 180)}.csv`;
}

function trimDashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === "-") start++;
  while (end > start && text[end - 1] === "-") end--;
  return text.slice(start, end);
}

async function csvStream(header: string[], batches: AsyncGenerator<unknown[][]>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const first = await batches.next();
  let pending: unknown[][] | null = first.done ? null : first.value;
  let done = Boolean(first.done);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
      },
      async pull(controller) {
        if (pending) {
          controller.enqueue(encoder.encode(pending.map(csvLine).join("")));
          pending = null;
          return;
        }
        if (done) return controller.close();
        const next = await batches.next();
        if (next.done) {
          done = true;
          return controller.close();
        }
        controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

function csvResponse(fileName: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}

export async function exportProblemsCsv(
  db: Database,
  scope: Scope,
  params: URLSearchParams,
  batch = EXPORT_BATCH,
): Promise<Response> {
  const { tz } = parseQuery(problemExportFiltersSchema, params);
  const search = loadProblemSearch(params);
  const filters = new URLSearchParams(filterQuery(search));
  const header = [
    "id",
    "article_id",
    "article_title",
    "http_status",
    "type",
    "resource",
    "what_varies",
    "events",
    "districts",
    "first_seen",
    "last_seen",
    "route",
    "route_reason",
    "assignee",
    "status",
    "url",
  ];
  async function* rows() {
    const reasons = await routeReasonsFor(db, scope); // a rule's reason names only what the viewer may see
    for await (const page of streamProblemRows(db, scope, search, batch, { timeZone: tz })) {
      yield page.map((p) => [
        p.id,
        p.articleId,
        p.articleTitle,
        p.httpStatus,
        p.canonicalType,
        p.resource,
        p.signature,
        p.events,
        p.districts,
        p.firstSeenAt,
        p.lastSeenAt,
        p.route,
        reasons(p.routeReason),
        p.assignee?.name ?? "",
        p.status,
        `/problems/${p.id}`,
      ]);
    }
  }
  return csvResponse(exportFileName("problems", [...filters.entries()]), await csvStream(header, rows()));
}

export async function exportEventsCsv(
  db: Database,
  scope: Scope,
  params: URLSearchParams,
  batch = EXPORT_BATCH,
): Promise<Response> {
  const filters = parseQuery(eventExportFiltersSchema, params);
  const header = [
    "id",
    "occurred_at",
    "status",
    "method",
    "url",
    "lea",
    "district",
    "client",
    "correlation_id",
    "article_id",
    "route",
    "problem_id",
    "detail",
    "messages",
  ];
  const districts = await educationOrgNames(db);
  async function* rows() {
    for await (const events of eventBatches(db, scope, filters, batch)) {
      yield events.map((e) => [
        e.id,
        e.occurredAt,
        e.status,
        e.method,
        e.url,
        e.lea,
        e.lea ? (districts.get(e.lea) ?? "") : "",
        e.client,
        e.correlationId,
        e.articleId,
        e.route,
        e.problemId,
        e.detail,
        e.messages.join(" | "),
      ]);
    }
  }
  const named = Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string");
  return csvResponse(exportFileName("events", named), await csvStream(header, rows()));
}
