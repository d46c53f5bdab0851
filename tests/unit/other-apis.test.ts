// The ACCESS API, the two generic API documents, text/HTML and empty bodies.
import { describe, expect, it } from "vitest";
import { classifyEvent, parseBody } from "@/lib/problems";

const access = (code: string, message: string) => ({ actionOk: false, error: [code], message });
const generic = (code: string, message: string) => ({ error: { code, message } });

describe("ACCESS API (000): every code of its table", () => {
  it.each([
    [400, "bad-request", "Invalid request body or missing required fields", "bad-request"],
    [401, "unauthorized", "Missing Authorization header", "unauthenticated"],
    [401, "invalid-token", "Bearer token is malformed, expired, or revoked", "access-invalid-token"],
    [403, "Forbidden", "Invalid or missing API key", "forbidden"],
    [403, "no-privilege", "Your token lacks permission for the requested data", "access-no-privilege"],
    [403, "no-districtlea", "Requested district LEA is not in your access scope", "access-no-districtlea"],
    [404, "not-found", "The requested resource does not exist", "not-found"],
    [429, "too-many-requests", "Rate limit or daily quota exceeded", "rate-limited"],
    [500, "internal-error", "Server-side error", "server-error"],
  ])("%i %s", (status, code, message, articleId) => {
    const c = classifyEvent({
      status,
      url: "https://adedata.example.gov/api/v1/students?lea=6001000",
      body: access(code, message),
    });
    expect(c.format).toBe("access");
    expect(c.articleId).toBe(articleId);
    expect(c.resource).toBeNull();
  });

  it("an unknown ACCESS code falls back to its status", () => {
    expect(classifyEvent({ status: 403, body: access("suspended", "Account suspended") }).articleId).toBe("forbidden");
  });
});

describe("generic {error:{code,message}} (003)", () => {
  it.each([
    [400, "INVALID_REQUEST", "Missing required 'user_id' parameter.", "bad-request"],
    [401, "UNAUTHENTICATED", "Authentication credentials not provided or invalid.", "unauthenticated"],
    [403, "PERMISSION_DENIED", "You do not have permission to perform this action.", "forbidden"],
    [404, "RESOURCE_NOT_FOUND", "The requested resource could not be found.", "not-found"],
    [
      429,
      "RATE_LIMIT_EXCEEDED",
      "You have exceeded your allowed request rate. Please try again later.",
      "rate-limited",
    ],
    [
      500,
      "INTERNAL_SERVER_ERROR",
      "An unexpected error occurred. Please try again later or contact support if the problem persists.",
      "server-error",
    ],
    [
      503,
      "SERVICE_UNAVAILABLE",
      "The service is temporarily unavailable. Please try again later.",
      "service-unavailable",
    ],
  ])("%i %s", (status, code, message, articleId) => {
    const c = classifyEvent({ status, body: generic(code, message) });
    expect(c.format).toBe("generic");
    expect(c.articleId).toBe(articleId);
  });

  it("a custom business code is kept and classified by status", () => {
    const body = {
      error: {
        code: "INSUFFICIENT_BALANCE",
        message: "Your account balance is insufficient to complete this transaction.",
        details: { required: "100.00", available: "50.50" },
      },
    };
    const c = classifyEvent({ status: 400, method: "POST", url: "https://api.example.com/api/v1/users", body });
    expect(c.articleId).toBe("bad-request");
    expect(c.parsed.codes).toEqual(["INSUFFICIENT_BALANCE"]);
    expect(c.signature).toContain("INSUFFICIENT_BALANCE");
    expect(c.signature).not.toContain("50.50");
  });
});

describe('generic {error:"…"} (004) and its statuses', () => {
  it("parses the timestamp example", () => {
    const body = {
      error:
        "Invalid 'to' timestamp: Invalid timestamp or format: 2025-05-25T09:41:00, valid formats are ISO8601 or YYYY-MM-DD",
    };
    const c = classifyEvent({ status: 400, body });
    expect(c.format).toBe("generic");
    expect(c.articleId).toBe("bad-request");
    expect(c.parsed.detail).toContain("Invalid 'to' timestamp");
  });
  it.each([
    [401, "unauthenticated"],
    [403, "forbidden"],
    [404, "not-found"],
    [406, "not-acceptable"],
    [415, "unsupported-media-type"],
    [429, "rate-limited"],
    [500, "server-error"],
    [503, "service-unavailable"],
  ])("%i → %s", (status, articleId) => {
    expect(classifyEvent({ status, body: { error: "The service says no." } }).articleId).toBe(articleId);
  });
});

describe("text, HTML and empty bodies", () => {
  it("keeps text and classifies by status", () => {
    const c = classifyEvent({
      status: 502,
      body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><script>alert(1)</script></body></html>",
    });
    expect(c.format).toBe("text");
    expect(c.articleId).toBe("service-unavailable");
    expect(c.parsed.title).toBe("502 Bad Gateway");
    expect(c.parsed.messages[0].text).not.toContain("alert");
  });
  it("empty and missing bodies", () => {
    for (const body of ["", "   ", null, undefined]) {
      const c = classifyEvent({ status: 500, body });
      expect(c.format).toBe("text");
      expect(c.articleId).toBe("server-error");
    }
  });
  it("a JSON body sent as a string is parsed as JSON", () => {
    const c = classifyEvent({
      status: 404,
      body: JSON.stringify({
        detail: "The specified item could not be found.",
        type: "urn:ed-fi:api:not-found",
        status: 404,
      }),
    });
    expect(c.format).toBe("edfi");
    expect(c.articleId).toBe("item-not-found");
  });
  it("an unknown status with text is unclassified but kept", () => {
    const c = classifyEvent({ status: 422, body: "Unprocessable" });
    expect(c.articleId).toBe("unclassified");
    expect(c.matchedArticles).toEqual(["unclassified"]);
  });
  it("an unknown Ed-Fi type keeps its received type and falls back to the status article", () => {
    const c = classifyEvent({
      status: 400,
      body: { type: "urn:ed-fi:api:bad-request:something-new", detail: "New thing", status: 400 },
    });
    expect(c.articleId).toBe("bad-request");
    expect(c.receivedType).toBe("urn:ed-fi:api:bad-request:something-new");
    expect(c.signature).toContain("something-new");
  });
});

describe("Ed-Fi ≤ 7.1 bodies {message, modelState}", () => {
  it("classifies by status and messages", () => {
    const c = classifyEvent({
      status: 400,
      url: "https://ods.example.org/api/data/v3/ed-fi/assessments",
      body: {
        message: "Validation failed",
        modelState: { "request.scores[0].resultDatatypeTypeDescriptor": ["ResultDatatypeTypeDescriptor is required."] },
      },
    });
    expect(c.format).toBe("edfi");
    expect(c.receivedType).toBeNull();
    expect(c.articleId).toBe("missing-required-property-in-collection");
  });
  it("keeps a reason-phrase type without treating it as a URN", () => {
    const c = classifyEvent({
      status: 400,
      body: {
        message:
          "Unable to resolve value 'uri://ed-fi.org/AssessmentCategoryDescriptor#Benchmark test2' to an existing 'AssessmentCategoryDescriptor' resource.",
        type: "Bad Request",
      },
    });
    expect(c.receivedType).toBe("Bad Request");
    expect(c.canonicalType).toBeNull();
    expect(c.articleId).toBe("descriptor-not-found");
    expect(c.signature).toContain("AssessmentCategoryDescriptor");
    expect(c.signature).not.toContain("Benchmark");
  });
  it("reads the RESTError shape {code, type, message}", () => {
    const c = classifyEvent({
      status: 409,
      body: {
        code: 409,
        type: "Conflict",
        message: "The value supplied for the related 'session' resource does not exist.",
      },
    });
    expect(c.parsed.status).toBe(409);
    expect(c.articleId).toBe("unresolved-reference");
    expect(c.signature).toBe("referenced=session");
  });

  it("7.1 authorization message without the hint", () => {
    const c = classifyEvent({
      status: 403,
      body: {
        message:
          "Authorization denied. No relationships have been established between the caller's education organization id claims (255901) and the resource item's 'StudentUniqueId' value.",
      },
    });
    expect(c.articleId).toBe("relationship-missing");
  });
});

describe("parseBody", () => {
  it("reads validationErrors in array form", () => {
    const p = parseBody({
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "d",
      validationErrors: [{ path: "$.a[0]", message: "A is required." }],
    });
    expect(p.messages).toContainEqual({
      source: "validation",
      path: "$.a[0]",
      text: "A is required.",
      at: "validationErrors[0]",
    });
  });
});
