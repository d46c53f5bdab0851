// Realistic demo data: Ed-Fi ODS/API (and a state ACCESS API) error events from 14 districts
// and 7 API clients over the last 30 days, with weekday/business-hour rhythm, two incidents
// (a database outage, an expired-credentials storm) and problems that are new this week.
// Deterministic for a given seed and end time. Values are invented.
import type { IngestEvent } from "../../lib/ingest/events.schema";

export const DISTRICTS = [
  { lea: "255901", name: "Grand Bend ISD", host: "grandbend" },
  { lea: "4801234", name: "Cedar Hollow ISD", host: "cedarhollow" },
  { lea: "4802567", name: "Riverside CISD", host: "riverside" },
  { lea: "4803011", name: "Pine Ridge ISD", host: "pineridge" },
  { lea: "4804420", name: "Lone Oak ISD", host: "loneoak" },
  { lea: "4805719", name: "Mesa Verde USD", host: "mesaverde" },
  { lea: "4806032", name: "Bluebonnet CISD", host: "bluebonnet" },
  { lea: "4807145", name: "Harbor Point ISD", host: "harborpoint" },
  { lea: "4808293", name: "Prairie View ISD", host: "prairieview" },
  { lea: "4809388", name: "Stonebridge ISD", host: "stonebridge" },
  { lea: "6001000", name: "Little Rock SD", host: "ade" },
  { lea: "6002000", name: "Fayetteville SD", host: "ade" },
  { lea: "2611000", name: "Lakeshore Public Schools", host: "lakeshore" },
  { lea: "3904567", name: "Maple Valley City SD", host: "maplevalley" },
] as const;

export const CLIENTS = [
  "PowerSchool SIS",
  "Skyward Sync",
  "Infinite Campus",
  "NWEA MAP Sync",
  "Renaissance Star",
  "Frontline HR",
  "ACCESS Portal",
] as const;

export type Rng = () => number;
/** A seeded random number generator (the demo, the fuzzer and the PII corpus are reproducible). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const hex = (rng: Rng, n = 32) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join("");
const uuid = (rng: Rng) => {
  const h = hex(rng);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const studentId = (rng: Rng) => String(600000 + Math.floor(rng() * 99999));
const schoolId = (lea: string, rng: Rng) =>
  Number(`${lea.slice(0, 6)}${String(1 + Math.floor(rng() * 40)).padStart(3, "0")}`);

const DV = "urn:ed-fi:api:bad-request:data-validation-failed";
const AUTHZ = "urn:ed-fi:api:security:authorization";
const pd = (status: number, type: string, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  detail,
  type,
  title,
  status,
  ...extra,
});
const dv = (validationErrors: Record<string, string[]>) =>
  pd(400, DV, "Data Validation Failed", "Data validation failed. See 'validationErrors' for details.", {
    validationErrors,
  });

interface Situation {
  weight: number;
  method: string;
  resource: string;
  withId?: boolean;
  /** A query string for the URL (without "?"). */
  query?: string;
  clients?: readonly string[];
  /** Only from this many days ago (a new problem). */
  sinceDay?: number;
  access?: boolean;
  body: (rng: Rng, lea: string) => unknown;
  status: number;
}

const SIS = ["PowerSchool SIS", "Skyward Sync", "Infinite Campus"];
const ASSESS = ["NWEA MAP Sync", "Renaissance Star"];

const SITUATIONS: Situation[] = [
  {
    weight: 140,
    status: 409,
    method: "POST",
    resource: "studentSectionAssociations",
    clients: SIS,
    body: () =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict:unresolved-reference",
        "Unresolved Reference",
        "The referenced 'Section' item does not exist.",
      ),
  },
  {
    weight: 120,
    status: 409,
    method: "POST",
    resource: "studentSchoolAssociations",
    clients: SIS,
    body: () =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict:unresolved-reference",
        "Unresolved Reference",
        "The referenced 'Student' item does not exist.",
      ),
  },
  {
    weight: 90,
    status: 400,
    method: "POST",
    resource: "studentSchoolAssociations",
    clients: SIS,
    body: () =>
      dv({
        "$.entryGradeLevelDescriptor": [
          "EntryGradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Grade 13' does not exist.",
        ],
      }),
  },
  {
    weight: 80,
    status: 400,
    method: "POST",
    resource: "studentAssessments",
    clients: ASSESS,
    body: (r) =>
      dv({
        [`$.scoreResults[${Math.floor(r() * 4)}].assessmentReportingMethodDescriptor`]: [
          "AssessmentReportingMethodDescriptor is required.",
        ],
      }),
  },
  {
    weight: 75,
    status: 403,
    method: "GET",
    resource: "students",
    withId: true,
    clients: SIS,
    body: (r, lea) =>
      pd(
        403,
        AUTHZ,
        "Authorization Denied",
        "Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentSchoolAssociation' item.",
        {
          errors: [
            `No relationships have been established between the caller's education organization id claims (${lea}) and the resource item's 'StudentUniqueId' value.`,
          ],
        },
      ),
  },
  {
    weight: 70,
    status: 400,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: (r) =>
      dv({
        "$.lastSurname": [`LastSurname must be at most 75 characters in length.`],
        ...(r() < 0.3 ? { "$.firstName": ["FirstName must be at most 75 characters in length."] } : {}),
      }),
  },
  {
    weight: 60,
    status: 401,
    method: "POST",
    resource: "studentSectionAttendanceEvents",
    clients: SIS,
    body: () =>
      pd(
        401,
        "urn:ed-fi:api:security:authentication",
        "Authentication Failed",
        "The caller could not be authenticated.",
        { errors: ["Invalid Authorization header."] },
      ),
  },
  {
    weight: 55,
    status: 400,
    method: "POST",
    resource: "grades",
    clients: SIS,
    body: () =>
      dv({
        "$.gradingPeriodReference.schoolId": [
          "All values supplied for 'schoolId' must match. Review all references and align the following conflicting values: '255901001', '255901044'",
        ],
        "$.studentSectionAssociationReference.schoolId": [
          "All values supplied for 'schoolId' must match. Review all references and align the following conflicting values: '255901001', '255901044'",
        ],
      }),
  },
  {
    weight: 50,
    status: 409,
    method: "DELETE",
    resource: "sections",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict:dependent-item-exists",
        "Dependent Item Exists",
        "The requested action cannot be performed because this item is referenced by an existing 'StudentSectionAssociation' item.",
      ),
  },
  {
    weight: 45,
    status: 400,
    method: "POST",
    resource: "staffEducationOrganizationAssignmentAssociations",
    clients: ["Frontline HR"],
    body: () =>
      dv({
        "$.staffClassificationDescriptor": [
          "StaffClassificationDescriptor value 'uri://ed-fi.org/StaffClassificationDescriptor#Paraprofessional' does not exist.",
        ],
      }),
  },
  {
    weight: 40,
    status: 403,
    method: "POST",
    resource: "staffSectionAssociations",
    clients: ["Frontline HR", ...SIS],
    body: (r, lea) =>
      pd(
        403,
        AUTHZ,
        "Authorization Denied",
        "Access to the requested data could not be authorized. Hint: You may need to create corresponding 'StaffEducationOrganizationEmploymentAssociation' or 'StaffEducationOrganizationAssignmentAssociation' items.",
        {
          errors: [
            `No relationships have been established between the caller's education organization id claims (${lea}) and one or more of the following properties of the resource item: 'SchoolId', 'StaffUniqueId'.`,
          ],
        },
      ),
  },
  {
    weight: 38,
    status: 403,
    method: "POST",
    resource: "calendarDates",
    clients: SIS,
    body: (r, lea) =>
      pd(403, AUTHZ, "Authorization Denied", "Access to the requested data could not be authorized.", {
        errors: [
          `No relationships have been established between the caller's education organization id claims (${lea}) and the resource item's 'SchoolId' value.`,
        ],
      }),
  },
  {
    weight: 35,
    status: 400,
    method: "POST",
    resource: "studentSchoolAttendanceEvents",
    clients: SIS,
    body: () => dv({ "$.sessionReference.sessionName": ["SessionName cannot contain leading or trailing spaces."] }),
  },
  {
    weight: 32,
    status: 400,
    method: "POST",
    resource: "assessments",
    clients: ASSESS,
    body: () => dv({ "$.academicSubjects": ["AssessmentAcademicSubjects must have at least one item."] }),
  },
  {
    weight: 30,
    status: 403,
    method: "POST",
    resource: "assessments",
    clients: ASSESS,
    body: () =>
      pd(
        403,
        `${AUTHZ}:namespace:access-denied:namespace-mismatch`,
        "Authorization Denied",
        "Access to the requested data could not be authorized. The 'Namespace' value of the data does not start with any of the caller's associated namespace prefixes ('uri://nwea.org').",
      ),
  },
  {
    weight: 28,
    status: 403,
    method: "PUT",
    resource: "schools",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        403,
        `${AUTHZ}:access-denied:action`,
        "Authorization Denied",
        "Access to the requested data could not be authorized.",
        {
          errors: [
            "The API client's assigned claim set (currently 'SIS Vendor') must grant permission of the 'http://ed-fi.org/odsapi/actions/update' action on one of the following resource claims: http://ed-fi.org/ods/identity/claims/domains/educationOrganizations, http://ed-fi.org/ods/identity/claims/school",
          ],
        },
      ),
  },
  {
    weight: 25,
    status: 404,
    method: "PUT",
    resource: "studentSectionAssociations",
    withId: true,
    clients: SIS,
    body: () => pd(404, "urn:ed-fi:api:not-found", "Not Found", "The specified item could not be found."),
  },
  {
    weight: 22,
    status: 404,
    method: "POST",
    resource: "studentProgramAssociation",
    clients: SIS,
    body: () => pd(404, "urn:ed-fi:api:not-found", "Not Found", "The specified data could not be found."),
  },
  {
    weight: 20,
    status: 409,
    method: "PUT",
    resource: "classPeriods",
    withId: true,
    clients: SIS,
    body: (r) =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict:non-unique-identity",
        "Identifying Values Are Not Unique",
        "The identifying value(s) of the item are the same as another item that already exists.",
        {
          errors: [
            `A primary key conflict occurred when attempting to create or update a record in the 'ClassPeriod' table. The duplicate key is (ClassPeriodName, SchoolId) = (0${1 + Math.floor(r() * 8)} - Traditional, 255901044).`,
          ],
        },
      ),
  },
  {
    weight: 18,
    status: 400,
    method: "POST",
    resource: "communityOrganizations",
    clients: ["Infinite Campus"],
    body: () =>
      dv({
        "$.communityOrganizationId": [
          "Error converting value 25590111111122222 to type 'System.Int32'. Path 'communityOrganizationId', line 2, position 46.",
        ],
      }),
  },
  {
    weight: 16,
    status: 400,
    method: "POST",
    resource: "academicWeeks",
    clients: SIS,
    body: () =>
      dv({
        "$.schoolReference": ["Unexpected end when deserializing object. Path 'schoolReference', line 8, position 1."],
      }),
  },
  {
    weight: 15,
    status: 405,
    method: "POST",
    resource: "studentAcademicRecords",
    withId: true,
    clients: SIS,
    body: () =>
      pd(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed", "The request construction was invalid.", {
        errors: [
          'Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.',
        ],
      }),
  },
  {
    weight: 14,
    status: 412,
    method: "PUT",
    resource: "studentSchoolAssociations",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        412,
        "urn:ed-fi:api:optimistic-lock-failed",
        "Optimistic Lock Failed",
        "The item has been modified by another user.",
      ),
  },
  {
    weight: 12,
    status: 400,
    method: "GET",
    resource: "studentSectionAssociations",
    clients: SIS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request:parameter-validation-failed",
        "Parameter Validation Failed",
        "The limit parameter was incorrect.",
        { errors: ["Limit must be omitted or set to a value between 0 and 500."] },
      ),
  },
  {
    weight: 12,
    status: 400,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request",
        "Bad Request",
        "The request could not be processed. See 'errors' for details.",
        { errors: ["A non-empty request body is required."] },
      ),
  },
  {
    weight: 10,
    status: 400,
    method: "PUT",
    resource: "students",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        400,
        `${DV}:key-change-not-supported`,
        "Key Change Not Supported",
        "Identifying values for the Student item cannot be changed. Delete and recreate the item instead.",
      ),
  },
  {
    weight: 10,
    status: 400,
    method: "POST",
    resource: "studentEducationOrganizationAssociations",
    clients: SIS,
    body: (r) =>
      dv({
        [`$.addresses[${Math.floor(r() * 3)}].stateAbbreviationDescriptor`]: [
          "StateAbbreviationDescriptor is required.",
        ],
      }),
  },
  {
    weight: 9,
    status: 400,
    method: "PUT",
    resource: "schools",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:profile:invalid-profile-usage",
        "Invalid Profile Usage",
        "The request construction was invalid with respect to usage of a data policy.",
        { errors: ["A profile-based content type that is readable cannot be used with PUT requests."] },
      ),
  },
  {
    weight: 8,
    status: 403,
    method: "GET",
    resource: "students",
    withId: true,
    clients: ["Renaissance Star"],
    body: () =>
      pd(
        403,
        "urn:ed-fi:api:security:data-policy:incorrect-usage",
        "Data Policy Failure Due to Incorrect Usage",
        "A data policy failure was encountered.",
        {
          errors: [
            "Based on profile assignments, the following profile-specific content type is required when requesting this resource: 'application/vnd.ed-fi.student.assessment-vendor.readable+json'",
          ],
        },
      ),
  },
  {
    weight: 8,
    status: 400,
    method: "POST",
    resource: "accountabilityRatings",
    clients: SIS,
    body: () =>
      dv({
        "$.rating": [
          "Rating contains a value that could be dangerous for downstream systems using this data. Try to avoid the use of special symbols like '<', '>' or '&' without surrounding spaces.",
        ],
      }),
  },
  {
    weight: 7,
    status: 415,
    method: "POST",
    resource: "absenceEventCategoryDescriptors",
    clients: SIS,
    body: () =>
      pd(
        415,
        "urn:ed-fi:api:unsupported-media-type",
        "Unsupported Media Type",
        "The request construction was invalid.",
        { errors: ["The 'Content-Type' header is missing."] },
      ),
  },
  {
    weight: 6,
    status: 405,
    method: "PATCH",
    resource: "students",
    withId: true,
    clients: SIS,
    body: () =>
      pd(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed", "The request construction was invalid.", {
        errors: ["The endpoint of the request does not support the 'PATCH' method."],
      }),
  },
  {
    weight: 6,
    status: 401,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: () =>
      pd(
        401,
        "urn:ed-fi:api:security:authentication",
        "Authentication Failed",
        "The caller could not be authenticated.",
        { errors: ["Authorization header is missing."] },
      ),
  },
  {
    weight: 5,
    status: 400,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: () => ({
      message: "The request is invalid.",
      modelState: { "request.birthDate": ["BirthDate is required."] },
    }),
  },
  {
    weight: 5,
    status: 409,
    method: "POST",
    resource: "studentSchoolAssociations",
    clients: SIS,
    body: () => ({
      message: "The value supplied for the related 'student' resource does not exist.",
      type: "Conflict",
    }),
  },
  {
    weight: 5,
    status: 400,
    method: "POST",
    resource: "sessions",
    clients: SIS,
    body: () => dv({ "$.totalInstructionalDays": ["TotalInstructionalDays must be between 0 and 366."] }),
  },
  // ACCESS API (state)
  {
    weight: 30,
    status: 403,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({
      actionOk: false,
      error: ["no-districtlea"],
      message: "Requested district LEA is not in your access scope",
    }),
  },
  {
    weight: 12,
    status: 401,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({
      actionOk: false,
      error: ["invalid-token"],
      message: "Bearer token is malformed, expired, or revoked",
    }),
  },
  {
    weight: 6,
    status: 429,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({ actionOk: false, error: ["too-many-requests"], message: "Rate limit or daily quota exceeded" }),
  },
  // Infrastructure
  {
    weight: 6,
    status: 502,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: () =>
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
  },
  {
    weight: 4,
    status: 500,
    method: "GET",
    resource: "students",
    clients: SIS,
    body: () => pd(500, "urn:ed-fi:api:system", "Internal Server Error", "An unexpected problem has occurred."),
  },
  // Rarer situations: every article of the catalog shows up at a realistic, low frequency.
  {
    weight: 4,
    status: 400,
    method: "POST",
    resource: "absenceEventCategoryDescriptors",
    clients: SIS,
    body: () =>
      pd(400, DV, "Data Validation Failed", "The request data was constructed incorrectly.", {
        errors: [
          "Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body.",
        ],
      }),
  },
  {
    weight: 2,
    status: 400,
    method: "POST",
    resource: "accountabilityRatings",
    clients: SIS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request",
        "Bad Request",
        "The request could not be processed. See 'errors' for details.",
        { errors: ["Unexpected character encountered while parsing value: \u0d7b. Path '', line 0, position 0."] },
      ),
  },
  {
    weight: 3,
    status: 405,
    method: "GET",
    resource: "schools",
    clients: SIS,
    body: () =>
      pd(
        405,
        "urn:ed-fi:api:profile:method-usage",
        "Invalid Method Usage",
        "The request construction was invalid with respect to usage of a data policy.",
        { errors: ["A profile-based content type that is writable cannot be used with GET requests."] },
      ),
  },
  {
    weight: 3,
    status: 401,
    method: "GET",
    resource: "students",
    clients: ASSESS,
    body: () =>
      pd(
        401,
        "urn:ed-fi:api:security:authentication",
        "Authentication Failed",
        "The caller could not be authenticated.",
        { errors: ["Unknown Authorization header scheme."] },
      ),
  },
  {
    weight: 3,
    status: 401,
    method: "GET",
    resource: "students",
    clients: ASSESS,
    body: () =>
      pd(
        401,
        "urn:ed-fi:api:security:authentication",
        "Authentication Failed",
        "The caller could not be authenticated.",
        { errors: ["Missing Authorization header bearer token value."] },
      ),
  },
  {
    weight: 6,
    status: 403,
    method: "POST",
    resource: "staffs",
    clients: ASSESS,
    body: () =>
      pd(
        403,
        `${AUTHZ}:access-denied:resource`,
        "Authorization Denied",
        "Access to the requested data could not be authorized.",
        {
          errors: [
            "The API client's assigned claim set (currently 'Assessment Vendor') must include one of the following resource claims to provide access to this resource: 'http://ed-fi.org/ods/identity/claims/staff'.",
          ],
        },
      ),
  },
  {
    weight: 4,
    status: 405,
    method: "DELETE",
    resource: "studentSectionAssociations",
    clients: SIS,
    body: () =>
      pd(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed", "The request construction was invalid.", {
        errors: [
          'Resource collections cannot be deleted. To delete a specific item, use DELETE and include the "id" in the route.',
        ],
      }),
  },
  {
    weight: 5,
    status: 400,
    method: "POST",
    resource: "studentSectionAssociations",
    clients: SIS,
    body: () =>
      dv({ "$.sectionReference": ["SectionReference is missing the following properties: SessionName, SchoolYear"] }),
  },
  {
    weight: 5,
    status: 400,
    method: "POST",
    resource: "studentEducationOrganizationAssociations",
    clients: SIS,
    body: () =>
      dv({
        "$.races[1]": [
          "The 2nd item of the StudentEducationOrganizationAssociationRaces has the same identifying values as another item earlier in the list.",
        ],
      }),
  },
  {
    weight: 5,
    status: 400,
    method: "POST",
    resource: "studentAcademicRecords",
    clients: SIS,
    body: () => dv({ "$.gradePointAverages[0].isCumulative": ["Unexpected value for boolean: 'Y'."] }),
  },
  {
    weight: 3,
    status: 400,
    method: "GET",
    resource: "students",
    clients: ASSESS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request:parameter-validation-failed",
        "Parameter Validation Failed",
        "The request parameters were invalid.",
        { errors: ["Offset cannot be greater than 10000; use paging by key instead."] },
      ),
  },
  {
    weight: 4,
    status: 401,
    method: "POST",
    resource: "",
    clients: ASSESS,
    body: () => ({ error: "invalid_client", error_description: "Invalid client or Invalid client credentials" }),
  },
  {
    weight: 2,
    status: 400,
    method: "POST",
    resource: "",
    clients: SIS,
    body: () => ({
      error: "invalid_scope",
      error_description:
        "The client is not explicitly associated with the EducationOrganizationId specified in the requested 'scope'.",
    }),
  },
  {
    weight: 3,
    status: 400,
    method: "POST",
    resource: "schools",
    clients: SIS,
    body: () => dv({ "$.nameOfInstitution": ["Value should be at least 1 characters"] }),
  },
  {
    weight: 2,
    status: 404,
    method: "GET",
    resource: "students",
    clients: ASSESS,
    body: () => pd(404, "urn:ed-fi:api:not-found", "Not Found", "Snapshot not found."),
  },
  {
    weight: 3,
    status: 400,
    method: "GET",
    resource: "studentSchoolAssociations",
    clients: ASSESS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request:parameter-validation-failed",
        "Parameter Validation Failed",
        "The request parameters were invalid.",
        { errors: ["MinChangeVersion must be a numeric value greater than or equal to 0."] },
      ),
  },
  {
    weight: 3,
    status: 429,
    method: "POST",
    resource: "",
    clients: ASSESS,
    body: () =>
      pd(
        429,
        "urn:ed-fi:api:security:authentication:too-many-tokens",
        "Too Many Tokens",
        "Too many access tokens have been requested by this client. Reuse tokens until they expire.",
      ),
  },
  {
    weight: 3,
    status: 403,
    method: "GET",
    resource: "students",
    clients: ["Renaissance Star"],
    body: () =>
      pd(403, AUTHZ, "Authorization Denied", "Access to the requested data could not be authorized.", {
        errors: [
          "No relationships have been established between the caller's education organization id claims (none) and the resource item's 'StudentUniqueId' value.",
        ],
      }),
  },
  {
    weight: 2,
    status: 403,
    method: "GET",
    resource: "studentSchoolAssociations",
    clients: SIS,
    body: () =>
      pd(403, AUTHZ, "Authorization Denied", "Access to the requested data could not be authorized.", {
        errors: [
          "The caller is not authorized to perform the requested operation on the item based on the existing value(s) of the following properties: 'SchoolId'.",
        ],
      }),
  },
  {
    weight: 2,
    status: 403,
    method: "PUT",
    resource: "studentAssessments",
    withId: true,
    clients: ASSESS,
    body: () =>
      pd(
        403,
        `${AUTHZ}:ownership:access-denied:ownership-mismatch`,
        "Authorization Denied",
        "Access to the requested data could not be authorized. The item is not owned by the caller.",
      ),
  },
  {
    weight: 1,
    status: 403,
    method: "PUT",
    resource: "studentAssessments",
    withId: true,
    clients: ASSESS,
    body: () =>
      pd(
        403,
        `${AUTHZ}:ownership:invalid-data:ownership-uninitialized`,
        "Authorization Denied",
        "Access to the requested data could not be authorized. The existing item has no 'CreatedByOwnershipTokenId' value.",
      ),
  },
  {
    weight: 1,
    status: 403,
    method: "POST",
    resource: "assessments",
    clients: ["Renaissance Star"],
    body: () =>
      pd(
        403,
        `${AUTHZ}:namespace:invalid-client:no-namespaces`,
        "Authorization Denied",
        "Access to the requested data could not be authorized. The API client has been given permissions on a resource that uses namespace-based authorization, but no namespace prefixes have been assigned to the client.",
      ),
  },
  {
    weight: 2,
    status: 403,
    method: "POST",
    resource: "assessments",
    clients: ASSESS,
    body: () =>
      pd(
        403,
        `${AUTHZ}:namespace:access-denied:namespace-required`,
        "Authorization Denied",
        "Access to the requested data could not be authorized. The 'Namespace' value is required for authorization purposes.",
      ),
  },
  {
    weight: 2,
    status: 400,
    method: "POST",
    resource: "students",
    clients: ["Renaissance Star"],
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request:data-policy-enforced",
        "Data Policy Enforced",
        "The Profile definition for 'Assessment-Vendor' excludes (or does not include) one or more required data elements needed to create the resource.",
      ),
  },
  {
    weight: 2,
    status: 400,
    method: "POST",
    resource: "studentSchoolAssociations",
    clients: SIS,
    body: () =>
      dv({
        "$.entryGradeLevelDescriptor": [
          "EntryGradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Twelfth grade' does not conform with the filter values defined by profile 'Elementary-Only'.",
        ],
      }),
  },
  {
    weight: 1,
    status: 405,
    method: "GET",
    resource: "enrollment",
    clients: SIS,
    body: () =>
      pd(
        405,
        `${AUTHZ}:composite:not-readable`,
        "Method Not Allowed",
        "The composite resource is not readable with the caller's claim set.",
      ),
  },
  {
    weight: 2,
    status: 409,
    method: "PUT",
    resource: "studentSchoolAssociations",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict:multi-user-conflict",
        "Multi-User Conflict",
        "The item was modified or deleted by another user while processing the request. Resend the request.",
      ),
  },
  {
    weight: 2,
    status: 409,
    method: "POST",
    resource: "staffs",
    clients: ["Frontline HR"],
    body: () =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict:non-unique-values",
        "Non-Unique Values",
        "A value in the request is already used by another item.",
      ),
  },
  {
    weight: 1,
    status: 405,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: () => pd(405, "urn:ed-fi:api:snapshots:method-not-allowed", "Method Not Allowed", "Snapshots are read-only."),
  },
  {
    weight: 1,
    status: 500,
    method: "GET",
    resource: "students",
    clients: SIS,
    body: () =>
      pd(
        500,
        "urn:ed-fi:api:system:configuration:security",
        "Server Configuration Error",
        "The server is not configured correctly.",
      ),
  },
  {
    weight: 3,
    status: 400,
    method: "PUT",
    resource: "students",
    withId: true,
    clients: SIS,
    body: () =>
      pd(
        400,
        "urn:ed-fi:api:bad-request",
        "Bad Request",
        "The request could not be processed. See 'errors' for details.",
        { errors: ["Request body id must match the id in the url."] },
      ),
  },
  {
    weight: 2,
    status: 400,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({
      actionOk: false,
      error: ["bad-request"],
      message: "Invalid request body or missing required fields",
    }),
  },
  {
    weight: 2,
    status: 401,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({ actionOk: false, error: ["unauthorized"], message: "Missing Authorization header" }),
  },
  {
    weight: 2,
    status: 403,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({ actionOk: false, error: ["Forbidden"], message: "Invalid or missing API key" }),
  },
  {
    weight: 4,
    status: 403,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({
      actionOk: false,
      error: ["no-privilege"],
      message: "Your token lacks permission for the requested data",
    }),
  },
  {
    weight: 2,
    status: 404,
    method: "GET",
    resource: "",
    access: true,
    clients: ["ACCESS Portal"],
    body: () => ({ actionOk: false, error: ["not-found"], message: "The requested resource does not exist" }),
  },
  { weight: 1, status: 405, method: "POST", resource: "students", clients: SIS, body: () => "Method Not Allowed" },
  {
    weight: 2,
    status: 405,
    method: "DELETE",
    resource: "schoolYearTypes",
    clients: SIS,
    body: () =>
      pd(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed", "The request construction was invalid.", {
        errors: ["The endpoint of the request does not support the 'DELETE' method."],
      }),
  },
  {
    weight: 1,
    status: 403,
    method: "GET",
    resource: "students",
    clients: ["Renaissance Star"],
    body: () =>
      pd(
        403,
        "urn:ed-fi:api:authorization-denied",
        "Authorization Denied",
        "The API client has no authorized database instances.",
      ),
  },
  {
    weight: 2,
    status: 409,
    method: "POST",
    resource: "gradebookEntries",
    clients: SIS,
    body: () =>
      pd(
        409,
        "urn:ed-fi:api:data-conflict",
        "Conflict",
        "The request could not be completed because of a conflict with the current state of the data.",
      ),
  },
  {
    weight: 1,
    status: 406,
    method: "GET",
    resource: "students",
    clients: ASSESS,
    body: () => ({ error: "The server cannot produce a response matching the Accept header." }),
  },
  {
    weight: 1,
    status: 422,
    method: "POST",
    resource: "students",
    clients: SIS,
    body: () => ({ error: { code: "UNPROCESSABLE", message: "The entity could not be processed." } }),
  },
  // Hosts still on ODS/API 5.3 / 6.x: {message} bodies
  {
    weight: 6,
    status: 400,
    method: "POST",
    resource: "studentEducationOrganizationAssociations",
    clients: ["Skyward Sync"],
    body: (r) => ({
      message: `Validation of 'StudentEducationOrganizationAssociation' failed.\n\tValidation of 'StudentEducationOrganizationAssociationAddresses' failed.\n\t\tStudentEducationOrganizationAssociationAddress[${Math.floor(r() * 3)}]: City is required.\n`,
    }),
  },
  {
    weight: 4,
    status: 403,
    method: "GET",
    resource: "students",
    clients: ["Skyward Sync"],
    body: () => ({ message: "No API key information was available for authorization." }),
  },
  {
    weight: 3,
    status: 400,
    method: "GET",
    resource: "studentSectionAttendanceEvents",
    query: "minChangeVersion=last-week",
    clients: ASSESS,
    body: () => ({
      message: "The request is invalid.",
      modelState: { "request.MinChangeVersion": ["The value 'last-week' is not valid for MinChangeVersion."] },
    }),
  },
  {
    weight: 3,
    status: 406,
    method: "GET",
    resource: "schools",
    withId: true,
    clients: ASSESS,
    body: () => ({
      message: "The profile specified by the content type in the 'Accept' header is not supported by this host.",
    }),
  },
  // New this week
  {
    weight: 25,
    status: 400,
    method: "POST",
    resource: "studentSchoolAssociations",
    clients: SIS,
    sinceDay: 3,
    body: () =>
      dv({
        "$.entryGradeLevelDescriptor": [
          "EntryGradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Transitional Kindergarten' does not exist.",
        ],
      }),
  },
  {
    weight: 12,
    status: 404,
    method: "GET",
    resource: "students",
    clients: ["Renaissance Star"],
    sinceDay: 2,
    body: () =>
      pd(
        404,
        "urn:ed-fi:api:system:configuration:feature-disabled",
        "Feature Disabled",
        "The 'ChangeQueries' feature is disabled.",
      ),
  },
  {
    weight: 8,
    status: 401,
    method: "POST",
    resource: "studentAssessments",
    clients: ASSESS,
    sinceDay: 4,
    body: () =>
      pd(
        401,
        "urn:ed-fi:api:security:authentication",
        "Authentication Failed",
        "The caller could not be authenticated.",
        { errors: ["Sandbox credentials used in call to Production API."] },
      ),
  },
];

const INCIDENTS = [
  // Database outage at one host, 12 days ago, 09:10–09:40 UTC.
  {
    daysAgo: 12,
    startHour: 14.2,
    hours: 0.5,
    count: 1_800,
    lea: "4802567",
    status: 500,
    client: "PowerSchool SIS",
    resource: "studentSectionAttendanceEvents",
    body: () =>
      pd(
        500,
        "urn:ed-fi:api:system:database-connection",
        "Database Connection Error",
        "The API was unable to connect to the database.",
      ),
  },
  // A vendor rotated its secret but kept the old token, 5 days ago.
  {
    daysAgo: 5,
    startHour: 13,
    hours: 3,
    count: 2_400,
    lea: "4805719",
    status: 401,
    client: "Skyward Sync",
    resource: "studentSectionAttendanceEvents",
    body: () =>
      pd(
        401,
        "urn:ed-fi:api:security:authentication",
        "Authentication Failed",
        "The caller could not be authenticated.",
        { errors: ["Invalid Authorization header."] },
      ),
  },
];

export interface DemoOptions {
  count: number;
  days: number;
  seed?: number;
  end?: Date;
}

/** Yields ingest events in batches, oldest first within each batch's time slice. */
export function* demoEvents({ count, days, seed = 42, end = new Date() }: DemoOptions): Generator<IngestEvent> {
  const rng = mulberry32(seed);
  const endMs = end.getTime();
  const startMs = endMs - days * 86_400_000;
  const totalWeight = SITUATIONS.reduce((s, x) => s + x.weight, 0);
  const incidentTotal = INCIDENTS.reduce((s, x) => s + x.count, 0);
  const background = Math.max(0, count - incidentTotal);
  // District sizes differ: a few large districts produce most errors.
  const districtWeights = DISTRICTS.map((_, i) => 1 / (i + 1.5));
  const dwTotal = districtWeights.reduce((a, b) => a + b, 0);
  const pickDistrict = () => {
    let x = rng() * dwTotal;
    for (let i = 0; i < DISTRICTS.length; i++) if ((x -= districtWeights[i]) <= 0) return DISTRICTS[i];
    return DISTRICTS[0];
  };
  let n = 0;
  while (n < background) {
    const t = startMs + rng() * (endMs - startMs);
    const date = new Date(t);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const hour = date.getUTCHours();
    const businessHours = hour >= 12 && hour <= 23; // 7am–6pm US Central
    if (rng() > (weekend ? 0.2 : 1) * (businessHours ? 1 : 0.25)) continue;
    let x = rng() * totalWeight;
    let s = SITUATIONS[0];
    for (const candidate of SITUATIONS)
      if ((x -= candidate.weight) <= 0) {
        s = candidate;
        break;
      }
    const daysAgo = (endMs - t) / 86_400_000;
    if (s.sinceDay !== undefined && daysAgo > s.sinceDay) continue;
    const district = s.access
      ? pick(
          rng,
          DISTRICTS.filter((d) => d.host === "ade"),
        )
      : pickDistrict();
    yield makeEvent(rng, s, district, date, s.clients ? pick(rng, s.clients) : pick(rng, CLIENTS));
    n++;
  }
  for (const incident of INCIDENTS) {
    const base = endMs - incident.daysAgo * 86_400_000;
    const dayStart = base - (base % 86_400_000);
    for (let i = 0; i < incident.count; i++) {
      const t = dayStart + (incident.startHour + rng() * incident.hours) * 3_600_000;
      const district = DISTRICTS.find((d) => d.lea === incident.lea)!;
      yield makeEvent(
        rng,
        { weight: 0, status: incident.status, method: "POST", resource: incident.resource, body: incident.body },
        district,
        new Date(t),
        incident.client,
      );
    }
  }
}

function makeEvent(
  rng: Rng,
  s: Situation,
  district: (typeof DISTRICTS)[number],
  date: Date,
  client: string,
): IngestEvent {
  const correlationId = uuid(rng);
  const body = s.body(rng, district.lea);
  const withCorrelation =
    typeof body === "object" && body !== null && !Array.isArray(body) && !("actionOk" in body)
      ? { ...body, correlationId }
      : body;
  const url = s.access
    ? `https://adedata.example.gov/api/v2/students?districtLea=${district.lea === "6001000" ? "6003000" : "6004000"}`
    : s.resource === ""
      ? `https://${district.host}.edfi.example.org/v7.3/api/oauth/token`
      : `https://${district.host}.edfi.example.org/v7.3/api/data/v3/${district.lea}/ed-fi/${s.resource}${s.withId ? `/${hex(rng)}` : ""}${s.query ? `?${s.query}` : ""}`;
  const request =
    s.method === "POST" || s.method === "PUT"
      ? {
          body: {
            studentReference: { studentUniqueId: studentId(rng) },
            schoolReference: { schoolId: schoolId(district.lea, rng) },
            firstName: "Jordan",
            lastSurname: "Example",
            birthDate: "2012-04-09",
          },
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${hex(rng, 24)}` },
        }
      : undefined;
  return {
    eventId: correlationId,
    occurredAt: date.toISOString(),
    method: s.method as IngestEvent["method"],
    url,
    status: s.status,
    body: withCorrelation,
    correlationId,
    lea: district.lea,
    client,
    ...(request ? { request } : {}),
  };
}
