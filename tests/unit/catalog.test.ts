// Each catalog row: the ids, statuses, routes and alts of ../shared/reference/kb-articles.md
// are ours exactly, and a realistic event for each row classifies to it.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { ARTICLES, articleKbUrl, classifyEvent, getArticle, kbAnchor } from "@/lib/problems";

const URL_BASE = "https://api.example.org/v7.3/api/data/v3/ed-fi";
const DV = "urn:ed-fi:api:bad-request:data-validation-failed";
const AUTHZ = "urn:ed-fi:api:security:authorization";

function problem(
  status: number,
  type: string,
  fields: { detail?: string; errors?: string[]; validationErrors?: Record<string, string[]> },
) {
  return {
    status,
    url: `${URL_BASE}/students`,
    method: "POST",
    body: { type, title: "t", status, correlationId: "c-1", ...fields },
  };
}
const v = (path: string, message: string) =>
  problem(400, DV, {
    detail: "Data validation failed. See 'validationErrors' for details.",
    validationErrors: { [path]: [message] },
  });
const e = (status: number, type: string, message: string, detail = "x") =>
  problem(status, type, { detail, errors: [message] });

/** One realistic event per article (ids/values invented; templates from the catalog and sources). */
const CASES: [string, { status: number; url?: string; method?: string; body: unknown }][] = [
  [
    "key-change-not-supported",
    problem(400, `${DV}:key-change-not-supported`, {
      detail: "Identifying values for the Session item cannot be changed. Delete and recreate the item instead.",
    }),
  ],
  [
    "key-change-not-supported",
    problem(400, DV, {
      detail: "Identifying values for the Calendar data cannot be changed. Delete and recreate the item instead.",
    }),
  ],
  [
    "client-assigned-id",
    e(
      400,
      DV,
      "Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body.",
    ),
  ],
  ["missing-required-property", v("$.studentReference.studentUniqueId", "StudentUniqueId is required.")],
  ["missing-required-property", v("$.firstName", "FirstName is required and should not be left empty.")],
  ["missing-required-property", v("$.schoolId", "SchoolId value must be different than 0.")],
  ["missing-required-property-in-collection", v("$.classPeriods[2].classPeriodName", "ClassPeriodName is required.")],
  ["string-too-long", v("$.lastSurname", "LastSurname must be at most 75 characters in length.")],
  ["string-too-long", v("$.rating", "Rating must be between 1 and 35 characters in length.")],
  [
    "non-compliant-json",
    v(
      "$.beginDate",
      "After parsing a value an unexpected character was encountered: \". Path 'beginDate', line 5, position 3.",
    ),
  ],
  ["non-compliant-json", v("$", "An item with the same key has already been added. Key: schoolId")],
  [
    "integer-overflow",
    v("$.schoolId", "Error converting value 99999999999 to type 'System.Int32'. Path 'schoolId', line 3, position 24."),
  ],
  ["integer-overflow", v("$.schoolId", "Input string '99999999999' is not a valid number.")],
  ["empty-request-body", e(400, "urn:ed-fi:api:bad-request", "A non-empty request body is required.")],
  [
    "wrong-character-encoding",
    e(
      400,
      "urn:ed-fi:api:bad-request",
      "Unexpected character encountered while parsing value: \u0d7b. Path '', line 0, position 0.",
    ),
  ],
  [
    "potentially-dangerous-value",
    v(
      "$.nameOfInstitution",
      "NameOfInstitution contains a value that could be dangerous for downstream systems using this data.",
    ),
  ],
  ["whitespace-in-natural-key", v("$.sessionName", "SessionName cannot contain leading or trailing spaces.")],
  ["empty-required-array", v("$.gradeLevels", "SchoolGradeLevels must have at least one item.")],
  [
    "key-unification",
    v(
      "$.sectionReference.schoolId",
      "All values supplied for 'schoolId' must match. Review all references and align the following conflicting values: '1', '2'",
    ),
  ],
  [
    "invalid-limit",
    e(
      400,
      "urn:ed-fi:api:bad-request:parameter-validation-failed",
      "Limit must be omitted or set to a value between 0 and 500.",
    ),
  ],
  [
    "descriptor-not-found",
    v("$.sexDescriptor", "SexDescriptor value 'uri://ed-fi.org/SexDescriptor#Unknown' does not exist."),
  ],
  [
    "invalid-profile-usage",
    e(
      400,
      "urn:ed-fi:api:profile:invalid-profile-usage",
      "A profile-based content type that is readable cannot be used with PUT requests.",
    ),
  ],
  [
    "invalid-method-usage",
    e(
      405,
      "urn:ed-fi:api:profile:method-usage",
      "A profile-based content type that is writable cannot be used with GET requests.",
    ),
  ],
  ["auth-header-missing", e(401, "urn:ed-fi:api:security:authentication", "Authorization header is missing.")],
  ["auth-scheme-unsupported", e(401, "urn:ed-fi:api:security:authentication", "Unknown Authorization header scheme.")],
  [
    "auth-token-missing",
    e(401, "urn:ed-fi:api:security:authentication", "Missing Authorization header bearer token value."),
  ],
  ["auth-token-invalid", e(401, "urn:ed-fi:api:security:authentication", "Invalid Authorization header.")],
  [
    "data-policy-incorrect-usage",
    e(
      403,
      "urn:ed-fi:api:security:data-policy:incorrect-usage",
      "Based on profile assignments, the following profile-specific content type is required",
    ),
  ],
  [
    "namespace-mismatch",
    problem(403, `${AUTHZ}:namespace:access-denied:namespace-mismatch`, {
      detail: "Access to the requested data could not be authorized.",
    }),
  ],
  [
    "relationship-missing",
    e(
      403,
      AUTHZ,
      "No relationships have been established between the caller's education organization id claim (255901) and the resource item's 'ContactUniqueId' value.",
      "Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentContactAssociation' item.",
    ),
  ],
  [
    "person-missing",
    e(
      403,
      AUTHZ,
      "No relationships have been established between the caller's education organization id claims (255901) and one or more of the following properties of the resource item: 'SchoolId', 'StaffUniqueId'.",
      "Access to the requested data could not be authorized. Hint: You may need to create corresponding 'StaffEducationOrganizationEmploymentAssociation' or 'StaffEducationOrganizationAssignmentAssociation' items.",
    ),
  ],
  [
    "edorg-not-authorized",
    e(
      403,
      AUTHZ,
      "No relationships have been established between the caller's education organization id claims (255901, 19255901) and the resource item's 'LocalEducationAgencyId' value.",
    ),
  ],
  ["edorg-not-authorized", e(403, AUTHZ, "Something this catalog has never seen.")],
  [
    "action-not-permitted",
    e(
      403,
      `${AUTHZ}:access-denied:action`,
      "The API client's assigned claim set (currently 'SIS Vendor') must grant permission of the 'http://ed-fi.org/odsapi/actions/delete' action on one of the following resource claims: http://ed-fi.org/ods/identity/claims/student",
    ),
  ],
  [
    "missing-claim",
    e(
      403,
      `${AUTHZ}:access-denied:resource`,
      "The API client's assigned claim set (currently 'Assessment Vendor') must include one of the following resource claims to provide access to this resource: 'http://ed-fi.org/ods/identity/claims/student'.",
    ),
  ],
  ["resource-not-found", problem(404, "urn:ed-fi:api:not-found", { detail: "The specified data could not be found." })],
  ["item-not-found", problem(404, "urn:ed-fi:api:not-found", { detail: "The specified item could not be found." })],
  [
    "post-with-id",
    e(
      405,
      "urn:ed-fi:api:method-not-allowed",
      'Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.',
    ),
  ],
  [
    "collection-put-delete",
    e(
      405,
      "urn:ed-fi:api:method-not-allowed",
      'Resource collections cannot be deleted. To delete a specific item, use DELETE and include the "id" in the route.',
    ),
  ],
  [
    "patch-not-supported",
    e(405, "urn:ed-fi:api:method-not-allowed", "The endpoint of the request does not support the 'PATCH' method."),
  ],
  [
    "dependent-item-exists",
    problem(409, "urn:ed-fi:api:data-conflict:dependent-item-exists", {
      detail:
        "The requested action cannot be performed because this item is referenced by an existing 'StudentSchoolAssociation' item.",
    }),
  ],
  [
    "unresolved-reference",
    problem(409, "urn:ed-fi:api:data-conflict:unresolved-reference", {
      detail: "The referenced 'School' item does not exist.",
    }),
  ],
  ["unresolved-reference", v("$.schoolReference", "The referenced School item does not exist.")],
  [
    "non-unique-identity",
    problem(409, "urn:ed-fi:api:identity-conflict", {
      detail: "The identifying value(s) of the item are the same as another item that already exists.",
    }),
  ],
  [
    "optimistic-lock-failed",
    problem(412, "urn:ed-fi:api:optimistic-lock-failed", { detail: "The item has been modified by another user." }),
  ],
  ["unsupported-media-type", e(415, "urn:ed-fi:api:unsupported-media-type", "The 'Content-Type' header is missing.")],
  [
    "partial-reference",
    v("$.studentReference", "StudentReference is missing the following properties: StudentUniqueId"),
  ],
  [
    "duplicate-collection-item",
    v(
      "$.addresses[1]",
      "The 2nd item of the StudentEducationOrganizationAssociationAddresses has the same identifying values as another item earlier in the list.",
    ),
  ],
  ["value-out-of-range", v("$.totalInstructionalDays", "TotalInstructionalDays must be between 0 and 366.")],
  ["invalid-value-format", v("$.isCumulative", "Unexpected value for boolean: 'yes'.")],
  [
    "invalid-paging-parameter",
    e(400, "urn:ed-fi:api:bad-request:parameter-validation-failed", "PageSize must be a value between 1 and 500."),
  ],
  [
    "sandbox-credentials",
    e(401, "urn:ed-fi:api:security:authentication", "Sandbox credentials used in call to Production API."),
  ],
  [
    "too-many-tokens",
    problem(429, "urn:ed-fi:api:security:authentication:too-many-tokens", { detail: "Too many tokens requested." }),
  ],
  [
    "no-edorg-claims",
    e(
      403,
      AUTHZ,
      "No relationships have been established between the caller's education organization id claims (none) and the resource item's 'SchoolId' value.",
    ),
  ],
  [
    "custom-view-denied",
    e(
      403,
      AUTHZ,
      "The caller is not authorized to perform the requested operation on the item based on the existing value(s) of the following properties: 'SchoolId'.",
    ),
  ],
  [
    "ownership-mismatch",
    problem(403, `${AUTHZ}:ownership:access-denied:ownership-mismatch`, {
      detail: "Access to the requested data could not be authorized.",
    }),
  ],
  [
    "ownership-uninitialized",
    problem(403, `${AUTHZ}:ownership:invalid-data:ownership-uninitialized`, {
      detail: "Access to the requested data could not be authorized.",
    }),
  ],
  [
    "no-namespace-prefixes",
    problem(403, `${AUTHZ}:namespace:invalid-client:no-namespaces`, {
      detail: "Access to the requested data could not be authorized.",
    }),
  ],
  [
    "authorization-value-required",
    e(
      403,
      `${AUTHZ}:namespace:access-denied:namespace-required`,
      "The 'Namespace' value is required for authorization purposes.",
    ),
  ],
  [
    "data-policy-enforced",
    problem(400, "urn:ed-fi:api:bad-request:data-policy-enforced", {
      detail: "The Profile definition for 'X' excludes (or does not include) one or more required data elements.",
    }),
  ],
  [
    "profile-descriptor-filtered",
    v(
      "$.gradeLevelDescriptor",
      "GradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade' does not conform with the filter values defined by profile 'P'.",
    ),
  ],
  ["composite-not-readable", problem(405, `${AUTHZ}:composite:not-readable`, { detail: "x" })],
  ["multi-user-conflict", problem(409, "urn:ed-fi:api:data-conflict:multi-user-conflict", { detail: "x" })],
  ["non-unique-values", problem(409, "urn:ed-fi:api:data-conflict:non-unique-values", { detail: "x" })],
  ["snapshot-read-only", problem(405, "urn:ed-fi:api:snapshots:method-not-allowed", { detail: "x" })],
  [
    "feature-disabled",
    problem(404, "urn:ed-fi:api:system:configuration:feature-disabled", {
      detail: "The 'ChangeQueries' feature is disabled.",
    }),
  ],
  ["server-configuration-error", problem(500, "urn:ed-fi:api:system:configuration:security", { detail: "x" })],
  ["database-connection-error", problem(500, "urn:ed-fi:api:system:database-connection", { detail: "x" })],
  [
    "unsupported-method",
    e(405, "urn:ed-fi:api:method-not-allowed", "The endpoint of the request does not support the 'DELETE' method."),
  ],
  [
    "client-not-configured",
    problem(403, "urn:ed-fi:api:authorization-denied", {
      detail: "The API client has no authorized database instances.",
    }),
  ],
  ["body-id-mismatch", e(400, "urn:ed-fi:api:bad-request", "Request body id must match the id in the url.")],
  [
    "bad-request",
    problem(400, DV, { detail: "Data validation failed.", validationErrors: { "$.x": ["Something new."] } }),
  ],
  ["unauthenticated", e(401, "urn:ed-fi:api:security:authentication", "Something new.")],
  ["forbidden", { status: 403, body: "<html><title>403 Forbidden</title></html>" }],
  ["not-found", { status: 404, body: "" }],
  ["method-not-allowed", e(405, "urn:ed-fi:api:method-not-allowed", "Something new.")],
  ["not-acceptable", { status: 406, body: { error: "Not acceptable" } }],
  ["conflict", problem(409, "urn:ed-fi:api:data-conflict:brand-new", { detail: "x" })],
  ["rate-limited", problem(429, "urn:ed-fi:api:too-many-requests", { detail: "Slow down." })],
  ["server-error", { status: 500, body: "Internal Server Error" }],
  ["service-unavailable", { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" }],
  ["unclassified", { status: 418, body: "I'm a teapot" }],
  [
    "invalid-query-parameter",
    e(
      400,
      "urn:ed-fi:api:bad-request:parameter-validation-failed",
      "MaxChangeVersion must be a numeric value greater than or equal to 0.",
    ),
  ],
  [
    "invalid-query-parameter",
    e(400, "urn:ed-fi:api:bad-request:parameter-validation-failed", "The value 'soon' is not valid for beginDate."),
  ],
  ["token-client-invalid", { status: 401, url: "https://h/oauth/token", body: { error: "invalid_client" } }],
  ["token-client-invalid", { status: 400, url: "https://h/oauth/token", body: { error: "unsupported_grant_type" } }],
  [
    "token-scope-invalid",
    {
      status: 400,
      url: "https://h/oauth/token",
      body: {
        error: "invalid_scope",
        error_description:
          "The client is not explicitly associated with the EducationOrganizationId specified in the requested 'scope'.",
      },
    },
  ],
  ["string-too-short", v("$.firstName", "Value should be at least 1 characters")],
  ["snapshot-not-available", problem(404, "urn:ed-fi:api:not-found", { detail: "Snapshot not available." })],
  [
    "snapshot-not-available",
    problem(410, "urn:ed-fi:api:snapshots:gone", {
      detail: "The snapshot connection for the ODS has not been configured.",
    }),
  ],
  [
    "access-invalid-token",
    {
      status: 401,
      body: { actionOk: false, error: ["invalid-token"], message: "Bearer token is malformed, expired, or revoked" },
    },
  ],
  [
    "access-no-privilege",
    {
      status: 403,
      body: { actionOk: false, error: ["no-privilege"], message: "Your token lacks permission for the requested data" },
    },
  ],
  [
    "access-no-districtlea",
    {
      status: 403,
      body: {
        actionOk: false,
        error: ["no-districtlea"],
        message: "Requested district LEA is not in your access scope",
      },
    },
  ],
];

describe("catalog", () => {
  it.each(CASES.map(([id, event], i) => [`${id} #${i}`, id, event] as const))("%s", (_n, id, event) => {
    const c = classifyEvent(event);
    expect(c.articleId).toBe(id);
    expect(c.route).toBe(getArticle(id)!.route);
  });

  it("has a case for every article", () => {
    const covered = new Set(CASES.map(([id]) => id));
    expect(ARTICLES.map((a) => a.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("has unique ids and a KB link (or a source document) for every article but unclassified", () => {
    expect(new Set(ARTICLES.map((a) => a.id)).size).toBe(ARTICLES.length);
    for (const a of ARTICLES.filter((x) => x.id !== "unclassified")) {
      expect(articleKbUrl(a) ?? a.sourceDocument, a.id).toBeTruthy();
    }
  });

  it("builds Docusaurus anchors", () => {
    expect(kbAnchor("Missing a Required Property")).toBe("missing-a-required-property");
    expect(kbAnchor("Student / Parent / Staff Relationship Does Not Exist")).toBe(
      "student--parent--staff-relationship-does-not-exist",
    );
    expect(kbAnchor("Non-Compliant JSON Body")).toBe("non-compliant-json-body");
  });

  const catalogFile = new URL("../../../shared/reference/kb-articles.md", import.meta.url);
  it("matches every row of kb-articles.md (id, status, route, alt)", () => {
    expect(
      existsSync(catalogFile),
      `${catalogFile.pathname} is missing: the catalog is checked against shared/reference, which must sit beside the repository`,
    ).toBe(true);
    const rows = readFileSync(catalogFile, "utf8")
      .split("\n")
      .filter((l) => /^\| [a-z][a-z0-9-]+ \| (\d{3}|any) \|/.test(l))
      .map((l) => l.split("|").map((c) => c.trim()));
    expect(rows.length).toBeGreaterThan(70);
    for (const cells of rows) {
      const [id, status] = [cells[1], cells[2]];
      const route = cells[cells.length - 3];
      const alt = cells[cells.length - 2];
      const article = getArticle(id);
      expect(article, id).toBeDefined();
      expect(article!.route, id).toBe(route);
      expect(article!.alt ?? "", id).toBe(alt);
      if (status !== "any") expect(article!.status, id).toBe(Number(status));
    }
  });
});
