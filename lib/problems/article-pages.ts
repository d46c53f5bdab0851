// The knowledge-base page of every article, in our own words: what it means, who acts, how to
// resolve it, and one example error (which tests classify back to the article).
import type { Team } from "./types";

export interface ArticleExample {
  status: number;
  /** Ed-Fi problem-details type; omitted for other formats. */
  type?: string;
  /** The message as the API puts it (errors[], or validationErrors with `path`). */
  message: string;
  path?: string;
  /** Body family when it is not Ed-Fi problem details. */
  format?: "access" | "generic" | "text" | "oauth";
  code?: string;
}

export interface ArticlePage {
  meaning: string;
  whoActs: string;
  resolution: readonly string[];
  example: ArticleExample;
  /**
   * Where APIs answer this situation with another status than the article's: the message decides
   * (or, for empty bodies, the request), and the page says so.
   */
  otherStatuses?: string;
}

const DV = "urn:ed-fi:api:bad-request:data-validation-failed";
const AUTHZ = "urn:ed-fi:api:security:authorization";
const AUTHN = "urn:ed-fi:api:security:authentication";

export const ARTICLE_PAGES: Readonly<Record<string, ArticlePage>> = {
  "key-change-not-supported": {
    meaning: "A PUT changed a natural-key (identity) field of a resource whose key cannot be updated in place.",
    whoActs: "The client's developers: the application must not edit identity fields on this resource.",
    resolution: [
      "Check in the API's OpenAPI metadata which fields are identity fields and whether the resource allows key updates.",
      "Delete the item and create it again with the new key, in dependency order.",
    ],
    example: {
      status: 400,
      type: `${DV}:key-change-not-supported`,
      message: "Identifying values for the Program item cannot be changed. Delete and recreate the item instead.",
    },
  },
  "client-assigned-id": {
    meaning: "A POST carried an `id`. Resource ids are assigned by the API, never by the client.",
    whoActs: "The client's developers.",
    resolution: [
      "Remove `id` from POST bodies.",
      "Use the `location` header of the POST response (or a GET by natural key) to learn the id.",
    ],
    example: {
      status: 400,
      type: DV,
      message:
        "Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body.",
    },
  },
  "missing-required-property": {
    meaning: "A required top-level property was absent, empty, or left at its default value (0 for an identifier).",
    whoActs:
      "Developers first (the payload builder skipped the field); the source-data team when the source record truly lacks the value.",
    resolution: [
      "Read the JSON path in validationErrors to find the field.",
      "Check the resource model in the API documentation for required fields.",
      "If the source system has no value, have its users complete the record and resend.",
    ],
    example: { status: 400, type: DV, path: "$.codeValue", message: "CodeValue is required." },
  },
  "missing-required-property-in-collection": {
    meaning: "An item of a collection lacks a required property; the path's `[n]` (zero-based) names the item.",
    whoActs: "Developers first; the source-data team when the source item is incomplete.",
    resolution: [
      "Find item n of the collection in the request (counting from 0).",
      "Add the missing property, or drop the incomplete item if the source has no value for it.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.scores[1].assessmentReportingMethodDescriptor",
      message: "AssessmentReportingMethodDescriptor is required.",
    },
  },
  "string-too-long": {
    meaning: "A string is longer (or shorter) than the data model allows for that property.",
    whoActs: "The client's developers: values must be truncated or validated before sending.",
    resolution: [
      "The message gives the maximum length and the property.",
      "Truncate or validate in the integration, and review other maximum lengths in the API documentation.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.rating",
      message: "Rating must be between 1 and 35 characters in length.",
    },
  },
  "non-compliant-json": {
    meaning:
      "The request body is not valid JSON (stray or missing commas, braces, duplicate keys); the message points at the line and position.",
    whoActs: "The client's developers.",
    resolution: [
      "Go to the line and position in the message.",
      "Build payloads with a JSON serializer instead of string concatenation.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.schoolReference",
      message: "Unexpected end when deserializing object. Path 'schoolReference', line 8, position 1.",
    },
  },
  "integer-overflow": {
    meaning: "A number does not fit the property's integer type (Int32 holds up to 2,147,483,647).",
    whoActs: "The client's developers; sometimes a source identifier is malformed.",
    resolution: [
      "Check the property's type in the model.",
      "Validate numeric identifiers before sending; a value that large is usually a concatenation or unit mistake.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.communityOrganizationId",
      message:
        "Error converting value 25590111111122222222 to type 'System.Int32'. Path 'communityOrganizationId', line 2, position 48.",
    },
  },
  "empty-request-body": {
    meaning: "A POST or PUT arrived with no body at all.",
    whoActs: "The client's developers.",
    resolution: [
      "Make sure the serialized payload is attached to the request.",
      "Log request sizes on the client to catch empty sends.",
    ],
    example: { status: 400, type: "urn:ed-fi:api:bad-request", message: "A non-empty request body is required." },
  },
  "wrong-character-encoding": {
    meaning:
      "The body's bytes do not match the declared charset (for example UTF-8 content declared as UTF-16), so parsing fails at the first character.",
    whoActs: "The client's developers.",
    resolution: ["Send UTF-8 and declare `Content-Type: application/json; charset=utf-8` (or omit the charset)."],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request",
      message: "Unexpected character encountered while parsing value: ൻ. Path '', line 0, position 0.",
    },
  },
  "potentially-dangerous-value": {
    meaning:
      "A string contains markup (`<`, `>`, `&` without spaces) that the API rejects to protect systems that consume the data. Flag it for a security review: it can be an injection attempt entered in the source system.",
    whoActs: "The client's developers, and your security team to review where the value came from.",
    resolution: [
      "Encode or strip markup before sending.",
      "Ask the security team to check the source record and who entered it.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.rating",
      message:
        "Rating contains a value that could be dangerous for downstream systems using this data. Try to avoid the use of special symbols like '<', '>' or '&' without surrounding spaces.",
    },
  },
  "whitespace-in-natural-key": {
    meaning: "A natural-key string starts or ends with a space.",
    whoActs: "Developers (trim values); the source-data team if users keep entering padded values.",
    resolution: ["Trim key strings before sending.", "Clean the source records that carry the spaces."],
    example: {
      status: 400,
      type: DV,
      path: "$.ratingTitle",
      message: "RatingTitle cannot contain leading or trailing spaces.",
    },
  },
  "empty-required-array": {
    meaning: "A collection that must hold at least one item was sent empty.",
    whoActs: "The client's developers.",
    resolution: ["Send at least one item, or do not send the record until the source has one."],
    example: {
      status: 400,
      type: DV,
      path: "$.classPeriods",
      message: "BellScheduleClassPeriods must have at least one item.",
    },
  },
  "key-unification": {
    meaning:
      "The same key property (schoolId, schoolYear…) appears in several references of one body with different values; they must agree.",
    whoActs: "Developers first; the source-data team when the source record combines inconsistent values.",
    resolution: [
      "The message lists the conflicting values; align every reference on one.",
      "If the source allows the inconsistent combination, fix the record there.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.calendarReference.schoolId",
      message:
        "All values supplied for 'schoolId' must match. Review all references and align the following conflicting values: '338978318', '255901107'",
    },
  },
  "invalid-limit": {
    meaning: "A GET asked for more items per page than the host allows (500 by default).",
    whoActs: "Developers; the hosting team if the host configured a lower limit.",
    resolution: [
      "Use a limit within the range in the message and page through results.",
      "Ask the host for its configured maximum if 500 still fails.",
    ],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request:parameter-validation-failed",
      message: "Limit must be omitted or set to a value between 0 and 500.",
    },
  },
  "descriptor-not-found": {
    meaning:
      "A descriptor URI (namespace#codeValue) is not defined in this ODS: wrong namespace, misspelled code value, or a value the host never loaded.",
    whoActs:
      "Developers when the mapping from source codes to descriptors is in code; the source-data team when users pick the value.",
    resolution: [
      "Compare the URI with the host's descriptor list (GET …/xDescriptors).",
      "Fix the code-to-descriptor mapping, or ask the host to add a legitimately new value.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.termDescriptor",
      message: "TermDescriptor value 'uri://ed-fi.org/TermDescriptor#Spring Semester Missing' does not exist.",
    },
  },
  "invalid-profile-usage": {
    meaning: "A profile content type was used the wrong way, for example a readable profile on a PUT or POST.",
    whoActs: "The client's developers.",
    resolution: [
      "Use the `.writable+json` content type for writes and `.readable+json` for reads of the assigned profile.",
    ],
    example: {
      status: 400,
      type: "urn:ed-fi:api:profile:invalid-profile-usage",
      message: "A profile-based content type that is readable cannot be used with PUT requests.",
    },
    otherStatuses:
      "ODS/API 5.x–6.x answer an unknown profile in the Accept header with 406 and in the Content-Type header with 415, and 7.x can send this type with 406. The message (\"The profile specified by the content type in the 'Accept' header is not supported by this host\") decides: it lands here, not on the generic 406 or 415 article.",
  },
  "invalid-method-usage": {
    meaning:
      "The request used a profile for an operation the profile does not cover (reading with a write-only profile, or the reverse).",
    whoActs: "The client's developers.",
    resolution: ["Check which operations the assigned profile covers and use the matching content type."],
    example: {
      status: 405,
      type: "urn:ed-fi:api:profile:method-usage",
      message:
        "Usage of the API Profiles feature was incorrect. An attempt was made to access a resource that is not readable using the profile.",
    },
    otherStatuses:
      'ODS/API 5.x–6.x send "A profile-based content type that is writable cannot be used with GET requests" as a 400 and "The allowed methods for this resource with the \'…\' profile are …" as a 405, without a type. The message decides.',
  },
  "auth-header-missing": {
    meaning: "The request carried no Authorization header.",
    whoActs: "The client's developers.",
    resolution: ["Obtain a token from the OAuth endpoint and send `Authorization: Bearer <token>` on every request."],
    example: { status: 401, type: AUTHN, message: "Authorization header is missing." },
    otherStatuses:
      "Gateways in front of the API sometimes answer a missing header with 400; the message decides. ODS/API 5.x–6.x answer with an empty 401: when the event carries the request's headers and they have no Authorization header, the event lands here.",
  },
  "auth-scheme-unsupported": {
    meaning: "The Authorization header used a scheme other than Bearer (for example Basic).",
    whoActs: "The client's developers.",
    resolution: ["Send `Authorization: Bearer <token>`; Basic credentials are only for the token endpoint."],
    example: { status: 401, type: AUTHN, message: "Unknown Authorization header scheme." },
  },
  "auth-token-missing": {
    meaning: "The header said Bearer but carried no token.",
    whoActs: "The client's developers.",
    resolution: ["Check that the token variable is filled before the request is built."],
    example: { status: 401, type: AUTHN, message: "Missing Authorization header bearer token value." },
  },
  "auth-token-invalid": {
    meaning: "The token is expired, revoked or not one this API issued (tokens last 30 minutes by default).",
    whoActs: "The client's developers: re-authenticate when a token expires.",
    resolution: ["Request a new token and retry once.", "Renew tokens before they expire instead of per request."],
    example: { status: 401, type: AUTHN, message: "Invalid Authorization header." },
    otherStatuses:
      'The same cause arrives with other statuses: ODS/API 5.x–6.x answer a token it no longer knows (an expired sandbox token) with 403 "No API key information was available for authorization.", the token-info endpoints answer 400 "Invalid token" or "An invalid token was provided", and an empty 401 whose request sent an Authorization header means the token was refused. The message, or the request, decides.',
  },
  "data-policy-incorrect-usage": {
    meaning:
      "The client is assigned a profile for this resource but did not use its content type (or used another profile's).",
    whoActs: "Developers; the hosting team if the profile assignment is wrong.",
    resolution: [
      "Use the content type named in the error.",
      "Ask the host to confirm which profiles the key is assigned.",
    ],
    example: {
      status: 403,
      type: "urn:ed-fi:api:security:data-policy:incorrect-usage",
      message:
        "Based on profile assignments, the following profile-specific content type is required when requesting this resource: 'application/vnd.ed-fi.student.test-profile.readable+json'",
    },
  },
  "namespace-mismatch": {
    meaning:
      "The item's Namespace does not start with any namespace prefix assigned to the API client (namespace-secured resources such as assessments).",
    whoActs: "Developers (wrong namespace sent); the hosting team when the key lacks the right prefix.",
    resolution: [
      "Check the namespace the integration sends.",
      "Ask the host to add the prefix to the key's vendor if the namespace is right.",
    ],
    example: {
      status: 403,
      type: `${AUTHZ}:namespace:access-denied:namespace-mismatch`,
      message:
        "Access to the requested data could not be authorized. The 'Namespace' value of the data does not start with any of the caller's associated namespace prefixes ('uri://ed-fi.org').",
    },
  },
  "relationship-missing": {
    meaning:
      "The student, contact/parent or staff member exists but is not yet related to the client's education organizations (no enrollment or association).",
    whoActs:
      "Developers first (send associations right after the person); the source-data team when an earlier association failed.",
    resolution: [
      "Create the association named in the hint (StudentSchoolAssociation, StudentContactAssociation…).",
      "Look for an earlier failed association for the same person.",
    ],
    example: {
      status: 403,
      type: AUTHZ,
      message:
        "No relationships have been established between the caller's education organization id claims (255901) and the resource item's 'StudentUniqueId' value.",
    },
  },
  "person-missing": {
    meaning:
      "The staff member is not employed by or assigned to the client's education organizations, so records about them cannot be written.",
    whoActs: "Developers (send staff associations first); the source-data team when the HR record is incomplete.",
    resolution: [
      "Create the StaffEducationOrganizationEmploymentAssociation or AssignmentAssociation before section or school associations.",
    ],
    example: {
      status: 403,
      type: AUTHZ,
      message:
        "Access to the requested data could not be authorized. Hint: You may need to create corresponding 'StaffEducationOrganizationEmploymentAssociation' or 'StaffEducationOrganizationAssignmentAssociation' items.",
    },
  },
  "edorg-not-authorized": {
    meaning:
      "The school or education organization in the data is outside those the API key is authorized for (or does not exist).",
    whoActs: "Developers (wrong id sent); the hosting team when the key should cover that school.",
    resolution: [
      "Check the schoolId / educationOrganizationId being sent.",
      "Ask the host to confirm the key's education organizations.",
    ],
    example: {
      status: 403,
      type: AUTHZ,
      message:
        "No relationships have been established between the caller's education organization id claims (255901) and the resource item's 'SchoolId' value.",
    },
  },
  "action-not-permitted": {
    meaning: "The key's claim set does not allow this action (create, read, update, delete) on the resource.",
    whoActs:
      "Developers if the application should not do this; the hosting team if it should and the claim set must change.",
    resolution: ["Confirm the action is intended.", "Ask the host for a claim set that grants it."],
    example: {
      status: 403,
      type: `${AUTHZ}:access-denied:action`,
      message:
        "The API client's assigned claim set (currently 'SIS Vendor') must grant permission of the 'http://ed-fi.org/odsapi/actions/update' action on one of the following resource claims: 'http://ed-fi.org/ods/identity/claims/school'.",
    },
  },
  "missing-claim": {
    meaning: "The key's claim set has no claim for this resource at all.",
    whoActs: "Developers if the resource is out of scope; the hosting team to extend the claim set.",
    resolution: [
      "Confirm the integration needs the resource.",
      "Ask the host to add the resource claim to the key's claim set.",
    ],
    example: {
      status: 403,
      type: `${AUTHZ}:access-denied:resource`,
      message:
        "The API client's assigned claim set (currently 'Assessment Vendor') must include one of the following resource claims to provide access to this resource: 'http://ed-fi.org/ods/identity/claims/staff'.",
    },
  },
  "resource-not-found": {
    meaning:
      "The route does not exist: a misspelled or singular resource name, or a missing route segment (tenant, school year, instance).",
    whoActs: "Developers; the hosting team if the host's route layout is unclear.",
    resolution: [
      "Compare the URL with the host's Swagger UI.",
      "Ask the host whether its instance mode adds a segment such as the school year.",
    ],
    example: { status: 404, type: "urn:ed-fi:api:not-found", message: "The specified data could not be found." },
  },
  "item-not-found": {
    meaning: "The id in the URL does not exist (deleted, or from another instance).",
    whoActs: "The client's developers.",
    resolution: ["Look the item up by natural key to learn its current id before PUT or DELETE."],
    example: { status: 404, type: "urn:ed-fi:api:not-found", message: "The specified item could not be found." },
  },
  "post-with-id": {
    meaning: "A POST had an id in the URL; POST upserts by natural key on the collection URL.",
    whoActs: "The client's developers.",
    resolution: ["POST to the collection URL without an id, or PUT to the item URL."],
    example: {
      status: 405,
      type: "urn:ed-fi:api:method-not-allowed",
      message:
        'Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.',
    },
  },
  "collection-put-delete": {
    meaning: "A PUT or DELETE targeted the collection URL instead of one item.",
    whoActs: "The client's developers.",
    resolution: ["Append the item's id to the URL."],
    example: {
      status: 405,
      type: "urn:ed-fi:api:method-not-allowed",
      message:
        'Resource collections cannot be deleted. To delete a specific item, use DELETE and include the "id" in the route.',
    },
  },
  "patch-not-supported": {
    meaning: "The API does not support PATCH.",
    whoActs: "The client's developers.",
    resolution: ["Send the whole item with PUT, or upsert with POST."],
    example: {
      status: 405,
      type: "urn:ed-fi:api:method-not-allowed",
      message: "The endpoint of the request does not support the 'PATCH' method.",
    },
  },
  "unsupported-method": {
    meaning: "The endpoint does not accept this HTTP method (for example DELETE on a read-only resource).",
    whoActs: "The client's developers.",
    resolution: ["Check the endpoint's methods in the API documentation."],
    example: {
      status: 405,
      type: "urn:ed-fi:api:method-not-allowed",
      message: "The endpoint of the request does not support the 'DELETE' method.",
    },
  },
  "dependent-item-exists": {
    meaning: "The item cannot be deleted while other items reference it.",
    whoActs: "Developers (delete children first); the source-data team when a key change forced the delete.",
    resolution: [
      "Delete dependent items first, in reverse dependency order.",
      "For a changed natural key, delete and recreate the dependents too.",
    ],
    example: {
      status: 409,
      type: "urn:ed-fi:api:data-conflict:dependent-item-exists",
      message:
        "The requested action cannot be performed because this item is referenced by an existing 'StudentSectionAttendanceEvent' item.",
    },
  },
  "unresolved-reference": {
    meaning: "A reference points at an item that does not exist (yet): school year, section, student, session…",
    whoActs:
      "Developers (submit in dependency order); the source-data team when the referenced record failed or is wrong.",
    resolution: [
      "Send referenced resources first (resource dependency order).",
      "Check whether the referenced item failed earlier; fix that first.",
      "For school years, ask the host which years are loaded.",
    ],
    example: {
      status: 409,
      type: "urn:ed-fi:api:data-conflict:unresolved-reference",
      message: "The referenced 'SchoolYearType' item does not exist.",
    },
  },
  "non-unique-identity": {
    meaning: "Another item already has these identifying values (a key update collided, or a duplicate create).",
    whoActs: "Developers; the source-data team when two source records share a key.",
    resolution: ["Look up the existing item by its key.", "Merge or correct the duplicate source records."],
    example: {
      status: 409,
      type: "urn:ed-fi:api:data-conflict:non-unique-identity",
      message: "The identifying value(s) of the item are the same as another item that already exists.",
    },
  },
  "optimistic-lock-failed": {
    meaning: "The If-Match eTag no longer matches: someone changed the item since it was read.",
    whoActs: "The client's developers.",
    resolution: ["Read the item again, re-apply only your fields, and PUT with the new eTag."],
    example: {
      status: 412,
      type: "urn:ed-fi:api:optimistic-lock-failed",
      message: "The item has been modified by another user.",
    },
    otherStatuses:
      'ODS/API 5.x–6.x say "Resource was modified by another consumer." both here (412, with If-Match) and for a concurrent write without If-Match (409, which is the multi-user-conflict article): there the status decides. A malformed If-Match value ("Invalid ETag value.", 400) lands here.',
  },
  "unsupported-media-type": {
    meaning: "The Content-Type header is missing or not JSON.",
    whoActs: "The client's developers.",
    resolution: ["Send `Content-Type: application/json` (charset optional, UTF-8 assumed)."],
    example: {
      status: 415,
      type: "urn:ed-fi:api:unsupported-media-type",
      message: "The value specified in the 'Content-Type' header is not supported by this host.",
    },
  },
  "partial-reference": {
    meaning: "A reference object was sent with only some of its key properties.",
    whoActs: "Developers first; the source-data team when a key part is missing in the source.",
    resolution: ["Send every property the message lists, or omit the optional reference entirely."],
    example: {
      status: 400,
      type: DV,
      path: "$.sessionReference",
      message: "SessionReference is missing the following properties: SchoolYear, SessionName",
    },
  },
  "duplicate-collection-item": {
    meaning: "A collection holds two items with the same identifying values.",
    whoActs:
      "The source-data team (duplicate rows in the source) first; developers if the integration duplicates them.",
    resolution: [
      "Remove or merge the duplicate item the message numbers.",
      "De-duplicate in the integration before sending.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.gradeLevels",
      message: "The 3rd item of the gradeLevels has the same identifying values as another item earlier in the list.",
    },
  },
  "value-out-of-range": {
    meaning: "A number or date is outside the range the model allows.",
    whoActs: "The source-data team (implausible values) first; developers when units or formats are converted wrongly.",
    resolution: [
      "Check the value against the range in the message.",
      "Correct the source value, or fix the unit conversion.",
    ],
    example: {
      status: 400,
      type: DV,
      path: "$.totalInstructionalDays",
      message: "TotalInstructionalDays must be between 0 and 366.",
    },
  },
  "invalid-value-format": {
    meaning:
      "A value has the wrong form for its type: text where a boolean, number, date or enumeration value is expected.",
    whoActs: "Developers first; the source-data team when the source holds free text.",
    resolution: [
      "Convert values to the model's types (true/false, ISO dates, numbers).",
      "Validate source values before sending.",
    ],
    example: { status: 400, type: DV, path: "$.isCumulative", message: "Unexpected value for boolean: 'Y'." },
  },
  "invalid-paging-parameter": {
    meaning: "A paging parameter (offset, pageToken, pageSize, partitions, totalCount) is invalid.",
    whoActs: "The client's developers.",
    resolution: ["Follow the paging rules in the message; use key-set paging for large offsets."],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request:parameter-validation-failed",
      message: "Offset cannot be greater than 10000; use paging by key instead.",
    },
  },
  "sandbox-credentials": {
    meaning: "Sandbox credentials were used against production (or the reverse).",
    whoActs: "Developers; the hosting team to issue the right credentials.",
    resolution: ["Check which environment the configured key belongs to."],
    example: { status: 401, type: AUTHN, message: "Sandbox credentials used in call to Production API." },
  },
  "too-many-tokens": {
    meaning: "The client requested access tokens too often; tokens must be reused until they expire.",
    whoActs: "Developers; the hosting team sets the limit.",
    resolution: ["Cache the token and renew it shortly before expiry, not per request."],
    example: {
      status: 429,
      type: "urn:ed-fi:api:security:authentication:too-many-tokens",
      message:
        "Too many access tokens have been requested (limit is 150). Access tokens should be reused until they expire.",
    },
  },
  "no-edorg-claims": {
    meaning: "The API client has no education organizations assigned, so relationship-based checks can never pass.",
    whoActs: "The hosting team: assign education organizations to the client.",
    resolution: ["Assign the client's LEAs or schools in the admin tool, then request a new token."],
    example: {
      status: 403,
      type: AUTHZ,
      message:
        "No relationships have been established between the caller's education organization id claims (none) and the resource item's 'StudentUniqueId' value.",
    },
  },
  "client-not-configured": {
    meaning: "The API client is not authorized for any database instance of this API.",
    whoActs: "The hosting team.",
    resolution: ["Assign the client to its instance(s) in the configuration service."],
    example: {
      status: 403,
      type: "urn:ed-fi:api:authorization-denied",
      message: "The API client has no authorized database instances.",
    },
  },
  "custom-view-denied": {
    meaning: "A custom authorization view rejected the item based on its existing or proposed values.",
    whoActs: "Developers first; the source-data team when the data lacks what the view requires.",
    resolution: [
      "Read the hint: it names what the view requires (for example a student with CTE enrollments).",
      "Create the prerequisite data first.",
    ],
    example: {
      status: 403,
      type: AUTHZ,
      message:
        "The caller is not authorized to perform the requested operation on the item based on the proposed value of the 'StudentUniqueId' property of the item.",
    },
  },
  "ownership-mismatch": {
    meaning: "The item was created by another client: ownership-based authorization lets only the owner touch it.",
    whoActs: "Developers; the hosting team if ownership tokens should be shared.",
    resolution: [
      "Update only items your client created.",
      "Ask the host about shared ownership tokens if several clients must co-own data.",
    ],
    example: {
      status: 403,
      type: `${AUTHZ}:ownership:access-denied:ownership-mismatch`,
      message: "Access to the requested data could not be authorized. The item is not owned by the caller.",
    },
  },
  "ownership-uninitialized": {
    meaning:
      "The stored item has no owner (it predates ownership tracking), so no client can reach it through ownership-based authorization.",
    whoActs: "The hosting team (assign owners); the source-data team to recreate the item otherwise.",
    resolution: ["Have the host backfill CreatedByOwnershipTokenId, or delete and recreate the item."],
    example: {
      status: 403,
      type: `${AUTHZ}:ownership:invalid-data:ownership-uninitialized`,
      message:
        "The existing resource item has no 'CreatedByOwnershipTokenId' value assigned and thus will never be accessible to clients using the 'OwnershipBased' authorization strategy.",
    },
  },
  "no-namespace-prefixes": {
    meaning: "The client may use a namespace-secured resource but has no namespace prefix assigned.",
    whoActs: "The hosting team.",
    resolution: ["Assign the vendor's namespace prefix(es) to the client."],
    example: {
      status: 403,
      type: `${AUTHZ}:namespace:invalid-client:no-namespaces`,
      message:
        "The API client has been given permissions on a resource that uses the 'NamespaceBased' authorization strategy but the client doesn't have any namespace prefixes assigned.",
    },
  },
  "authorization-value-required": {
    meaning:
      "A value the authorization check needs (a school id, a namespace) is missing from the request or from the stored item.",
    whoActs: "The source-data team first; developers when the integration drops the value.",
    resolution: [
      "Send the value named in the message.",
      "For stored items, correct the record so it carries the value.",
    ],
    example: {
      status: 403,
      type: `${AUTHZ}:namespace:access-denied:namespace-required`,
      message:
        "Access to the requested data could not be authorized. The 'Namespace' value has not been assigned but is required for authorization purposes.",
    },
  },
  "data-policy-enforced": {
    meaning: "The client's profile hides data that is needed to create the item, so the API refuses to create it.",
    whoActs: "The hosting team (profile definition); developers if another profile should be used.",
    resolution: ["Ask the host to include the required elements in the profile, or use a profile that covers them."],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request:data-policy",
      message:
        "The Profile definition for 'Assessment-Vendor' excludes (or does not include) one or more required data elements needed to create the resource.",
    },
  },
  "profile-descriptor-filtered": {
    meaning: "The descriptor value is valid but filtered out by the client's profile.",
    whoActs: "The source-data team (value outside what the profile allows); the hosting team if the filter is wrong.",
    resolution: ["Use a value the profile allows, or ask the host to widen the filter."],
    example: {
      status: 400,
      type: DV,
      path: "$.gradeLevelDescriptor",
      message:
        "GradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade' does not conform with the filter values defined by profile 'Elementary-Only'.",
    },
  },
  "composite-not-readable": {
    meaning: "A composite was requested whose root resource the client's profile makes write-only.",
    whoActs: "The hosting team; developers if the composite is not needed.",
    resolution: ["Ask the host for a readable profile on the root resource."],
    example: {
      status: 405,
      type: `${AUTHZ}:composite:not-readable`,
      message:
        "The composite's root data item 'Student' is not readable because the API client has been assigned a Profile covering that data which only supports writes.",
    },
  },
  "multi-user-conflict": {
    meaning:
      "Another request changed or deleted the item while this one was processed (often parallel sends of the same key).",
    whoActs: "The client's developers.",
    resolution: ["Resend the request.", "Avoid sending the same key in parallel."],
    example: {
      status: 409,
      type: "urn:ed-fi:api:data-conflict:multi-user-conflict",
      message: "The resource item was modified or deleted by another user while processing the request.",
    },
  },
  "non-unique-values": {
    meaning: "A value that must be unique (other than the key) is already used by another item.",
    whoActs: "The source-data team first; developers if the integration duplicates values.",
    resolution: ["Find the item holding the value and correct one of them."],
    example: {
      status: 409,
      type: "urn:ed-fi:api:data-conflict:non-unique-values",
      message: "A value (or values) in the item must be unique, but another item with these values already exists.",
    },
  },
  "snapshot-read-only": {
    meaning: "The request wrote to a read-only snapshot.",
    whoActs: "The client's developers.",
    resolution: ["Send writes to the live API, not the snapshot URL."],
    example: { status: 405, type: "urn:ed-fi:api:snapshots:read-only", message: "Snapshots are read-only." },
  },
  "feature-disabled": {
    meaning: "The API feature used (change queries, composites, snapshots…) is turned off on this host.",
    whoActs: "The hosting team; developers if the feature is optional.",
    resolution: ["Ask the host to enable the feature, or stop using it."],
    example: {
      status: 404,
      type: "urn:ed-fi:api:system:configuration:feature-disabled",
      message: "The 'ChangeQueries' feature is disabled.",
    },
  },
  "server-configuration-error": {
    meaning: "The host is misconfigured (security metadata, instance routing, unprovisioned database).",
    whoActs: "The hosting team.",
    resolution: ["Send the correlationId to the host; the API log names the configuration problem."],
    example: {
      status: 500,
      type: "urn:ed-fi:api:system:configuration:security",
      message: "No security metadata has been configured for this resource.",
    },
  },
  "database-connection-error": {
    meaning: "The API could not reach its database or distributed cache.",
    whoActs: "The hosting team.",
    resolution: ["Retry later with back-off.", "Send the correlationIds and times to the host."],
    example: {
      status: 500,
      type: "urn:ed-fi:api:system:database-connection",
      message: "The API was unable to connect to the database.",
    },
  },
  "body-id-mismatch": {
    meaning: "A PUT body's id differs from the id in the URL.",
    whoActs: "The client's developers.",
    resolution: ["Send the same id in the body as in the URL, or leave it out of the body."],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request",
      message: "Request body id must match the id in the url.",
    },
  },
  "invalid-query-parameter": {
    meaning:
      "A query or route parameter other than limit or the paging parameters has a value the API cannot use: a change version that is not a number, a filter value of the wrong type for the property it filters, a property the resource or composite does not have, an id that is not a GUID, or (OneRoster) a filter, field or sort the provider does not support. On ODS/API 5.x–6.x the message (\"The value 'x' is not valid for SchoolId.\") does not say it is about the query: it lands here when the request's URL has that query parameter, and on the wrong-form article when it was a body value.",
    whoActs: "The client's developers: the query is built wrongly.",
    resolution: [
      "Send change versions as whole numbers (minChangeVersion ≤ maxChangeVersion).",
      "Give filter values in the property's type (dates as yyyy-mm-dd, numbers without quotes or units).",
    ],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request:parameter-validation-failed",
      message: "MinChangeVersion must be a numeric value greater than or equal to 0.",
    },
  },
  "token-client-invalid": {
    meaning:
      "The OAuth token endpoint refused the client itself: an unknown or wrong key/secret, a disabled client, an unsupported grant type or a malformed token request. No data call can succeed until this is fixed.",
    whoActs: "Hosting/IT operations, who issue and enable API credentials; developers when the request is malformed.",
    resolution: [
      "Check that the key and secret belong to this API instance (sandbox vs production) and that the client is enabled in the admin tool.",
      "Send the token request as client credentials (`grant_type=client_credentials`) with the key and secret in Basic authentication or the form body.",
    ],
    example: {
      status: 401,
      format: "oauth",
      code: "invalid_client",
      message: "Invalid client or Invalid client credentials",
    },
  },
  "token-scope-invalid": {
    meaning:
      "The token request asked for a scope (an education organization id) that the client is not associated with.",
    whoActs:
      "Operations, who associate API clients with education organizations; developers if the wrong id is requested.",
    resolution: [
      "Associate the client with the education organization in the admin tool, or request a scope the client already has.",
      "Leave the scope out to receive every education organization the client is associated with.",
    ],
    example: {
      status: 400,
      format: "oauth",
      code: "invalid_scope",
      message:
        "The client is not explicitly associated with the EducationOrganizationId specified in the requested 'scope'.",
    },
  },
  "string-too-short": {
    meaning:
      "A string value is shorter than the minimum the data standard allows for the field (often an empty string where a value is required).",
    whoActs:
      "The source-data team: the value in the source system is empty or truncated; developers if the client sends empty strings for missing values.",
    resolution: ["Fill the field in the source system.", "Omit optional fields instead of sending an empty string."],
    example: {
      status: 400,
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      path: "$.nameOfInstitution",
      message: "Value should be at least 1 characters",
    },
  },
  "snapshot-not-available": {
    meaning:
      "A read from a snapshot failed because the snapshot does not exist, is no longer available, or snapshots are not configured on this host.",
    whoActs:
      "Hosting/IT operations, who create snapshots and configure their connection; developers if a stale snapshot identifier is used.",
    resolution: [
      "List the available snapshots and use a current identifier.",
      "Configure the snapshot connection for the ODS if snapshots are meant to be offered.",
    ],
    example: { status: 404, type: "urn:ed-fi:api:not-found", message: "Snapshot not found." },
  },
  "bad-request": {
    meaning: "The API rejected the request as invalid without a reason this catalog knows more precisely.",
    whoActs: "Developers first; the source-data team if the message names a data value.",
    resolution: ["Read the message and the received type.", "Compare the request with the endpoint's documentation."],
    example: {
      status: 400,
      format: "generic",
      code: "INVALID_REQUEST",
      message: "Missing required 'user_id' parameter.",
    },
  },
  unauthenticated: {
    meaning: "The caller was not authenticated (credentials missing or invalid).",
    whoActs: "The client's developers.",
    resolution: ["Send valid credentials; renew expired tokens."],
    example: { status: 401, format: "access", code: "unauthorized", message: "Missing Authorization header" },
    otherStatuses:
      "An empty 401 from ODS/API 5.x–6.x says nothing by itself. When the event carries the request's headers, the Authorization header decides: sent means the token was refused (expired or invalid token), absent means the header was missing. Without request headers the event stays here.",
  },
  "access-invalid-token": {
    meaning:
      "The ACCESS API token is malformed, expired or revoked; tokens are regenerated when the account's scope changes.",
    whoActs: "Developers; the account administrator when the scope changed.",
    resolution: [
      "Use the current token from the account approval, complete and untruncated.",
      "Ask the administrator whether the token was regenerated.",
    ],
    example: {
      status: 401,
      format: "access",
      code: "invalid-token",
      message: "Bearer token is malformed, expired, or revoked",
    },
  },
  forbidden: {
    meaning: "The caller is known but not allowed to do this.",
    whoActs: "Developers; operations when permissions must change.",
    resolution: ["Check the API key and account status; request the needed permission."],
    example: {
      status: 403,
      format: "generic",
      code: "PERMISSION_DENIED",
      message: "You do not have permission to perform this action.",
    },
  },
  "access-no-privilege": {
    meaning: "The ACCESS token lacks permission for the requested data.",
    whoActs: "The account administrator (operations); developers if the request is out of scope.",
    resolution: ["Request only data within the authorized scope, or ask for wider privileges."],
    example: {
      status: 403,
      format: "access",
      code: "no-privilege",
      message: "Your token lacks permission for the requested data",
    },
  },
  "access-no-districtlea": {
    meaning: "The district LEA requested is not in the caller's ACCESS scope.",
    whoActs: "The account administrator (operations).",
    resolution: ["Check the authorized LEA codes in the approval email.", "Ask the administrator to add the district."],
    example: {
      status: 403,
      format: "access",
      code: "no-districtlea",
      message: "Requested district LEA is not in your access scope",
    },
  },
  "not-found": {
    meaning: "The endpoint or item does not exist.",
    whoActs: "The client's developers.",
    resolution: ["Check the URL and the ids in it."],
    example: {
      status: 404,
      format: "generic",
      code: "RESOURCE_NOT_FOUND",
      message: "The requested resource could not be found.",
    },
  },
  "method-not-allowed": {
    meaning: "The HTTP method is not allowed on this URL.",
    whoActs: "The client's developers.",
    resolution: ["Check the allowed methods in the documentation."],
    example: { status: 405, format: "text", message: "Method Not Allowed" },
  },
  "not-acceptable": {
    meaning: "The API cannot produce the media type the Accept header asks for.",
    whoActs: "The client's developers.",
    resolution: ["Send `Accept: application/json` or a type the endpoint lists."],
    example: {
      status: 406,
      format: "generic",
      message: "The server cannot produce a response matching the Accept header.",
    },
  },
  conflict: {
    meaning: "The request conflicts with the current state of the data.",
    whoActs: "Developers first; the source-data team for duplicate or inconsistent records.",
    resolution: ["Read the current item and reconcile before retrying."],
    example: {
      status: 409,
      type: "urn:ed-fi:api:data-conflict",
      message: "The request could not be completed because of a conflict.",
    },
  },
  "rate-limited": {
    meaning: "The caller exceeded a rate limit or daily quota.",
    whoActs: "Developers (back off); operations if the quota is too small.",
    resolution: [
      "Honour Retry-After and back off exponentially.",
      "Spread batch loads; ask for a larger quota if needed.",
    ],
    example: {
      status: 429,
      format: "generic",
      code: "RATE_LIMIT_EXCEEDED",
      message: "You have exceeded your allowed request rate. Please try again later.",
    },
  },
  "server-error": {
    meaning: "The API failed while processing the request.",
    whoActs: "The hosting team.",
    resolution: ["Retry once later.", "Report the correlationId to the host if it persists."],
    example: { status: 500, format: "access", code: "internal-error", message: "Server-side error" },
  },
  "service-unavailable": {
    meaning: "The API or a gateway in front of it is down, overloaded or in maintenance.",
    whoActs: "The hosting team.",
    resolution: ["Retry with back-off; check the host's status page."],
    example: {
      status: 503,
      format: "generic",
      code: "SERVICE_UNAVAILABLE",
      message: "The service is temporarily unavailable. Please try again later.",
    },
  },
  unclassified: {
    meaning: "Nothing in the catalog matches this error yet. It is stored, grouped and searchable like any other.",
    whoActs: "Triage it: read the body, then assign a team; tell us the shape so the catalog can learn it.",
    resolution: ["Open the event and read the received body.", "Assign the problem to the team the message points to."],
    example: { status: 418, format: "text", message: "I'm a teapot" },
  },
};

const PAGES_BY_ID: ReadonlyMap<string, ArticlePage> = new Map(Object.entries(ARTICLE_PAGES));

/** The page of an article id (outside text: a URL segment), or undefined. */
export function articlePage(id: string): ArticlePage | undefined {
  return PAGES_BY_ID.get(id);
}

export type { Team };
