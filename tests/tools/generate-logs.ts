// Realistic Ed-Fi log files, generated from the patterns of ../shared/reference/log-formats.md
// (never committed: tests and the bench write them to a temporary directory). Every format, with
// what makes them hard: records over several lines (exceptions, stack traces), the leading-space
// quirk of WebApiLog.log, (null) properties, server-local times across the fall-back hour
// (America/New_York: the files start at 01:45 on 2024-11-03, and 01:00–02:00 happens twice), rotation (a file that starts
// mid-record, a gzipped rotated file), malformed lines and a file cut mid-record.
// The generator returns what an import must find (the ground truth), counted as it writes.
//
//   npx tsx tests/tools/generate-logs.ts DIR [MEGABYTES]
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { random } from "../support/random";
import type { LogFormat } from "@/lib/logs/types";

export const LOG_TIME_ZONE = "America/New_York";

export interface FileTruth {
  file: string;
  format: LogFormat;
  lines: number;
  /** Error responses the import must store (before de-duplication). */
  events: number;
  partial: number;
  ignored: number;
  skipped: number;
}

export interface GeneratedLogs {
  dir: string;
  files: FileTruth[];
  /** correlationId → the article its full body classifies to (records that share it across files). */
  shared: Map<string, string>;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const hex = (rng: Rng, n = 32) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rng() * 16)]).join("");
const uuid = (rng: Rng) => {
  const h = hex(rng);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Local wall-clock text for a moment of the generated timeline: 2024-11-03 01:45 local onwards, 1.5 s apart on average. */
class Timeline {
  private wall = Date.UTC(2024, 10, 3, 1, 45, 0); // local wall clock as if UTC
  private repeated = false;
  constructor(private readonly rng: Rng) {}
  /** Advances, repeating 01:00–02:00 once on 2024-11-03 (the fall-back hour), and returns log4net's text. */
  next(sep = ","): string {
    this.wall += Math.floor(this.rng() * 3_000);
    const fallBack = Date.UTC(2024, 10, 3, 2, 0, 0);
    if (!this.repeated && this.wall >= fallBack) {
      this.wall -= 3_600_000;
      this.repeated = true;
    }
    const d = new Date(this.wall);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${sep}${pad(d.getUTCMilliseconds(), 3)}`;
  }
}

const RESOURCES = [
  ["Students", "students"],
  ["StudentSchoolAssociations", "studentSchoolAssociations"],
  ["Calendars", "calendars"],
  ["Grades", "grades"],
  ["Sections", "sections"],
] as const;
const ACTIONS = [
  ["Post", "POST"],
  ["Put", "PUT"],
  ["Delete", "DELETE"],
  ["GetByIdRequest", "GET"],
  ["GetAllRequest", "GET"],
] as const;

/** Exceptions ODS/API 7.2–7.3 logs at ERROR, with the article each classifies to. */
const EXCEPTIONS = [
  {
    type: "EdFi.Ods.Common.Exceptions.NotFoundException",
    message: (r: Rng) => `Entity of type 'Student' with id of '${uuid(r)}' was not found.`,
    article: "item-not-found",
    status: 404,
  },
  {
    type: "EdFi.Ods.Common.Exceptions.KeyChangeNotSupportedException",
    message: () => "Identifying values for the Calendar data cannot be changed. Delete and recreate the item instead.",
    article: "key-change-not-supported",
    status: 400,
  },
  {
    type: "EdFi.Ods.Common.Exceptions.UnresolvedReferenceException",
    message: () => "The referenced 'Session' item does not exist.",
    article: "unresolved-reference",
    status: 409,
  },
  {
    type: "EdFi.Ods.Common.Exceptions.DependentResourceItemExistsException",
    message: () =>
      "The requested action cannot be performed because this item is referenced by existing StudentSectionAssociation item(s).",
    article: "dependent-item-exists",
    status: 409,
  },
  {
    type: "EdFi.Ods.Common.Exceptions.SecurityAuthorizationException",
    message: (r: Rng) =>
      `No relationships have been established between the caller's education organization id claim (${255901000 + Math.floor(r() * 100)}) and the resource item's 'StudentUniqueId' value.`,
    article: "relationship-missing",
    status: 403,
  },
  {
    type: "EdFi.Ods.Common.Exceptions.OptimisticLockException",
    message: () =>
      "The resource item's etag value does not match what was specified in the 'If-Match' request header indicating that it has been modified by another client since it was last retrieved.",
    article: "optimistic-lock-failed",
    status: 412,
  },
] as const;

const STACK = [
  "   at EdFi.Ods.Api.Infrastructure.Pipelines.PipelineStep.ExecuteAsync(TContext context, TResult result, CancellationToken ct)",
  "   at EdFi.Ods.Api.Controllers.DataManagementControllerBase`1.Put(TPutRequest request, Guid id)",
  "--- End of stack trace from previous location ---",
];

class Writer {
  lines = 0;
  private readonly out: WriteStream;
  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }
  line(text: string) {
    this.lines++;
    this.out.write(`${text}\n`);
  }
  /** Text without the final newline (a file cut mid-line). */
  raw(text: string) {
    this.lines++;
    this.out.write(text);
  }
  /** Waits while the stream's buffer is full (a gigabyte would otherwise sit in memory). */
  pace(): Promise<void> {
    return this.out.writableNeedDrain ? new Promise((resolve) => this.out.once("drain", resolve)) : Promise.resolve();
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
  get bytes() {
    return this.out.bytesWritten + this.out.writableLength;
  }
}

export async function generateLogs(
  dir: string,
  megabytes = 2,
  seed = 11,
  only?: "edfi-log4net",
): Promise<GeneratedLogs> {
  mkdirSync(dir, { recursive: true });
  const rng = random(seed);
  // Bytes per format; `only` (the bench) writes one format, uncompressed, of the whole size.
  const target = only ? megabytes * 1024 * 1024 : (megabytes * 1024 * 1024) / 6;
  const shared = new Map<string, string>();
  const files: FileTruth[] = [];
  const sharedIds: string[] = [];

  // ---- A: WebApiLog.log (rotated: WebApiLog.log.1.gz is older, WebApiLog.log starts mid-record) --
  {
    const time = new Timeline(rng);
    const truthOld: FileTruth = {
      file: "WebApiLog.log.1",
      format: "edfi-log4net",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    const truthNew: FileTruth = {
      file: "WebApiLog.log",
      format: "edfi-log4net",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    let w = new Writer(join(dir, "WebApiLog.log.1"));
    let truth = truthOld;
    let pendingSpace = false;
    let rotated = false;
    while (w.bytes < target) {
      if (!rotated && !only && w.bytes > target / 2) {
        // Rotation in the middle of a record: its stack trace continues in the new file.
        w.line(
          `${pendingSpace ? " " : ""}${time.next()} [.NET TP Worker,7,${uuid(rng)}] ERROR EdFi.Ods.Api.Services.Controllers.Grades.EdFi.GradesController - MESSAGE: Post`,
        );
        w.line(
          " EdFi.Ods.Common.Exceptions.UnresolvedReferenceException: The referenced 'GradingPeriod' item does not exist.",
        );
        truth.events++;
        truth.partial++;
        truth.lines = w.lines;
        await w.close();
        w = new Writer(join(dir, "WebApiLog.log"));
        truth = truthNew;
        for (const s of STACK) w.line(s); // orphans: the new file starts mid-record
        truth.skipped += STACK.length;
        pendingSpace = false;
        rotated = true;
      }
      await w.pace();
      const lead = pendingSpace ? " " : "";
      const r = rng();
      if (r < 0.6) {
        const [plural, segment] = pick(rng, RESOURCES);
        const [action] = pick(rng, ACTIONS);
        const ex = pick(rng, EXCEPTIONS);
        const client = rng() < 0.9 ? String(1 + Math.floor(rng() * 9)) : "(null)";
        const correlationId = uuid(rng);
        w.line(
          `${lead}${time.next()} [.NET TP Worker,${client},${correlationId}] ERROR EdFi.Ods.Api.Services.Controllers.${plural}.EdFi.${plural}Controller - MESSAGE: ${action}`,
        );
        w.line(` ${ex.type}: ${ex.message(rng)}`);
        const frames = Math.floor(rng() * 4);
        for (let i = 0; i < frames; i++) w.line(pick(rng, STACK));
        pendingSpace = false;
        truth.events++;
        truth.partial++;
        if (sharedIds.length < 50 && ex.article === "unresolved-reference" && segment === "grades")
          sharedIds.push(correlationId);
      } else if (r < 0.75) {
        w.line(
          `${lead}${time.next()} [.NET TP Worker,(null),${uuid(rng)}] ERROR EdFi.Ods.Api.Middleware.ProblemDetailsErrorEnrichmentMiddleware - MESSAGE: Path '/data/v3/ed-fi/${pick(rng, ["studentz", "schoolz", "calendar"])}' does not exist. Check the resource name and try again.`,
        );
        pendingSpace = true; // no exception: the entry ends in "\n " and the next begins with a space
        truth.events++;
        truth.partial++;
      } else {
        w.line(
          `${lead}${time.next()} [1,(null),(null)] WARN  EdFi.Ods.Api.Startup.OdsStartupBase - MESSAGE: Slow response from the security database (${Math.floor(rng() * 900)} ms)`,
        );
        pendingSpace = true;
        truth.ignored++;
      }
    }
    truth.lines = w.lines;
    await w.close();
    files.push(truthOld, truthNew);
    if (only) return { dir, files: [truthOld], shared };
  }

  // ---- B: WebApiRequestResponseDetailsLog.log (INFO: 4xx lines; ERROR: 500 with its exception) ----
  {
    const time = new Timeline(rng);
    const w = new Writer(join(dir, "WebApiRequestResponseDetailsLog.log"));
    const truth: FileTruth = {
      file: "WebApiRequestResponseDetailsLog.log",
      format: "edfi-request-log",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    let shareAt = 0;
    while (w.bytes < target) {
      const r = rng();
      const [, segment] = pick(rng, RESOURCES);
      const client = rng() < 0.95 ? String(1 + Math.floor(rng() * 9)) : "(null)";
      const correlationId = shareAt < sharedIds.length && rng() < 0.05 ? sharedIds[shareAt++] : uuid(rng);
      const url = `https://api.example.org/data/v3/ed-fi/${segment}`;
      if (r < 0.45) {
        const [status, name] = pick(rng, [
          [404, "NotFound"],
          [409, "Conflict"],
          [403, "Forbidden"],
          [400, "BadRequest"],
        ] as const);
        w.line(
          `${time.next()} [.NET TP Worker] INFO  ClientId:${client} CorrelationId:${correlationId} RequestUrl:${url} RequestMethod:POST ProfilesHeader:(null) ResponseCode:${status} ResponseMessage:${name}`,
        );
        truth.events++;
        truth.partial++;
      } else if (r < 0.55) {
        w.line(
          `${time.next()} [.NET TP Worker] ERROR ClientId:${client} CorrelationId:${correlationId} RequestUrl:${url} RequestMethod:PUT ProfilesHeader:(null) ResponseCode:500 ResponseMessage:Detail: An unexpected problem has occurred., Errors: `,
        );
        w.line("System.InvalidOperationException: Sequence contains no elements");
        w.line("   at System.Linq.ThrowHelper.ThrowNoElementsException()");
        truth.events++;
        truth.partial++;
      } else if (r < 0.99) {
        w.line(
          `${time.next()} [.NET TP Worker] INFO  ClientId:${client} CorrelationId:${correlationId} RequestUrl:${url} RequestMethod:GET ProfilesHeader:(null) ResponseCode:200 ResponseMessage:OK`,
        );
        truth.ignored++;
      } else {
        w.line(`${time.next()} [.NET TP Worker] INFO  ClientId:4 garbled line without the fields`);
        truth.skipped++;
      }
    }
    truth.lines = w.lines;
    await w.close();
    files.push(truth);
  }

  // ---- C: RequestResponseContentLog as CSV (bodies over several lines; the last row cut) ----------
  {
    const time = new Timeline(rng);
    const w = new Writer(join(dir, "RequestResponseContentLog.csv"));
    const truth: FileTruth = {
      file: "RequestResponseContentLog.csv",
      format: "edfi-content-log",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    w.line(
      "Date,Thread,CorrelationId,ApiClientId,Level,RequestUrl,RequestMethod,ProfilesHeader,RequestBody,ResponseBody,ResponseMessage,Exception",
    );
    const csv = (s: string) => `"${s.replace(/"/g, '""')}"`;
    let shareAt = 0;
    while (w.bytes < target) {
      const correlationId = shareAt < sharedIds.length ? sharedIds[shareAt++] : uuid(rng);
      const isShared = sharedIds.includes(correlationId);
      const body = isShared
        ? {
            type: "urn:ed-fi:api:data-conflict:unresolved-reference",
            title: "Unresolved Reference",
            status: 409,
            correlationId,
            detail: "The referenced 'GradingPeriod' item does not exist.",
          }
        : pick(rng, [
            {
              type: "urn:ed-fi:api:bad-request:data-validation-failed",
              title: "Data Validation Failed",
              status: 400,
              correlationId,
              detail: "Data validation failed. See 'validationErrors' for details.",
              validationErrors: {
                "$.sexDescriptor": ["SexDescriptor value 'uri://ed-fi.org/SexDescriptor#X' does not exist."],
              },
            },
            {
              type: "urn:ed-fi:api:not-found",
              title: "Not Found",
              status: 404,
              correlationId,
              detail: "The specified data could not be found.",
            },
          ]);
      if (isShared) shared.set(correlationId, "unresolved-reference");
      const pretty = rng() < 0.5 ? JSON.stringify(body, null, 2) : JSON.stringify(body);
      const row = [
        time.next("."),
        "12",
        correlationId,
        "4",
        "INFO",
        `https://api.example.org/data/v3/ed-fi/grades?limit=25`,
        "POST",
        "",
        csv('{"studentUniqueId":"[redacted]"}'),
        csv(pretty),
        body.status === 404 ? "NotFound" : body.status === 409 ? "Conflict" : "BadRequest",
        "",
      ];
      for (const l of row.join(",").split("\n")) w.line(l);
      truth.events++;
    }
    // A row without a body (only 500 bodies kept by default): partial, status from ResponseMessage.
    w.line(
      `${time.next(".")},12,${uuid(rng)},4,INFO,https://api.example.org/data/v3/ed-fi/students,DELETE,,,,NotFound,`,
    );
    truth.events++;
    truth.partial++;
    // A file cut in the middle of a quoted body.
    w.raw(
      `${time.next(".")},12,${uuid(rng)},4,INFO,https://api.example.org/data/v3/ed-fi/students,POST,,,"{""status"": 409, ""detail"": ""The refer`,
    );
    truth.skipped++;
    truth.lines = w.lines;
    await w.close();
    files.push(truth);
  }

  // ---- D: DMS JSON (v8) and text (v0.7) -----------------------------------------------------------
  {
    const w = new Writer(join(dir, "dms-20241103.log"));
    const truth: FileTruth = {
      file: "dms-20241103.log",
      format: "dms-json",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    let t = Date.UTC(2024, 10, 3, 5, 0, 0);
    while (w.bytes < target) {
      t += Math.floor(rng() * 2_000);
      const traceId = `0HN${hex(rng, 10).toUpperCase()}:0000000${Math.floor(rng() * 9)}`;
      const path = `/data/ed-fi/${pick(rng, RESOURCES)[1]}`;
      const base = (layer: string, status: number, extra: Record<string, unknown> = {}) =>
        JSON.stringify({
          Timestamp: new Date(t).toISOString(),
          Level: status >= 500 ? "Error" : "Information",
          MessageTemplate:
            "{EventName}: DMS request completed: {Method} {Path} responded {StatusCode} in {DurationMs} ms with TraceId {TraceId}",
          ...extra,
          Properties: {
            Application: "EdFi.DataManagementService",
            EventName: status >= 500 ? "HttpRequestFailed" : "HttpRequestCompleted",
            EventId: { Id: status >= 500 ? 1228002 : 1228001, Name: "x" },
            RequestLayer: layer,
            TraceId: traceId,
            Method: "POST",
            Path: path,
            StatusCode: status,
            DurationMs: 12,
            PathBase: "",
          },
        });
      const r = rng();
      if (r < 0.5) {
        w.line(base("Frontend", 200));
        truth.ignored++;
      } else if (r < 0.85) {
        w.line(base("Frontend", pick(rng, [400, 404, 409, 403])));
        truth.events++;
        truth.partial++;
      } else if (r < 0.99) {
        w.line(base("Core", 500, { Exception: "System.InvalidOperationException: boom\n   at Core.Handle()" }));
        w.line(base("Frontend", 500));
        truth.ignored++;
        truth.events++;
        truth.partial++;
      } else {
        w.line(`{"Timestamp":"${new Date(t).toISOString()}","Level":"Informa`); // cut line
        truth.skipped++;
      }
    }
    truth.lines = w.lines;
    await w.close();
    files.push(truth);
  }
  {
    const time = new Timeline(rng);
    const w = new Writer(join(dir, "dms-text.log"));
    const truth: FileTruth = {
      file: "dms-text.log",
      format: "dms-text",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    while (w.bytes < target / 2) {
      const trace = `0HN${hex(rng, 10).toUpperCase()}:00000003`;
      const r = rng();
      if (r < 0.6) {
        w.line(
          `${time.next(".")} INF Request completed: POST /data/ed-fi/schools - Status: ${pick(rng, [400, 404, 409])} - Duration: 12ms - TraceId: ${trace}`,
        );
        truth.events++;
        truth.partial++;
      } else if (r < 0.9) {
        w.line(
          `${time.next(".")} INF Request completed: GET /data/ed-fi/schools - Status: 200 - Duration: 3ms - TraceId: ${trace}`,
        );
        truth.ignored++;
      } else {
        w.line(`${time.next(".")} ERR Request failed: GET /data/ed-fi/students - Duration: 3ms - TraceId: ${trace}`);
        w.line("System.TimeoutException: The operation has timed out.");
        w.line("   at Npgsql.Internal.NpgsqlConnector.ReadMessage()");
        truth.events++;
        truth.partial++;
      }
    }
    truth.lines = w.lines;
    await w.close();
    files.push(truth);
  }

  // ---- ndjson: events as POST /api/v1/events takes them (an API that wrote its errors to a file) ----
  {
    const w = new Writer(join(dir, "events.ndjson"));
    const truth: FileTruth = {
      file: "events.ndjson",
      format: "ndjson",
      lines: 0,
      events: 0,
      partial: 0,
      ignored: 0,
      skipped: 0,
    };
    let t = Date.UTC(2024, 10, 3, 6, 0, 0);
    while (w.bytes < target / 2) {
      t += Math.floor(rng() * 2_000);
      const r = rng();
      if (r < 0.97) {
        w.line(
          JSON.stringify({
            occurredAt: new Date(t).toISOString(),
            method: "POST",
            url: "https://api.example.org/data/v3/ed-fi/students",
            status: 400,
            client: "Roster Sync",
            correlationId: uuid(rng),
            body: {
              type: "urn:ed-fi:api:bad-request:data-validation-failed",
              detail: "Data validation failed.",
              validationErrors: { "$.lastSurname": ["LastSurname is required."] },
            },
          }),
        );
        truth.events++;
      } else if (r < 0.985) {
        w.line(`{"occurredAt":"${new Date(t).toISOString()}","status":40`); // cut
        truth.skipped++;
      } else {
        w.line(JSON.stringify({ occurredAt: new Date(t).toISOString(), body: "no status" }));
        truth.skipped++;
      }
    }
    truth.lines = w.lines;
    await w.close();
    files.push(truth);
  }

  // ---- the rotated log4net file, gzipped as logrotate leaves it -------------------------------------
  const { readFileSync, rmSync } = await import("node:fs");
  const oldLog = join(dir, "WebApiLog.log.1");
  writeFileSync(`${oldLog}.gz`, gzipSync(readFileSync(oldLog)));
  rmSync(oldLog);
  files[0].file = "WebApiLog.log.1.gz";
  return { dir, files, shared };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, mb] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: npx tsx tests/tools/generate-logs.ts DIR [MEGABYTES]");
    process.exit(2);
  }
  generateLogs(dir, Number(mb ?? 2)).then((g) => console.table(g.files));
}
