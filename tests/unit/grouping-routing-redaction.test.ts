import { describe, expect, it } from "vitest";
import {
  classifyEvent,
  maskResponseValues,
  redactBody,
  redactHeaders,
  redactLogEvidence,
  redactUrl,
  REDACTED,
  resourceFromUrl,
  suggestRoute,
} from "@/lib/problems";

describe("resourceFromUrl", () => {
  it.each([
    ["https://api.ed-fi.org/v7.2/api/data/v3/ed-fi/students/6d1b3d3c7a8e4b43", "students"],
    ["https://h/v7.2/api/data/v3/ed-fi/students?limit=5", "students"],
    ["https://h/api/data/v3/2025/ed-fi/Students", "students"],
    ["https://h/api/data/v3/255901/2025/ed-fi/StudentSchoolAssociations/abc", "studentSchoolAssociations"],
    ["https://h/data/v3/tpdm/candidates", "candidates"],
    ["/data/ed-fi/academicWeeks", "academicWeeks"],
    ["/ed-fi/students", "students"],
    ["https://h/data/v3/grand-bend/assessmentVendorThings", "assessmentVendorThings"],
    ["https://h/composites/v1/ed-fi/enrollment/students", "enrollment"],
    ["https://adedata.example.gov/api/v1/students", null],
    ["not a url at all ::", null],
    [null, null],
  ])("%s → %s", (url, resource) => {
    expect(resourceFromUrl(url)).toBe(resource);
  });
});

describe("grouping", () => {
  const descriptorEvent = (value: string, lea: string, correlationId: string) => ({
    status: 400,
    url: `https://${lea}.example.org/v7.2/api/data/v3/ed-fi/studentAcademicRecords/${correlationId}`,
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "Data validation failed.",
      correlationId,
      validationErrors: { "$.termDescriptor": [`TermDescriptor value '${value}' does not exist.`] },
    },
  });
  it("same cause, other values, districts and correlationIds → one fingerprint", () => {
    const a = classifyEvent(descriptorEvent("uri://ed-fi.org/TermDescriptor#Spring", "d1", "c-1"));
    const b = classifyEvent(descriptorEvent("uri://x.org/TermDescriptor#Fall", "d2", "c-2"));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.signature).toBe("descriptor=TermDescriptor; paths=$.termDescriptor");
  });
  it("another descriptor, path or resource → another fingerprint", () => {
    const base = classifyEvent(descriptorEvent("v", "d", "c"));
    const otherPath = classifyEvent({
      ...descriptorEvent("v", "d", "c"),
      body: {
        type: "urn:ed-fi:api:bad-request:data-validation-failed",
        detail: "d",
        validationErrors: { "$.gradeLevelDescriptor": ["GradeLevelDescriptor value 'v' does not exist."] },
      },
    });
    const otherResource = classifyEvent({ ...descriptorEvent("v", "d", "c"), url: "https://h/data/v3/ed-fi/students" });
    expect(new Set([base.fingerprint, otherPath.fingerprint, otherResource.fingerprint]).size).toBe(3);
  });
  it("array indexes are normalised", () => {
    const at = (i: number) =>
      classifyEvent({
        status: 400,
        url: "/data/v3/ed-fi/assessments",
        body: {
          type: "urn:ed-fi:api:bad-request:data-validation-failed",
          detail: "d",
          validationErrors: {
            [`$.scores[${i}].assessmentReportingMethodDescriptor`]: [
              "AssessmentReportingMethodDescriptor is required.",
            ],
          },
        },
      });
    expect(at(1).fingerprint).toBe(at(7).fingerprint);
    expect(at(1).signature).toBe("paths=$.scores[*].assessmentReportingMethodDescriptor");
  });
  it("claim set and action are part of the signature, values are not", () => {
    const c = classifyEvent({
      status: 403,
      body: {
        type: "urn:ed-fi:api:security:authorization:access-denied:action",
        detail: "d",
        errors: [
          "The API client's assigned claim set (currently 'SIS Vendor') must grant permission of the 'http://ed-fi.org/odsapi/actions/update'action on one of the following resource claims: x",
        ],
      },
    });
    expect(c.signature).toBe("action=http://ed-fi.org/odsapi/actions/update; claimSet=SIS Vendor");
  });
});

describe("suggestRoute", () => {
  const ctx = { articleId: "descriptor-not-found", resource: "students", client: "SIS-A", lea: "4801234" };
  it("uses the article default without rules", () => {
    expect(suggestRoute(ctx)).toEqual({ team: "dev", alt: "data", reason: "article default", ruleId: null });
  });
  it("the most specific matching rule wins, then priority", () => {
    const rules = [
      {
        id: 1,
        articleId: "descriptor-not-found",
        resource: null,
        client: null,
        lea: null,
        team: "ops" as const,
        priority: 100,
      },
      {
        id: 2,
        articleId: "descriptor-not-found",
        resource: null,
        client: null,
        lea: "4801234",
        team: "data" as const,
        priority: 100,
      },
      { id: 3, articleId: null, resource: null, client: "SIS-B", lea: null, team: "ops" as const, priority: 1 },
    ];
    const s = suggestRoute(ctx, rules);
    expect(s.team).toBe("data");
    expect(s.alt).toBe("dev");
    expect(s.reason).toBe("rule #2: article=descriptor-not-found, lea=4801234");
    expect(suggestRoute({ ...ctx, lea: "999" }, rules).ruleId).toBe(1);
    expect(suggestRoute({ ...ctx, articleId: "item-not-found", lea: "999" }, rules).reason).toBe("article default");
  });
});

describe("redaction", () => {
  it("redacts identifiers, names, birth dates, addresses and identification codes at any depth", () => {
    const body = {
      studentUniqueId: "604822",
      firstName: "Amelia",
      lastSurname: "Earhart",
      BirthDate: "2010-01-13",
      addresses: [{ streetNumberName: "1 Main" }],
      studentIdentificationCodes: [{ identificationCode: "123-45-6789" }],
      nested: { parents: [{ first_name: "Ann" }] },
      schoolReference: { schoolId: 255901 },
    };
    const r = redactBody(body, undefined) as Record<string, unknown>;
    const text = JSON.stringify(r);
    for (const secret of ["604822", "Amelia", "Earhart", "2010-01-13", "1 Main", "123-45-6789", "Ann"])
      expect(text).not.toContain(secret);
    expect(r.studentUniqueId).toBe(REDACTED);
    expect(r.firstName).toBe(REDACTED);
    expect(r.schoolReference).toEqual({ schoolId: 255901 }); // what support needs to find the record's school stays
  });

  it.each([
    ["staffUniqueId"],
    ["parentUniqueId"],
    ["contactUniqueId"],
    ["studentUSI"],
    ["surname"],
    ["givenName"],
    ["emailAddress"],
    ["phoneNumber"],
    ["birthSexDescriptor"],
    ["races"],
    ["hispanicLatinoEthnicity"],
    ["disabilities"],
    ["languages"],
    ["addressLine1"],
    ["issuerDocumentIdentificationCode"],
    ["loginId"],
    ["login_id"],
    ["LoginID"],
    ["staffLoginId"],
    ["userName"],
    ["user_name"],
    ["userPrincipalName"],
    ["logonName"],
    ["sAMAccountName"],
    ["userLogin"],
    ["userId"],
    ["uid"],
    ["logonIdentifier"],
  ])("redacts %s", (field) => {
    const r = redactBody({ wrapper: [{ [field]: "MARKER-7" }] });
    expect(JSON.stringify(r)).not.toContain("MARKER-7");
  });

  it("redacts personal pairs inside the values of the headers it keeps", () => {
    const kept = redactHeaders({
      "user-agent": "SyncTool/2.1 loginId=jdoe99",
      "x-correlation-id": "c-1 firstName=Jane",
    });
    expect(JSON.stringify(kept)).not.toMatch(/jdoe99|Jane/);
    expect(kept?.["user-agent"]).toContain("SyncTool/2.1");
  });

  it("keeps the technical fields that only look personal", () => {
    const kept = {
      schoolId: 255901,
      sessionName: "2025-2026 Fall",
      courseCode: "ALG-1",
      gradeLevelDescriptor: "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade",
      entryDate: "2025-08-20",
    };
    expect(redactBody(kept)).toEqual(kept);
  });

  it("finds e-mail addresses, phone numbers and SSN-like values in any string", () => {
    const r = JSON.stringify(
      redactBody({ note: "call (512) 555-0100 or mail amelia.e@example.org, ssn 123-45-6789", id: 2559010011 }),
    );
    for (const secret of ["555-0100", "amelia.e@example.org", "123-45-6789"]) expect(r).not.toContain(secret);
    expect(r).toContain("2559010011"); // ten digits alone are an education organization id, not a phone
  });

  it("redacts detected values in field and header names", () => {
    const body = JSON.stringify(redactBody({ "amelia.e@example.org": { role: "teacher" }, "123-45-6789": true }));
    expect(body).not.toContain("amelia.e@example.org");
    expect(body).not.toContain("123-45-6789");
    expect(JSON.stringify(redactHeaders({ "X-On-Behalf-Of-amelia.e@example.org": "1" }))).not.toContain("amelia");
  });

  it("redacts a log's evidence: pairs after an exception class, sign-in names, detected values; quoted values when masking", () => {
    const log = {
      format: "edfi-log4net",
      level: "ERROR 123-45-6789",
      logger: "EdFi.Ods.Api.Loader userName=ajones amelia.e@example.org",
      exceptionType: "System.InvalidOperationException: firstName: Amelia; (512) 555-0100",
      message: "Validation failed for lastSurname=Earhart, loginId=ae123; name: Amelia E; value 'Kansas' is not valid",
    };
    const stored = JSON.stringify(redactLogEvidence(log));
    for (const secret of ["123-45-6789", "ajones", "amelia.e@example.org", "Amelia", "555-0100", "Earhart", "ae123"])
      expect(stored).not.toContain(secret);
    expect(stored).toContain("System.InvalidOperationException");
    expect(stored).toContain("edfi-log4net");
    expect(stored).toContain("Kansas"); // a quoted value is the response's, kept unless the host masks them
    expect(JSON.stringify(redactLogEvidence(log, undefined, true))).not.toContain("Kansas");
  });

  it("redacts JSON sent as a string, form-encoded bodies and name/value pairs in other text", () => {
    expect(JSON.stringify(redactBody('{"lastSurname":"Doe"}'))).not.toContain("Doe");
    expect(redactBody("plain")).toBe("plain");
    expect(redactBody("studentUniqueId=604822&schoolId=255901")).toBe(`studentUniqueId=${REDACTED}&schoolId=255901`);
    const xml = redactBody("<Student><FirstName>Amelia</FirstName><SchoolId>255901</SchoolId></Student>") as string;
    expect(xml).not.toContain("Amelia");
    expect(xml).toContain("255901");
    expect(redactBody('{"firstName": "Amelia", broken')).not.toContain("Amelia");
  });

  it("redacts URL query values of personal parameters and detected values, and keeps paging", () => {
    const url = redactUrl(
      "https://api.example.org/data/v3/ed-fi/students?studentUniqueId=604822&lastSurname=Earhart&limit=25&schoolId=255901&email=a%40b.org#frag",
    );
    expect(url).toBe(
      `https://api.example.org/data/v3/ed-fi/students?studentUniqueId=${REDACTED}&lastSurname=${REDACTED}&limit=25&schoolId=255901&email=${REDACTED}`,
    );
  });

  it("keeps the values of allowed headers only", () => {
    expect(
      redactHeaders({
        Authorization: "Bearer abc",
        "Content-Type": "application/json",
        Cookie: "s=1",
        "Ocp-Apim-Subscription-Key": "k",
        "api-key": "k",
        "x-auth-token": "t",
        "X-Correlation-Id": "c-1",
      }),
    ).toEqual({
      Authorization: REDACTED,
      "Content-Type": "application/json",
      Cookie: REDACTED,
      "Ocp-Apim-Subscription-Key": REDACTED,
      "api-key": REDACTED,
      "x-auth-token": REDACTED,
      "X-Correlation-Id": "c-1",
    });
  });

  it("masks quoted values of response messages on request, leaving protocol fields", () => {
    const body = {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      correlationId: "c-1",
      detail: "Data validation failed.",
      validationErrors: {
        "$.termDescriptor": ["TermDescriptor value 'uri://ed-fi.org/TermDescriptor#Spring' does not exist."],
      },
    };
    const masked = maskResponseValues(body) as typeof body;
    expect(masked.type).toBe(body.type);
    expect(masked.correlationId).toBe("c-1");
    expect(masked.validationErrors["$.termDescriptor"][0]).toBe(`TermDescriptor value '${REDACTED}' does not exist.`);
  });
});
