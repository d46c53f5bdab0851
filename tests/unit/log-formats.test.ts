// The log formats of ../shared/reference/log-formats.md, read from its REAL and RECONSTRUCTED
// samples: records over several lines, the leading-space quirk, (null) properties, local times.
import { describe, expect, it } from "vitest";
import { createLogReader, type OutcomeAt } from "@/lib/logs/reader";
import type { LogFormat } from "@/lib/logs/types";

function read(format: LogFormat, text: string, timeZone = "UTC"): OutcomeAt[] {
  const reader = createLogReader(format, { timeZone });
  const out: OutcomeAt[] = [];
  text.split("\n").forEach((line, i) => out.push(...reader.push(line, i + 1)));
  out.push(...reader.end());
  return out;
}
const events = (outcomes: OutcomeAt[]) => outcomes.flatMap((o) => (o.kind === "event" ? [o.event] : []));

describe("Format A: WebApiLog.log", () => {
  const docsExample = [
    "2024-05-29 11:40:00,268 [.NET TP Worker,2,b9567d36-91c1-4bae-aff5-3fde8367b969] ERROR EdFi.Ods.Api.Services.Controllers.Calendars.EdFi.CalendarsController - MESSAGE: Put",
    " EdFi.Ods.Common.Exceptions.KeyChangeNotSupportedException: Identifying values for the Calendar data cannot be changed. Delete and recreate the item instead.",
  ].join("\n");

  it("reads the documentation's example: action, controller, exception class → method, resource path, status, type", () => {
    const [e] = events(read("edfi-log4net", docsExample, "America/Chicago"));
    expect(e).toMatchObject({
      occurredAt: "2024-05-29T16:40:00.268Z", // CDT is UTC−5
      method: "PUT",
      url: "/data/v3/ed-fi/calendars",
      status: 400,
      client: "2",
      correlationId: "b9567d36-91c1-4bae-aff5-3fde8367b969",
      partial: true,
      evidence: {
        exceptionType: "EdFi.Ods.Common.Exceptions.KeyChangeNotSupportedException",
        typeHint: "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported",
        statusFrom: "exception",
        level: "ERROR",
      },
    });
    expect(e.evidence.message).toBe(
      "Identifying values for the Calendar data cannot be changed. Delete and recreate the item instead.",
    );
  });

  it("starts a record after a line that begins with one space (an entry without an exception ends in a newline and a space)", () => {
    const text = [
      "2024-12-16 14:03:27,912 [.NET TP Worker,4,0f8fad5b-d9cb-469f-a165-70867728950e] ERROR EdFi.Ods.Api.Services.Controllers.Students.EdFi.StudentsController - MESSAGE: GetByIdRequest",
      " EdFi.Ods.Common.Exceptions.NotFoundException: Entity of type 'Student' with id of '6d1b3d3c-7a8e-4b43-a5b6-0f0a4a0c3c11' was not found.",
      "2024-12-16 14:03:31,440 [.NET TP Worker,4,7c9e6679-7425-40de-944b-e07fc1f90ae7] ERROR EdFi.Ods.Api.Middleware.ProblemDetailsErrorEnrichmentMiddleware - MESSAGE: Path '/data/v3/ed-fi/studentz' does not exist. Check the resource name and try again.",
      " 2024-12-16 14:03:35,001 [.NET TP Worker,9,(null)] ERROR EdFi.Ods.Api.Middleware.ProblemDetailsErrorEnrichmentMiddleware - MESSAGE: The endpoint of the request does not support the 'PATCH' method.",
      " ",
    ].join("\n");
    const out = read("edfi-log4net", text);
    expect(out.filter((o) => o.kind === "skipped")).toEqual([]);
    const [notFound, route, method] = events(out);
    expect(notFound).toMatchObject({
      status: 404,
      method: "GET",
      url: "/data/v3/ed-fi/students",
      evidence: { typeHint: "urn:ed-fi:api:not-found" },
    });
    expect(route).toMatchObject({ status: 404, url: "/data/v3/ed-fi/studentz", evidence: { statusFrom: "message" } });
    expect(method).toMatchObject({ status: 405, method: "PATCH", correlationId: undefined });
    expect(out.map((o) => o.line)).toEqual([1, 3, 4]);
  });

  it("reads the Docker variant without client and correlationId, and guesses a raw database error", () => {
    const text = [
      "2024-12-16 14:05:02,118 [.NET TP Worker] ERROR EdFi.Ods.Api.Services.Controllers.StudentSchoolAssociations.EdFi.StudentSchoolAssociationsController - MESSAGE: Post",
      ' Npgsql.PostgresException (0x80004005): 23503: insert or update on table "studentschoolassociation" violates foreign key constraint "fk_857b52_school"',
    ].join("\n");
    // "Npgsql.PostgresException (0x80004005): …" carries an HRESULT before the colon: still an exception line.
    const [e] = events(read("edfi-log4net", text));
    expect(e).toMatchObject({
      method: "POST",
      client: undefined,
      correlationId: undefined,
      status: 409,
      evidence: { exceptionType: "Npgsql.PostgresException", statusFrom: "assumed", typeHint: null },
    });
  });

  it("ignores records that are not error responses, and reports lines before the first record", () => {
    const out = read(
      "edfi-log4net",
      [
        "   at EdFi.Ods.Api.Foo()",
        "2024-12-16 14:00:00,000 [1] WARN  EdFi.Ods.Api.Startup.OdsStartupBase - MESSAGE: Slow start",
      ].join("\n"),
    );
    expect(out).toEqual([
      { kind: "skipped", reason: expect.stringContaining("without a record"), line: 1 },
      { kind: "ignored", reason: "no exception and no error-response message", line: 2 },
    ]);
  });
});

describe("Format B: WebApiRequestResponseDetailsLog.log", () => {
  it("reads the real 2023 line (no CorrelationId) and the 7.3 lines", () => {
    const text = [
      "2023-04-19 19:19:16,898 [64] INFO  ClientId:43 RequestUrl:http://localhost:8765/data/v3/ed-fi/schools RequestMethod:POST ProfilesHeader:application/vnd.ed-fi.school.Test-Profile-Resource-WriteOnly.writable+json ResponseCode:403 ResponseMessage:Forbidden",
      "2024-12-16 14:03:27,915 [.NET TP Worker] INFO  ClientId:4 CorrelationId:0f8fad5b-d9cb-469f-a165-70867728950e RequestUrl:https://api.example.org/data/v3/ed-fi/students/6d1b3d3c7a8e4b43a5b60f0a4a0c3c11 RequestMethod:GET ProfilesHeader:(null) ResponseCode:404 ResponseMessage:NotFound",
      "2024-12-16 14:05:02,118 [.NET TP Worker] ERROR ClientId:4 CorrelationId:9b2e5f1a-3c4d-4e5f-8a9b-0c1d2e3f4a5b RequestUrl:https://api.example.org/data/v3/ed-fi/studentSchoolAssociations RequestMethod:POST ProfilesHeader:(null) ResponseCode:500 ResponseMessage:Detail: An unexpected problem has occurred., Errors: ",
      "System.InvalidOperationException: Sequence contains no elements",
      "   at System.Linq.ThrowHelper.ThrowNoElementsException()",
      "2024-12-16 14:06:00,000 [.NET TP Worker] INFO  ClientId:(null) CorrelationId:(null) RequestUrl:https://api.example.org/data/v3/ed-fi/schools RequestMethod:GET ProfilesHeader:(null) ResponseCode:200 ResponseMessage:OK",
    ].join("\n");
    const out = read("edfi-request-log", text);
    const [forbidden, notFound, failed] = events(out);
    expect(forbidden).toMatchObject({
      occurredAt: "2023-04-19T19:19:16.898Z",
      status: 403,
      method: "POST",
      url: "http://localhost:8765/data/v3/ed-fi/schools",
      client: "43",
      correlationId: undefined,
    });
    expect(notFound).toMatchObject({
      status: 404,
      method: "GET",
      client: "4",
      correlationId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      partial: true,
    });
    expect(failed).toMatchObject({
      status: 500,
      evidence: {
        exceptionType: "System.InvalidOperationException",
        message: "An unexpected problem has occurred., Errors: ",
        typeHint: "urn:ed-fi:api:system",
      },
    });
    expect(out.at(-1)).toMatchObject({ kind: "ignored", line: 6 });
  });
});

describe("Format C: RequestResponseContentLog exported as CSV", () => {
  it("reads the body, a multi-line quoted field, and reports a file cut mid-record", () => {
    const body = JSON.stringify(
      {
        type: "urn:ed-fi:api:not-found",
        title: "Not Found",
        status: 404,
        detail: "The specified data could not be found.",
        correlationId: "c-1",
      },
      null,
      2,
    ).replace(/"/g, '""');
    const text = [
      "Date,Thread,CorrelationId,ApiClientId,Level,RequestUrl,RequestMethod,ProfilesHeader,RequestBody,ResponseBody,ResponseMessage,Exception",
      `2024-12-16 14:03:27.913,12,c-1,4,INFO,https://api.example.org/data/v3/ed-fi/studentz?limit=5,GET,,,"${body}",NotFound,`,
      `2024-12-16 14:04:00.000,12,c-2,4,INFO,https://api.example.org/data/v3/ed-fi/students,POST,,"{""firstName"":""Ana""}",,BadRequest,`,
      `2024-12-16 14:05:00.000,12,c-3,4,ERROR,https://api.example.org/data/v3/ed-fi/students,POST,,,"{""status"": 500, ""det`,
    ].join("\n");
    const out = read("edfi-content-log", text, "America/New_York");
    const [full, statusOnly] = events(out);
    expect(full).toMatchObject({
      occurredAt: "2024-12-16T19:03:27.913Z",
      status: 404,
      url: "https://api.example.org/data/v3/ed-fi/studentz?limit=5",
      correlationId: "c-1",
      client: "4",
      partial: false,
      body: { type: "urn:ed-fi:api:not-found" },
    });
    expect(statusOnly).toMatchObject({ status: 400, partial: true, method: "POST" });
    expect(out.at(-1)).toMatchObject({
      kind: "skipped",
      line: text.split("\n").length,
      reason: expect.stringContaining("cut mid-record"),
    });
  });
});

describe("Format D: the Data Management Service", () => {
  it("reads Frontend events of v8 JSON, joins the Core exception, ignores successes and the Core duplicate", () => {
    const text = [
      '{"Timestamp":"2026-06-29T14:23:45.123Z","Level":"Information","MessageTemplate":"…","Properties":{"Application":"EdFi.DataManagementService","EventName":"HttpRequestCompleted","EventId":{"Id":1228001,"Name":"HttpRequestCompleted"},"SourceContext":"EdFi.DataManagementService.Frontend.AspNetCore.Infrastructure.LoggingMiddleware","RequestLayer":"Frontend","TraceId":"0HN1","Method":"GET","Path":"/ed-fi/students","StatusCode":200,"DurationMs":42,"PathBase":""}}',
      '{"Timestamp":"2026-07-20T15:02:11.4820000+00:00","Level":"Error","MessageTemplate":"…","Exception":"System.InvalidOperationException: <message>\\n   at <frame>","Properties":{"EventName":"HttpRequestFailed","Method":"POST","Path":"/data/ed-fi/students","StatusCode":500,"DurationMs":85,"TraceId":"0HNA1B2C3D4E5:00000007","EventId":{"Id":1228002,"Name":"HttpRequestFailed"},"Application":"EdFi.DataManagementService","RequestLayer":"Core"}}',
      '{"Timestamp":"2026-07-20T15:02:11.4850000+00:00","Level":"Error","MessageTemplate":"…","Properties":{"EventName":"HttpRequestFailed","Method":"POST","Path":"/data/ed-fi/students","StatusCode":500,"DurationMs":87,"TraceId":"0HNA1B2C3D4E5:00000007","EventId":{"Id":1228002,"Name":"HttpRequestFailed"},"SourceContext":"x","Application":"EdFi.DataManagementService","RequestLayer":"Frontend","PathBase":"/api"}}',
      '{"Timestamp":"2026-07-20T15:03:00Z","Level":"Informat',
    ].join("\n");
    const out = read("dms-json", text);
    expect(events(out)).toEqual([
      expect.objectContaining({
        occurredAt: "2026-07-20T15:02:11.485Z",
        method: "POST",
        url: "/api/data/ed-fi/students",
        status: 500,
        correlationId: "0HNA1B2C3D4E5:00000007",
        partial: true,
        evidence: expect.objectContaining({ exceptionType: "System.InvalidOperationException" }),
      }),
    ]);
    expect(out.map((o) => o.kind)).toEqual(["ignored", "ignored", "event", "skipped"]);
  });

  it("reads the v0.7 text lines in local time", () => {
    const text = [
      "2025-12-01 10:15:02.123 INF Request completed: POST /data/ed-fi/schools - Status: 400 - Duration: 12ms - TraceId: 0HN7K2M3Q4R5S:00000003",
      "2025-12-01 10:15:03.000 ERR Request failed: GET /data/ed-fi/students - Duration: 3ms - TraceId: 0HN7K2M3Q4R5S:00000004",
      "System.TimeoutException: The operation has timed out.",
    ].join("\n");
    const [bad, failed] = events(read("dms-text", text, "America/Denver"));
    expect(bad).toMatchObject({
      occurredAt: "2025-12-01T17:15:02.123Z",
      status: 400,
      method: "POST",
      url: "/data/ed-fi/schools",
      correlationId: "0HN7K2M3Q4R5S:00000003",
    });
    expect(failed).toMatchObject({
      status: 500,
      evidence: { statusFrom: "assumed", exceptionType: "System.TimeoutException" },
    });
  });
});

describe("stable event ids", () => {
  it("are the same for the same record read again, and differ between records", () => {
    const line =
      "2023-04-19 19:19:16,898 [64] INFO  ClientId:43 RequestUrl:http://h/data/v3/ed-fi/schools RequestMethod:POST ProfilesHeader:(null) ResponseCode:403 ResponseMessage:Forbidden";
    const a = events(read("edfi-request-log", line))[0].eventId;
    const b = events(read("edfi-request-log", `${line}\n`))[0].eventId;
    const c = events(read("edfi-request-log", line.replace("403", "404")))[0].eventId;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^log:edfi-request-log:[\w-]{32}$/);
  });
});
