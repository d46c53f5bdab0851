// The knowledge-base article catalog as data (../shared/reference/kb-articles.md).
// Ids are a public contract. Order matters: when an event's messages match several articles,
// the first in this list wins (except articles flagged `securityReview`, see classify.ts).
import type { Team } from "./types";

export const KB_BASE_URL =
  "https://docs.ed-fi.org/reference/ods-api/client-developers-guide/error-response-knowledge-base";

/** Docusaurus anchor of a heading: lower case, punctuation dropped, each space a hyphen. */
export function kbAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");
}

/** A message template that identifies an article. Named groups go into the problem signature. */
export interface MessagePattern {
  re: RegExp;
  /** Validation messages only on a path with (true) or without (false) an array index `[n]`. */
  pathIndexed?: boolean;
  /** Matches whatever the HTTP status (DMS reports some 409 situations inside a 400). */
  anyStatus?: boolean;
  /** Applies only when the canonical type is one of these (or the body has no type). */
  onlyTypes?: readonly string[];
  /** Applies only when the canonical type is one of these (a body without a type does not qualify). */
  types?: readonly string[];
  /** Extra condition on the match (used where a template alone is ambiguous). */
  when?: (match: RegExpExecArray) => boolean;
  /** A named group that must name one of the request's query parameters (the URL decides). */
  queryParameter?: string;
}

export type ArticleGroup = "edfi" | "edfi-extra" | "status";

export interface Article {
  id: string;
  title: string;
  group: ArticleGroup;
  /** HTTP status the article is about (null: any). */
  status: number | null;
  route: Team;
  alt: Team | null;
  /** Heading of the nearest section of the Ed-Fi knowledge base. */
  kbSection: string | null;
  /** Source document for articles that come from the ACCESS or generic API documents. */
  sourceDocument?: string;
  /** Canonical types that identify the article on their own. */
  types?: readonly string[];
  typePrefixes?: readonly string[];
  typeSuffixes?: readonly string[];
  patterns?: readonly MessagePattern[];
  /** Templates that do not decide the article but name what varies by cause (signature). */
  signals?: readonly RegExp[];
  /** The article a known type falls back to when none of its messages matched. */
  fallbackForTypes?: readonly string[];
  accessCodes?: readonly string[];
  genericCodes?: readonly string[];
  /** OAuth 2.0 token-endpoint errors (`{"error": "invalid_client", "error_description"?}`). */
  oauthCodes?: readonly string[];
  /** IMS OneRoster `imsx_codeMinorFieldValue`s, lower case. */
  oneRosterCodes?: readonly string[];
  /** Per-status fallback: any other error with one of these statuses. */
  statuses?: readonly number[];
  /** Also flag for a security review; wins over catalog order (see classify.ts). */
  securityReview?: boolean;
  /** Articles this one goes before when both match (a more specific reading of the same body). */
  overrides?: readonly string[];
}

const DV = "urn:ed-fi:api:bad-request:data-validation-failed";
const PV = "urn:ed-fi:api:bad-request:parameter-validation-failed";
const AUTHZ = "urn:ed-fi:api:security:authorization";

/** ≤ 7.1 and DMS type names → the 7.2+ canonical type. A Map: it is looked up with received text. */
export const TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ["urn:ed-fi:api:bad-request:data", DV],
  ["urn:ed-fi:api:bad-request:parameter", PV],
  ["urn:ed-fi:api:conflict:dependent-item-exists", "urn:ed-fi:api:data-conflict:dependent-item-exists"],
  ["urn:ed-fi:api:conflict:unresolved-reference", "urn:ed-fi:api:data-conflict:unresolved-reference"],
  ["urn:ed-fi:api:conflict:non-unique-identity", "urn:ed-fi:api:data-conflict:non-unique-identity"],
  ["urn:ed-fi:api:profile:invalid-content-type", "urn:ed-fi:api:profile:invalid-profile-usage"],
  ["urn:ed-fi:api:profile:method-usage", "urn:ed-fi:api:profile:invalid-method-usage"],
  ["urn:ed-fi:api:identity-conflict", "urn:ed-fi:api:data-conflict:non-unique-identity"],
  // ODS/API translators (ConflictException subtypes) and DMS names for the same situations
  ["urn:ed-fi:api:data-conflict:natural-key", "urn:ed-fi:api:data-conflict:non-unique-identity"],
  ["urn:ed-fi:api:data-conflict:invalid-reference", "urn:ed-fi:api:data-conflict:unresolved-reference"],
  ["urn:ed-fi:api:data-conflict:not-unique", "urn:ed-fi:api:data-conflict:non-unique-values"],
  ["urn:ed-fi:api:bad-request:data-policy", "urn:ed-fi:api:bad-request:data-policy-enforced"],
  ["urn:ed-fi:api:snapshots:read-only", "urn:ed-fi:api:snapshots:method-not-allowed"],
  ["urn:ed-fi:api:conflict:invalid-reference", "urn:ed-fi:api:data-conflict:unresolved-reference"],
  // Early Data Management Service (2024 alphas): its own URN namespace
  ["urn:dms:bad-request:data", DV],
  ["urn:dms:bad-request", "urn:ed-fi:api:bad-request"],
]);

// "No relationships have been established between the caller's education organization id
// claims (255901, 19255901) and the resource item's 'StudentUniqueId' value." and the form with
// "one or more of the following properties of the resource item: 'SchoolId', 'StaffUniqueId'."
const NO_RELATIONSHIPS =
  /No relationships have been established between the caller's education organization id claims? \([^()\d]*\d[^()]*\) and (?:the resource item's '(?<property>\w+)' value|one or more of the following properties of the resource item: (?<properties>'\w+'(?:, '\w+')*))/;

/** "X is required." — except "…DescriptorId is required.", a 5.x descriptor value that was not recognised (descriptor-not-found). */
const REQUIRED = /^\w+(?<!DescriptorId) is required\.?$/;

const PERSON_UNIQUE_ID = /^(Student|Parent|Contact|Staff)UniqueId$/;
const PERSON = /^(?:Student|Parent|Contact|Staff)$/;

// 7.1 (ODS-6031): "Authorization denied. Either referenced 'Student' was not found or no
// relationships have been established between the caller's education organization id claims
// (255901) and the referenced 'Student'." The referenced item is a person (its USI, named without "USI").
const EITHER_NOT_FOUND =
  /Either (?:the )?referenced '(?<referenced>\w+)' was not found or no relationships have been established/;

/** The property names a "No relationships…" message names. */
export function relationshipProperties(match: RegExpExecArray): string[] {
  if (match.groups?.property) return [match.groups.property];
  return [...(match.groups?.properties ?? "").matchAll(/'(\w+)'/g)].map((m) => m[1]);
}

/** 5.x–6.x: the natural-key conflict of two records of one file loaded at once (multi-user-conflict). */
const SAME_FILE = "likely caused by multiple resources with the same key in the same file";

const CLAIM_SET = /claim set \(currently '(?<claimSet>[^']+)'\) must grant permission of the '(?<action>[^']+)'/;

export const ARTICLES: readonly Article[] = [
  // ---- Ed-Fi ODS/API articles (knowledge base) -------------------------------------------
  {
    id: "key-change-not-supported",
    title: "Identifying values cannot be changed",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Identifying values for the resource cannot be changed",
    types: [`${DV}:key-change-not-supported`],
    patterns: [
      { re: /Identifying values for the (?<entity>\w+) (?:item|data|resource) cannot be changed/ },
      { re: /^A person's UniqueId cannot be modified\.?$/ }, // 5.x–6.x UniqueIdNotChangedEntityValidator
      { re: /^The identity fields of the document cannot be modified/ }, // Meadowlark
    ],
  },
  {
    id: "client-assigned-id",
    title: "Resource identifiers cannot be assigned by the client",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Resource identifiers cannot be assigned by the client",
    patterns: [
      { re: /Resource identifiers cannot be assigned by the client/ },
      { re: /Value for the auto-assigned identifier property '(?<property>\w+)' cannot be assigned by the client/ },
    ],
  },
  {
    id: "missing-required-property",
    title: "Missing a required property",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Missing a Required Property",
    patterns: [
      { re: REQUIRED, pathIndexed: false },
      { re: /^\w+ is required and should not be left empty\.?$/, pathIndexed: false },
      { re: /^\w+ value must be different than 0\.?$/, pathIndexed: false },
      { re: /^Required\.?$/, pathIndexed: false },
      { re: /must have required property '(?<property>\w+)'/, pathIndexed: false }, // ajv (Meadowlark)
      { re: /^Required properties \[[^\]]*\] are not present/, pathIndexed: false }, // JSON schema (early DMS)
      { re: /^'[^']{1,100}' must not be empty\.?$/, pathIndexed: false }, // FluentValidation (DMS configuration service)
      { re: /^\w+ (?:cannot|can not) be empty\./, pathIndexed: false },
      { re: /^\w+ should not be empty$/, pathIndexed: false }, // class-validator (NestJS)
    ],
  },
  {
    id: "missing-required-property-in-collection",
    title: "Missing a required property on an item in a collection",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Missing a Required Property on an Item in a Collection",
    patterns: [
      { re: REQUIRED, pathIndexed: true },
      { re: /^\w+ is required and should not be left empty\.?$/, pathIndexed: true },
      { re: /^\w+ value must be different than 0\.?$/, pathIndexed: true },
      { re: /^Required\.?$/, pathIndexed: true },
      { re: /must have required property '(?<property>\w+)'/, pathIndexed: true }, // ajv (Meadowlark)
      { re: /^Required properties \[[^\]]*\] are not present/, pathIndexed: true }, // JSON schema (early DMS)
      { re: /^'[^']{1,100}' must not be empty\.?$/, pathIndexed: true }, // FluentValidation (DMS configuration service)
      { re: /^\w+ (?:cannot|can not) be empty\./, pathIndexed: true },
      { re: /^\w+ should not be empty$/, pathIndexed: true }, // class-validator (NestJS)
    ],
  },
  {
    id: "string-too-long",
    title: "String too long",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "String Length Validation Error",
    patterns: [
      { re: /must be at most \d+ characters in length/ },
      { re: /must be between \d+ and \d+ characters in length/ },
      { re: /must be a string with (?:a minimum length of \d+ and )?a maximum length of \d+/ }, // .NET StringLength (5.x–6.x)
      { re: /Value should be at most \d+ characters/ }, // JSON schema (DMS)
      { re: /must be \d+ characters or fewer/ }, // FluentValidation
      { re: /must NOT have more than \d+ characters/ }, // ajv (Meadowlark)
      { re: /must be shorter than or equal to \d+ characters/ }, // class-validator
    ],
  },
  {
    id: "non-compliant-json",
    title: "Non-compliant JSON body",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Non-Compliant JSON Body",
    patterns: [
      { re: /Invalid property identifier character/ },
      { re: /Unexpected end when deserializing/ },
      { re: /After parsing a value an unexpected character was encountered/ },
      { re: /Unexpected character encountered while parsing (?!value: .{0,10}\. Path '', line 0, position 0)/ },
      { re: /Unterminated string\. Expected delimiter/ },
      { re: /Invalid character after parsing property name/ },
      { re: /Unexpected end of content while loading/ },
      { re: /Bad JSON escape sequence/ },
      { re: /An item with the same key has already been added/ },
      // System.Text.Json (DMS)
      { re: /is an invalid start of a (?:value|property name)/ },
      { re: /is invalid after a (?:value|single JSON value|property name)/ },
      { re: /Expected depth to be zero at the end of the JSON payload/ },
      { re: /Expected a ',' or '[}\]]' after/ },
      { re: /The JSON object contains a trailing comma/ },
      { re: /^Malformed body: / }, // Meadowlark
      { re: /^The argument '\w+' is missing or invalid\.?$/ }, // ≤ 5.x model binding: the body could not be read as JSON
    ],
  },
  {
    id: "integer-overflow",
    title: "Integer overflow",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Integer Overflow",
    patterns: [
      { re: /Error converting value -?\d+ to type 'System\.(?<type>U?Int(?:16|32|64)|Byte|Short|Long)'/ },
      { re: /Input string '-?\d+' is not a valid/ },
      { re: /JSON integer -?\d+ is too large or small for an? (?<type>\w+)/ },
      { re: /Value was either too large or too small for an? (?<type>U?Int\d+)/ },
    ],
  },
  {
    id: "empty-request-body",
    title: "Empty request body",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Empty Request Body",
    patterns: [
      { re: /A non-empty request body is required/ },
      { re: /^The request is invalid because it is missing (?:a|an) \w+\.?$/ }, // 5.x–6.x CheckModelForNullAttribute
      { re: /^Missing body$/ }, // Meadowlark
    ],
  },
  {
    id: "wrong-character-encoding",
    title: "Wrong character encoding",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Transmitting in the Wrong Character Encoding",
    patterns: [{ re: /Unexpected character encountered while parsing value: .{0,10}\. Path '', line 0, position 0/ }],
  },
  {
    id: "potentially-dangerous-value",
    title: "Potentially dangerous value",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Potentially Dangerous Value",
    patterns: [{ re: /could be dangerous for downstream systems/ }, { re: /contains a potentially dangerous value/ }],
    securityReview: true,
  },
  {
    id: "whitespace-in-natural-key",
    title: "Leading or trailing whitespace in a natural key",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Leading or Trailing Whitespace in Natural Key String",
    patterns: [
      { re: /cannot contain leading or trailing spaces/ },
      { re: /cannot contain leading or trailing whitespace/ },
    ],
  },
  {
    id: "empty-required-array",
    title: "No item in a required array",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "No Item in Required Array",
    patterns: [
      { re: /must have at least one item/ },
      { re: /requires at least one object in the collection/ }, // 5.x–6.x RequiredCollectionAttribute
      { re: /must NOT have fewer than \d+ items/ }, // ajv (Meadowlark)
    ],
  },
  {
    id: "key-unification",
    title: "Key unification error",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Key Unification Error",
    patterns: [
      { re: /All values supplied for '(?<property>\w+)' must match/ },
      { re: /Supplied values for unified key property '(?<property>\w+)' on '(?<entity>\w+)' are not consistent/ }, // 5.x–6.x
      { re: /^Constraint failure: document paths \S{1,300} and \S{1,300} must have the same values/ }, // Meadowlark, early DMS
    ],
  },
  {
    id: "invalid-limit",
    title: "Invalid limit",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: "ops",
    kbSection: "Invalid Limit Count",
    patterns: [
      { re: /Limit must be omitted or set to a (?:numeric )?value between/ },
      { re: /^Limit must be a value between -?\d/ }, // 7.3 QueryParametersValidator
      { re: /^Invalid limit specified\.?$/ }, // 5.x–6.x composites
      { re: /^Limit must be a numeric value greater than or equal to/ }, // early DMS
      { re: /The value '[^']*' is not valid for limit\.?$/i },
    ],
  },
  {
    id: "descriptor-not-found",
    title: "Descriptor value does not exist",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Descriptor Does Not Exist",
    patterns: [
      { re: /(?<!\w)(?<descriptor>\w+Descriptor) value '[^']*' does not exist/ },
      { re: /is not a valid value for use as a descriptor/ },
      { re: /Unable to resolve value '[^']*' to an existing '(?<descriptor>\w+Descriptor)' resource/ },
      { re: /Unable to resolve id '[^']*' to an existing resource (?<descriptor>\w+Descriptor)/ },
      // 5.x–6.x: a descriptor value the ODS could not map leaves its id at 0, and the entity's
      // validation names the id ("…DescriptorId is required."): the value is not recognised. The
      // resource's own property is "…Descriptor", so a client never sends or omits "…DescriptorId".
      { re: /^(?<descriptor>\w+Descriptor)Id is required\.?$/ },
    ],
  },
  {
    id: "invalid-profile-usage",
    title: "Invalid profile usage",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Invalid Profile Usage",
    types: ["urn:ed-fi:api:profile:invalid-profile-usage"],
    // 5.x–6.x answer some of these with 406 or 415: the message decides.
    patterns: [
      { re: /Multiple Profiles are found\. Please apply the profile manually/ },
      {
        re: /The resource in the profile-based content type does not match the resource targeted by the request/,
        anyStatus: true,
      },
      { re: /resource is not accessible through the '[^']*' profile specified by the content type/, anyStatus: true },
      {
        re: /The (?:format of the|profile usage segment in the) profile-based '[\w-]+' header (?:was invalid|was not recognized)/,
        anyStatus: true,
      },
      {
        re: /The profile specified by the content type in the '[\w-]+' header is not supported by this host/,
        anyStatus: true,
      },
      {
        re: /^More than one Profile is associated with this ApiClient\/Application for the Resource/i,
        anyStatus: true,
      }, // ≤ 5.x, state gateways
    ],
  },
  {
    id: "invalid-method-usage",
    title: "Invalid method usage with a profile",
    group: "edfi",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Invalid Method Usage",
    types: ["urn:ed-fi:api:profile:invalid-method-usage"],
    // 5.x–6.x answer with 405.
    patterns: [
      { re: /The allowed methods for this resource with the '[^']*' profile are/, anyStatus: true },
      { re: /A profile-based content type that is (?:writable|readable) cannot be used with/, anyStatus: true },
      { re: /There is no (?:Readable|Writable) content type available to the caller/, anyStatus: true },
    ],
  },
  {
    id: "auth-header-missing",
    title: "Authorization header missing",
    group: "edfi",
    status: 401,
    route: "dev",
    alt: null,
    kbSection: "Missing Authorization header",
    patterns: [{ re: /^Authorization header is missing\.?$/, anyStatus: true }],
  },
  {
    id: "auth-scheme-unsupported",
    title: "Unsupported authorization scheme",
    group: "edfi",
    status: 401,
    route: "dev",
    alt: null,
    kbSection: "Unsupported Authorization header scheme",
    patterns: [
      { re: /Unknown Authorization header scheme/, anyStatus: true },
      { re: /^Invalid authorization header$/i, anyStatus: true },
    ],
  },
  {
    id: "auth-token-missing",
    title: "Bearer token missing",
    group: "edfi",
    status: 401,
    route: "dev",
    alt: null,
    kbSection: "Missing or blank token in the Authorization header",
    patterns: [{ re: /Missing Authorization header bearer token value/ }],
  },
  {
    id: "auth-token-invalid",
    title: "Expired or invalid token",
    group: "edfi",
    status: 401,
    route: "dev",
    alt: null,
    kbSection: "Expired or invalid token in the Authorization header",
    // A token the API does not know answers 401, 400 (token info) or 403 (5.x–6.x, an expired
    // sandbox token): the message decides.
    patterns: [
      { re: /^Invalid Authorization header\.?$/ },
      { re: /^Invalid token\.?$/, anyStatus: true },
      { re: /^An invalid token was provided/, anyStatus: true },
      { re: /^The token was not present, or was not processable/, anyStatus: true },
      { re: /The Authorization header token does not match the token in the request body/, anyStatus: true },
      { re: /^No API key information was available for authorization\.?$/, anyStatus: true },
    ],
  },
  {
    id: "data-policy-incorrect-usage",
    title: "Data policy failure due to incorrect usage",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "Data Policy Failure Due to Incorrect Usage",
    types: ["urn:ed-fi:api:security:data-policy:incorrect-usage"],
    patterns: [
      {
        re: /Based on profile assignments, one of the following profile-specific content types is required when (?:requesting|updating) this resource/,
      },
    ],
  },
  {
    id: "namespace-mismatch",
    title: "Invalid namespace prefix",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "Invalid Namespace Prefix",
    types: [`${AUTHZ}:namespace:access-denied:namespace-mismatch`],
    patterns: [
      { re: /does not start with any of the caller's associated namespace prefixes/ },
      { re: /could not be authorized based on the caller's NamespacePrefix claims/ },
    ],
  },
  {
    id: "relationship-missing",
    title: "Student, parent or staff relationship does not exist",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "data",
    kbSection: "Student / Parent / Staff Relationship Does Not Exist",
    patterns: [
      { re: NO_RELATIONSHIPS, when: (m) => relationshipProperties(m).every((p) => PERSON_UNIQUE_ID.test(p)) },
      { re: EITHER_NOT_FOUND, when: (m) => PERSON.test(m.groups?.referenced ?? "") }, // 7.1 (ODS-6031)
    ],
  },
  {
    id: "person-missing",
    title: "Missing student or staff",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "data",
    kbSection: "Missing Student or Staff",
    // The staff-association hint says which case it is, whatever person id the errors name.
    overrides: ["relationship-missing"],
    patterns: [
      {
        re: /(?:You may need to create|Ensure that a) corresponding '(?<hint>StaffEducationOrganization\w+Association)' or '\w+' (?:items|resource item)/,
      },
    ],
  },
  {
    id: "edorg-not-authorized",
    title: "Not authorized for a school or education organization",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "Not Authorized for a School or Education Organization",
    patterns: [
      { re: NO_RELATIONSHIPS },
      // 5.x wordings
      {
        re: /^Authorization denied\. {1,2}The claim does not have any established relationships with the requested resource/,
      },
      {
        re: /The claims associated with an identifier of '(?<claim>\w+)' cannot be used to authorize a request associated with an identifier of '(?<property>\w+)'/,
      },
      {
        re: /Unable to authorize the request because there is no authorization support for associating the API client's associated claim values/,
      },
      // ≤ 5.x: a claim value of the same kind as the item's education organization property did
      // not match it ("Authorization denied.  Access to the requested 'SchoolId' was denied.")
      { re: /Access to the requested '(?<property>\w+)' was denied/ },
      { re: EITHER_NOT_FOUND }, // 7.1, a referenced item that is not a person
    ],
    fallbackForTypes: [AUTHZ],
  },
  {
    id: "action-not-permitted",
    title: "Action not permitted by the claim set",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "The Requested Action Is Not Permitted",
    types: [`${AUTHZ}:access-denied:action`],
    patterns: [{ re: /^Access to the resource could not be authorized for the requested action '(?<action>[^']*)'/ }], // 5.x–6.x
    signals: [CLAIM_SET],
  },
  {
    id: "missing-claim",
    title: "Missing resource claim",
    group: "edfi",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "Missing Claim",
    types: [`${AUTHZ}:access-denied:resource`],
    patterns: [{ re: /^Access to the resource could not be authorized\. Are you missing a claim\?/ }], // 5.x–6.x
    signals: [CLAIM_SET],
  },
  {
    id: "resource-not-found",
    title: "Resource not found (route or resource name)",
    group: "edfi",
    status: 404,
    route: "dev",
    alt: "ops",
    kbSection: "Resource Name Typo",
    types: ["urn:ed-fi:api:route-resolution-error"],
    patterns: [
      { re: /The specified data could not be found/ },
      { re: /Path '[^']*' does not exist\. Check the resource name/ },
      { re: /The selected tenant '[^']*' does not exist/ },
      { re: /^Unable to find resource based on route template value/ }, // 5.x–6.x
      { re: /^Invalid resource \w+\. The most similar resource is/ }, // Meadowlark
      { re: /^Cannot (?:GET|POST|PUT|DELETE|PATCH) \// }, // NestJS and Express routers
    ],
  },
  {
    id: "item-not-found",
    title: "Item id does not exist",
    group: "edfi",
    status: 404,
    route: "dev",
    alt: null,
    kbSection: "ID Does Not Exist",
    patterns: [
      { re: /The specified item could not be found/ },
      { re: /Resource to (?<action>update|delete) was not found/ },
      { re: /Entity of type '(?<entity>\w+)' with id of '[^']*' was not found/ },
      { re: /Entity of type '(?<entity>\w+)' with the specified id was not found/ }, // 5.x–6.x
      { re: /could not be found for update \(it may have been deleted by another consumer\)/ }, // 5.x–6.x
      { re: /^\w+ \d+ not found\. It may have been recently deleted/ }, // DMS configuration service
    ],
  },
  {
    id: "post-with-id",
    title: "POST with an id in the URL",
    group: "edfi",
    status: 405,
    route: "dev",
    alt: null,
    kbSection: "POST Request with an ID in the URL",
    patterns: [{ re: /Resource items can only be updated using PUT/ }],
  },
  {
    id: "collection-put-delete",
    title: "PUT or DELETE without an id in the URL",
    group: "edfi",
    status: 405,
    route: "dev",
    alt: null,
    kbSection: "DELETE or PUT Request without an ID in the URL",
    patterns: [{ re: /Resource collections cannot be (?<action>replaced|deleted)/ }],
  },
  {
    id: "patch-not-supported",
    title: "PATCH not supported",
    group: "edfi",
    status: 405,
    route: "dev",
    alt: null,
    kbSection: "PATCH Requests",
    patterns: [{ re: /does not support the 'PATCH' method/ }],
  },
  {
    id: "unsupported-method",
    title: "Method not supported by the endpoint",
    group: "edfi-extra",
    status: 405,
    route: "dev",
    alt: null,
    kbSection: "PATCH Requests",
    patterns: [{ re: /The endpoint of the request does not support the '(?<method>(?!PATCH')[A-Z]+)' method/ }],
  },
  {
    id: "dependent-item-exists",
    title: "Dependent item exists",
    group: "edfi",
    status: 409,
    route: "dev",
    alt: "data",
    kbSection: "Dependent Item Exists",
    types: ["urn:ed-fi:api:data-conflict:dependent-item-exists"],
    patterns: [
      {
        re: /cannot be deleted because it is a dependency of (?:the '(?:\w+)' value of )?(?:the '(?<dependent>\w+)' entity|another entity)/,
      },
      { re: /cannot be performed because this item is referenced by existing (?<dependent>\w+(?:, \w+)*) item\(s\)/ },
      { re: /cannot be deleted because it is a dependency of other documents/ }, // Meadowlark
    ],
    signals: [/referenced by an existing '(?<dependent>\w+)' item/],
  },
  {
    id: "unresolved-reference",
    title: "Unresolved reference",
    group: "edfi",
    status: 409,
    route: "dev",
    alt: "data",
    kbSection: "Unresolved Reference",
    types: ["urn:ed-fi:api:data-conflict:unresolved-reference"],
    patterns: [
      { re: /The referenced '?(?<referenced>\w+)'? item does not exist/, anyStatus: true },
      { re: /The referenced (?<referenced>\w+(?:, \w+)*) item\(s\) do not exist/, anyStatus: true },
      {
        re: /The value supplied for (?:the related '(?<referenced>[^'\s]{1,100})'|a related) resource does not exist/,
        anyStatus: true,
      },
      { re: /^'?(?<referenced>\w+)'? reference could not be resolved\.?$/, anyStatus: true },
      { re: /The referenced '(?<referenced>\w+)' resource does not exist/, anyStatus: true }, // early DMS
      { re: /^Reference '(?<referenced>\w+)' does not exist/, anyStatus: true }, // DMS configuration service
      { re: /^Reference validation failed/, anyStatus: true }, // Meadowlark
      { re: /^The supplied UniqueId value '[^']*' was not resolved/, anyStatus: true }, // 5.x–6.x UniqueId integration
      // 7.0–7.1 (ODS-6031): a reference used for authorization names an item that does not exist (409)
      { re: /Access to the resource item could not be authorized because the '(?<referenced>\w+)' was not found/ },
    ],
  },
  {
    id: "non-unique-identity",
    title: "Identifying values are not unique",
    group: "edfi",
    status: 409,
    route: "dev",
    alt: "data",
    kbSection: "Identifying Values Are Not Unique",
    types: ["urn:ed-fi:api:data-conflict:non-unique-identity"],
    patterns: [
      {
        re: /A primary key conflict occurred when attempting to create or update a record in the '(?<table>\w+)' table/,
      },
      // ODS/API ("create a new resource 'X'", with or without the duplicated values) and DMS
      // ("create a new resource X", "update a resource X"); the 5.x multi-file case is multi-user-conflict.
      {
        re: /A natural key conflict occurred when attempting to (?:create|update) (?:a new |a )?resource '?(?<resourceName>\w+)'? with a duplicate key/,
        when: (m) => !m.input.includes(SAME_FILE),
      },
      {
        re: /The values? supplied for propert(?:y|ies) '(?<properties>[^']*(?:', '[^']*)*)' of entity '(?<entity>\w+)' (?:is|are) not unique/,
      },
      { re: /^(?:Insert|Update) failed: the identity is in use by '(?<resourceName>\w+)'/ }, // Meadowlark
    ],
    signals: [/in the '(?<table>\w+)' table/],
  },
  {
    id: "optimistic-lock-failed",
    title: "Optimistic lock failed (eTag mismatch)",
    group: "edfi",
    status: 412,
    route: "dev",
    alt: null,
    kbSection: "412 Precondition Failed",
    types: ["urn:ed-fi:api:optimistic-lock-failed"],
    // 5.x–6.x: the same text answers a 409 without If-Match (multi-user-conflict); the status decides.
    patterns: [
      { re: /^Resource was modified by another consumer\.?$/ },
      { re: /^Invalid ETag value\.?$/, anyStatus: true },
    ],
  },
  {
    id: "unsupported-media-type",
    title: "Unsupported media type",
    group: "edfi",
    status: 415,
    route: "dev",
    alt: null,
    kbSection: "415 Unsupported Media Type",
    types: ["urn:ed-fi:api:unsupported-media-type"],
    patterns: [
      { re: /The 'Content-Type' header is missing/ },
      { re: /The value specified in the 'Content-Type' header is not supported by this host/ },
    ],
    statuses: [415],
  },

  // ---- Ed-Fi situations the knowledge base does not document ------------------------------
  {
    id: "partial-reference",
    title: "Reference is missing properties",
    group: "edfi-extra",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Missing a Required Property",
    patterns: [{ re: /(?<!\w)(?<reference>\w+Reference) is missing the following properties/ }],
  },
  {
    id: "duplicate-collection-item",
    title: "Duplicate item in a collection",
    group: "edfi-extra",
    status: 400,
    route: "data",
    alt: "dev",
    kbSection: "Missing a Required Property on an Item in a Collection",
    patterns: [
      {
        re: /The \w+ item of the (?<collection>[\w.]+) has the same identifying values as another item earlier in the list/,
      },
      { re: /The \w+ item of the (?<collection>\w+) collection is a duplicate/ },
      { re: /^(?<collection>\w+) enumerable contains duplicate at index: \d+/ }, // 5.x–6.x NoDuplicateMembersAttribute
      { re: /Two (?<entity>\w+) entities with the same identifier were associated with the session/, anyStatus: true },
    ],
  },
  {
    id: "value-out-of-range",
    title: "Value out of range",
    group: "edfi-extra",
    status: 400,
    route: "data",
    alt: "dev",
    kbSection: "Integer Overflow",
    patterns: [
      { re: /must be between -?[\d.,]+ and -?[\d.,]+\.?$/ },
      { re: /must be (?:greater|less) than or equal to/ },
      { re: /must be a date between \S+ and \S+?\.?$/ },
      { re: /must be (?:greater|less) than (?:or equal to )?'?-?\d/ }, // FluentValidation
      { re: /must be [<>]=? -?\d/ }, // ajv (Meadowlark)
      { re: /must not be (?:less|greater) than -?\d/ }, // class-validator
      { re: /must be within SQL datetime range/ },
    ],
  },
  {
    id: "invalid-value-format",
    title: "Value of the wrong form",
    group: "edfi-extra",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "Non-Compliant JSON Body",
    patterns: [
      { re: /Unexpected value for boolean/ },
      { re: /^The supplied value is invalid\.?$/ },
      { re: /The value '[^']*' is not valid for/ },
      { re: /Input string '(?!-?\d+')[^']*' is not a valid/ },
      { re: /Value is "(?<actual>\w+)" but should be "(?<expected>\w+)"/ },
      { re: /The JSON value could not be converted to (?<expected>[\w.]+)/ },
      { re: /^The field \w+ is invalid\.?$/ },
      { re: /Value does not match format "(?<expected>[\w-]+)"/ },
      { re: /Value should match one of the values specified by the enum/ },
      { re: /Error converting value "[^"]*" to type/ }, // Newtonsoft (5.x–6.x)
      { re: /Could not convert string to (?<expected>\w+)/ }, // Newtonsoft
      { re: /String was not recognized as a valid (?<expected>\w+)/ },
      { re: /^The value '[^']*' is not valid\.?$/ }, // DMS
      {
        re: /is not a valid value for (?<property>\w+)\. (?:Namespaces must|Organization names may|Descriptor names may|Code values may)/,
      }, // DescriptorNamespaceValidator
      { re: /^\w+ has invalid format\.?$/ },
      { re: /is not a valid email address/ }, // FluentValidation
      { re: /must be either '[^']*' or '[^']*'/ },
      { re: /must not contain white ?spaces/ },
      { re: /must contain at least one (?:lowercase|uppercase) letter/ },
      { re: /must be (?:string|integer|number|boolean|object|array|null)$/ }, // ajv (Meadowlark)
      { re: /must match format "(?<expected>[\w-]+)"/ },
      { re: /must be equal to one of the allowed values/ },
      { re: /must be an? (?:string|number|integer number|boolean|UUID|email|valid ISO 8601 date string)\b/ }, // class-validator
      { re: /must be a number conforming to the specified constraints/ },
    ],
    oneRosterCodes: ["invalid_uuid"],
  },
  {
    id: "invalid-paging-parameter",
    title: "Invalid paging parameter",
    group: "edfi-extra",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Invalid Limit Count",
    patterns: [
      { re: /\b(?<parameter>page ?token|page ?size|offset|partitions|total ?count)\b/i, types: [PV] },
      { re: /^(?<parameter>Offset|PageSize|PageToken|TotalCount) must be/ }, // early DMS
      { re: /^Invalid (?<parameter>offset|page ?size|page ?token) specified\.?$/i }, // 5.x–6.x composites
      { re: /^Number of partitions must be between/ },
      { re: /^Limit must be provided when using offset/ }, // Meadowlark
      { re: /^Must be set to a numeric value >= 0/ }, // Meadowlark
      { re: /The value '[^']*' is not valid for (?<parameter>offset|pageSize|pageToken|totalCount|number)\.?$/i },
    ],
    overrides: ["invalid-value-format", "value-out-of-range"],
  },
  {
    id: "invalid-query-parameter",
    title: "Invalid query parameter",
    group: "edfi-extra",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "Invalid Limit Count",
    patterns: [
      { re: /(?<parameter>MinChangeVersion|MaxChangeVersion) must be a numeric value/i },
      { re: /The value '[^']*' is not valid for (?<parameter>\w+)\.?$/, types: [PV] },
      { re: /The value '[^']*' is not valid for (?<parameter>MinChangeVersion|MaxChangeVersion|Id)\.?$/i },
      // 5.x–6.x model binding names the parameter: a query parameter of the request decides.
      { re: /The value '[^']*' is not valid for (?<parameter>\w+)\.?$/, queryParameter: "parameter" },
      { re: /^The property '(?<property>\w+)' does not exist or is not available/ }, // 5.x–6.x composites
      { re: /^Invalid query string parameter(?: value provided)?\./ },
      {
        re: /The value for parameter '(?<parameter>\w+)' was already assigned and cannot be reassigned using the query string/,
      },
      { re: /^The query filter expression was invalid/ },
      { re: /^The supplied resource identifier is invalid\.?$/ },
      { re: /^The identifier could not be processed as a GUID/ },
      { re: /^\w+ does not include property \w+/ }, // Meadowlark
    ],
    fallbackForTypes: [PV],
    oneRosterCodes: [
      "invalid_filter_field",
      "invalid_selection_field",
      "invalid_sort_field",
      "invalid_blank_selection_field",
    ],
    overrides: ["invalid-value-format"],
  },
  {
    id: "token-client-invalid",
    title: "Token request refused for the client",
    group: "edfi-extra",
    status: null,
    route: "ops",
    alt: "dev",
    kbSection: "Expired or invalid token in the Authorization header",
    oauthCodes: ["invalid_client", "invalid_request", "unsupported_grant_type", "unauthorized_client"],
    patterns: [
      { re: /^(?:invalid_client|unsupported_grant_type|unauthorized_client)(?:$|\. )/, anyStatus: true }, // DMS: "invalid_client. Invalid client or …"
      { re: /^Invalid client or Invalid client credentials/, anyStatus: true },
    ],
  },
  {
    id: "token-scope-invalid",
    title: "Token scope not associated with the client",
    group: "edfi-extra",
    status: 400,
    route: "ops",
    alt: "dev",
    kbSection: "Expired or invalid token in the Authorization header",
    oauthCodes: ["invalid_scope"],
    patterns: [
      {
        re: /not explicitly associated with the EducationOrganizationId specified in the requested 'scope'/,
        anyStatus: true,
      },
      { re: /The supplied 'scope' was not a number/, anyStatus: true },
    ],
  },
  {
    id: "string-too-short",
    title: "String too short",
    group: "edfi-extra",
    status: 400,
    route: "data",
    alt: "dev",
    kbSection: "String Length Validation Error",
    patterns: [
      { re: /should be at least \d{1,6} characters?/ },
      { re: /must be at least \d{1,6} characters? (?:in length|long)/ },
      { re: /must NOT have fewer than \d{1,6} characters/ }, // ajv (Meadowlark)
      { re: /must be longer than or equal to \d{1,6} characters/ }, // class-validator
    ],
  },
  {
    id: "snapshot-not-available",
    title: "Snapshot not available",
    group: "edfi-extra",
    status: null,
    route: "ops",
    alt: "dev",
    kbSection: null,
    sourceDocument: "kb-articles.md: situations real clients meet that the knowledge base does not document",
    patterns: [
      { re: /^Snapshot not (?:found|available)\.?$/i, anyStatus: true },
      { re: /The snapshot connection for the ODS has not been configured/, anyStatus: true },
      {
        re: /(?:invalid|unknown) snapshot identifier|snapshot identifier (?:is|was) (?:invalid|not found)/i,
        anyStatus: true,
      },
      { re: /^Invalid value for snapshot identifier/, anyStatus: true }, // 5.x–6.x
    ],
  },
  {
    id: "sandbox-credentials",
    title: "Sandbox and production credentials mixed up",
    group: "edfi-extra",
    status: 401,
    route: "dev",
    alt: "ops",
    kbSection: "Expired or invalid token in the Authorization header",
    patterns: [{ re: /(?:Sandbox|Production) credentials used in call to (?:Production|Sandbox) API/i }],
  },
  {
    id: "too-many-tokens",
    title: "Too many token requests",
    group: "edfi-extra",
    status: 429,
    route: "dev",
    alt: "ops",
    kbSection: "Expired or invalid token in the Authorization header",
    types: ["urn:ed-fi:api:security:authentication:too-many-tokens"],
    patterns: [
      { re: /Too many access tokens have been requested/ },
      { re: /authenticated too many times in too short of a time period/ },
    ],
  },
  {
    id: "no-edorg-claims",
    title: "API client has no education organizations",
    group: "edfi-extra",
    status: 403,
    route: "ops",
    alt: null,
    kbSection: "Not Authorized for a School or Education Organization",
    types: [`${AUTHZ}:no-client-details`],
    patterns: [
      { re: /education organization id claims? \(none\)/ },
      { re: /can not be authorized because there were no education organizations on the claim/ }, // 5.x–6.x
      { re: /education organizations identifiers assigned to the claim did not exist in the underlying ODS/ },
    ],
  },
  {
    id: "client-not-configured",
    title: "API client not configured for this API",
    group: "edfi-extra",
    status: 403,
    route: "ops",
    alt: null,
    kbSection: "Not Authorized for a School or Education Organization",
    typeSuffixes: [":authorization-denied"],
    patterns: [{ re: /has no authorized database instances|not authorized for any (?:database )?instance/i }],
  },
  {
    id: "custom-view-denied",
    title: "Denied by a custom view authorization",
    group: "edfi-extra",
    status: 403,
    route: "dev",
    alt: "data",
    kbSection: "Not Authorized for a School or Education Organization",
    patterns: [
      { re: /not authorized to perform the requested operation on the item based on the (?:existing|proposed) value/ },
    ],
  },
  {
    id: "ownership-mismatch",
    title: "Ownership token mismatch",
    group: "edfi-extra",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "Not Authorized for a School or Education Organization",
    types: [`${AUTHZ}:ownership:access-denied:ownership-mismatch`],
    patterns: [{ re: /could not be authorized using any of the caller's ownership tokens/ }],
  },
  {
    id: "ownership-uninitialized",
    title: "Item has no ownership token",
    group: "edfi-extra",
    status: 403,
    route: "ops",
    alt: "data",
    kbSection: "Not Authorized for a School or Education Organization",
    types: [`${AUTHZ}:ownership:invalid-data:ownership-uninitialized`],
    patterns: [{ re: /'CreatedByOwnershipTokenId'/ }, { re: /because the resource item has no owner/ }],
  },
  {
    id: "no-namespace-prefixes",
    title: "API client has no namespace prefixes",
    group: "edfi-extra",
    status: 403,
    route: "ops",
    alt: null,
    kbSection: "Invalid Namespace Prefix",
    types: [`${AUTHZ}:namespace:invalid-client:no-namespaces`],
    patterns: [
      { re: /the client doesn't have any namespace prefixes assigned/ },
      { re: /^No namespaces found in claims\.?$/ },
      { re: /the caller did not have any NamespacePrefix claims/ }, // 5.x–6.x
    ],
  },
  {
    id: "authorization-value-required",
    title: "Value required for authorization",
    group: "edfi-extra",
    status: 403,
    route: "data",
    alt: "dev",
    kbSection: "Not Authorized for a School or Education Organization",
    typeSuffixes: [
      "access-denied:element-required",
      "invalid-data:element-uninitialized",
      "namespace-required",
      "namespace-uninitialized",
    ],
    patterns: [
      { re: /value (?:has not been assigned but )?is required for authorization purposes/ },
      { re: /could not be authorized because the Namespace of the resource is empty/ },
      { re: /could not be authorized because the '(?<property>\w+)' of the resource is empty/ }, // 5.x–6.x
    ],
  },
  {
    id: "data-policy-enforced",
    title: "Profile excludes data needed to create the item",
    group: "edfi-extra",
    status: 400,
    route: "ops",
    alt: "dev",
    kbSection: "Data Policy Failure Due to Incorrect Usage",
    types: ["urn:ed-fi:api:bad-request:data-policy-enforced"],
    patterns: [{ re: /excludes \(or does not include\) one or more required data elements/ }],
  },
  {
    id: "profile-descriptor-filtered",
    title: "Descriptor value filtered out by the profile",
    group: "edfi-extra",
    status: 400,
    route: "data",
    alt: "ops",
    kbSection: "Descriptor Does Not Exist",
    patterns: [{ re: /does not conform with the filter values defined by profile/ }],
  },
  {
    id: "composite-not-readable",
    title: "Composite not readable",
    group: "edfi-extra",
    status: 405,
    route: "ops",
    alt: "dev",
    kbSection: "The Requested Action Is Not Permitted",
    types: [`${AUTHZ}:composite:not-readable`],
    patterns: [{ re: /The composite's root data item '(?<resourceName>\w+)' is not readable/ }],
  },
  {
    id: "multi-user-conflict",
    title: "Modified by another user while processing",
    group: "edfi-extra",
    status: 409,
    route: "dev",
    alt: null,
    kbSection: "412 Precondition Failed",
    types: ["urn:ed-fi:api:data-conflict:multi-user-conflict"],
    patterns: [
      { re: /was modified or deleted by another user while processing the request/ },
      {
        re: /A natural key conflict occurred when attempting to (?:create|update) a new resource with a duplicate key\. This is likely caused by multiple resources with the same key in the same file/,
      },
      { re: /likely caused by multiple resources with the same key in the same file/ }, // 5.x–6.x SQL Server, with the duplicated values
      { re: /^Resource was modified by another consumer\.?$/ }, // 5.x–6.x, 409 (412 is optimistic-lock-failed)
      { re: /Write conflict due to concurrent access to this or related resources/, anyStatus: true }, // Meadowlark
    ],
  },
  {
    id: "non-unique-values",
    title: "Values are not unique",
    group: "edfi-extra",
    status: 409,
    route: "data",
    alt: "dev",
    kbSection: "Identifying Values Are Not Unique",
    types: ["urn:ed-fi:api:data-conflict:non-unique-values"],
    patterns: [
      {
        re: /The values? \([^()]*\) supplied for propert(?:y|ies) '[^']*'(?:, '[^']*')* of entity '(?<entity>\w+)' (?:is|are) not unique/,
      },
      { re: /The value\(s\) supplied for the resource are not unique/ },
      { re: /must be unique, but another item with these values already exists/ },
      { re: /^\w+ with the same [\w ]{1,50} already exists/, anyStatus: true }, // DMS configuration service
      { re: /^\w+ '[^']*' already exists for/, anyStatus: true },
    ],
  },
  {
    id: "snapshot-read-only",
    title: "Snapshot is read-only",
    group: "edfi-extra",
    status: 405,
    route: "dev",
    alt: null,
    kbSection: "405 Method Not Allowed",
    types: ["urn:ed-fi:api:snapshots:method-not-allowed"],
    patterns: [{ re: /^Snapshots are read-only\.?$/ }],
  },
  {
    id: "feature-disabled",
    title: "Feature disabled",
    group: "edfi-extra",
    status: 404,
    route: "ops",
    alt: "dev",
    kbSection: "Resource Name Typo",
    types: ["urn:ed-fi:api:system:configuration:feature-disabled"],
    patterns: [{ re: /The '(?<feature>[^']+)' feature is disabled/ }],
  },
  {
    id: "server-configuration-error",
    title: "Server configuration error",
    group: "edfi-extra",
    status: 500,
    route: "ops",
    alt: null,
    kbSection: "500 Internal Server Error",
    typePrefixes: ["urn:ed-fi:api:system:configuration", "urn:ed-fi:api:system-configuration"],
    typeSuffixes: [
      ":service-configuration-error",
      ":database-not-provisioned",
      ":database-fingerprint-validation-error",
    ],
    patterns: [
      { re: /No security metadata has been configured for this resource/ },
      { re: /No authorization strategies were defined for the requested action/ },
      { re: /Could not find authorization strategy implementations for the following strategy names/ },
      { re: /Unable to find a property on the authorization subject entity type/ },
      { re: /resulting in an ambiguous basis for authorization/ },
      { re: /^Unable to authorize the request because the following authorization view\(s\) could not be found/ }, // 5.x–6.x
      {
        re: /Multiple resource claims with a claim name of '[^']*' were found in the Ed-Fi API's security configuration/,
      },
    ],
  },
  {
    id: "database-connection-error",
    title: "Database or cache unavailable",
    group: "edfi-extra",
    status: 500,
    route: "ops",
    alt: null,
    kbSection: "500 Internal Server Error",
    typePrefixes: ["urn:ed-fi:api:system:database-connection", "urn:ed-fi:api:system:distributed-cache-error"],
  },
  {
    id: "body-id-mismatch",
    title: "Body id does not match the URL",
    group: "edfi-extra",
    status: 400,
    route: "dev",
    alt: null,
    kbSection: "POST Request with an ID in the URL",
    patterns: [
      { re: /Request body id must match the id in the url/i },
      { re: /The identity of the resource does not match the identity in the updated document/ }, // Meadowlark
    ],
  },

  // ---- articles for every status (other APIs, unknown Ed-Fi types) -----------------------
  {
    id: "bad-request",
    title: "Bad request",
    group: "status",
    status: 400,
    route: "dev",
    alt: "data",
    kbSection: "400 Bad Request",
    accessCodes: ["bad-request"],
    genericCodes: ["INVALID_REQUEST"],
    oneRosterCodes: ["invaliddata"],
    statuses: [400],
  },
  {
    id: "unauthenticated",
    title: "Not authenticated",
    group: "status",
    status: 401,
    route: "dev",
    alt: null,
    kbSection: "401 Unauthorized",
    accessCodes: ["unauthorized"],
    genericCodes: ["UNAUTHENTICATED"],
    oneRosterCodes: ["unauthorisedrequest", "unauthorizedrequest"],
    statuses: [401],
  },
  {
    id: "access-invalid-token",
    title: "ACCESS token malformed, expired or revoked",
    group: "status",
    status: 401,
    route: "dev",
    alt: "ops",
    kbSection: null,
    sourceDocument: "ACCESS API — Error Handling",
    accessCodes: ["invalid-token"],
  },
  {
    id: "forbidden",
    title: "Forbidden",
    group: "status",
    status: 403,
    route: "dev",
    alt: "ops",
    kbSection: "403 Forbidden",
    accessCodes: ["Forbidden"],
    genericCodes: ["PERMISSION_DENIED"],
    oneRosterCodes: ["forbidden"],
    statuses: [403],
  },
  {
    id: "access-no-privilege",
    title: "ACCESS token lacks privilege",
    group: "status",
    status: 403,
    route: "ops",
    alt: "dev",
    kbSection: null,
    sourceDocument: "ACCESS API — Error Handling",
    accessCodes: ["no-privilege"],
  },
  {
    id: "access-no-districtlea",
    title: "District LEA outside the caller's ACCESS scope",
    group: "status",
    status: 403,
    route: "ops",
    alt: null,
    kbSection: null,
    sourceDocument: "ACCESS API — Error Handling",
    accessCodes: ["no-districtlea"],
  },
  {
    id: "not-found",
    title: "Not found",
    group: "status",
    status: 404,
    route: "dev",
    alt: null,
    kbSection: "Resource Name Typo",
    accessCodes: ["not-found"],
    genericCodes: ["RESOURCE_NOT_FOUND"],
    oneRosterCodes: ["unknownobject"],
    statuses: [404],
  },
  {
    id: "method-not-allowed",
    title: "Method not allowed",
    group: "status",
    status: 405,
    route: "dev",
    alt: null,
    kbSection: "405 Method Not Allowed",
    statuses: [405],
  },
  {
    id: "not-acceptable",
    title: "Not acceptable (Accept header)",
    group: "status",
    status: 406,
    route: "dev",
    alt: null,
    kbSection: null,
    sourceDocument: "Response Codes and Error Handling",
    statuses: [406],
  },
  {
    id: "conflict",
    title: "Conflict",
    group: "status",
    status: 409,
    route: "dev",
    alt: "data",
    kbSection: "409 Conflict",
    statuses: [409],
  },
  {
    id: "rate-limited",
    title: "Rate limited",
    group: "status",
    status: 429,
    route: "dev",
    alt: "ops",
    kbSection: null,
    sourceDocument: "API Error Codes",
    accessCodes: ["too-many-requests"],
    genericCodes: ["RATE_LIMIT_EXCEEDED"],
    oneRosterCodes: ["server_busy"],
    statuses: [429],
    typeSuffixes: [":too-many-requests"],
  },
  {
    id: "server-error",
    title: "Server error",
    group: "status",
    status: 500,
    route: "ops",
    alt: null,
    kbSection: "500 Internal Server Error",
    accessCodes: ["internal-error"],
    genericCodes: ["INTERNAL_SERVER_ERROR"],
    statuses: [500, 501],
  },
  {
    id: "service-unavailable",
    title: "Service unavailable",
    group: "status",
    status: 503,
    route: "ops",
    alt: null,
    kbSection: "500 Internal Server Error",
    genericCodes: ["SERVICE_UNAVAILABLE"],
    statuses: [502, 503, 504],
    typeSuffixes: [":service-unavailable", ":bad-gateway"],
  },
  {
    id: "unclassified",
    title: "Unclassified",
    group: "status",
    status: null,
    route: "dev",
    alt: null,
    kbSection: null,
  },
];

const BY_ID = new Map(ARTICLES.map((a) => [a.id, a]));

export function getArticle(id: string): Article | undefined {
  return BY_ID.get(id);
}

export function articleKbUrl(article: Article): string | null {
  return article.kbSection ? `${KB_BASE_URL}#${kbAnchor(article.kbSection)}` : null;
}

/** How a read model names an article: its id, title (the id when unknown) and knowledge-base link. */
export function articleFields(articleId: string): { articleId: string; articleTitle: string; kbUrl: string | null } {
  const article = getArticle(articleId);
  return { articleId, articleTitle: article?.title ?? articleId, kbUrl: article ? articleKbUrl(article) : null };
}
