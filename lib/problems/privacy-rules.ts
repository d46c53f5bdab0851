// What Triage removes from what a sender gives it before anything is written (FERPA). The rules
// are data, here and nowhere else; redact.ts applies them and the README lists them.
//
// Field names are compared normalised: lower case, letters and digits only
// (`StudentUniqueId`, `student_unique_id` and `studentUniqueID` are all `studentuniqueid`).
// Matching is by plain string tests (equals, prefix, suffix, contains), never a pattern over the
// name. Hosts add names with TRIAGE_REDACT_FIELDS (exact names, comma-separated).

export interface FieldRule {
  /** What kind of student or staff data the rule protects. */
  category: "identifier" | "name" | "birth" | "address" | "contact" | "identification document" | "demographic";
  equals?: readonly string[];
  prefixes?: readonly string[];
  suffixes?: readonly string[];
  contains?: readonly string[];
  /** Normalised names the rule never matches (technical fields that only look personal). */
  except?: readonly string[];
}

export interface ValueDetector {
  name: "email" | "phone" | "ssn";
  /** Global, linear-time (checked by tests/unit/redos.test.ts). */
  pattern: RegExp;
  replacement: string;
  /** A character in every match: a text without it is not scanned (most texts have no "@"). */
  requires?: string;
}

export const PRIVACY_RULES = {
  /** Request-body fields (at any depth), form and query-string parameters, `name: value` pairs in text. */
  fields: [
    {
      category: "identifier",
      suffixes: ["uniqueid", "usi"],
      equals: [
        "ssn",
        "socialsecuritynumber",
        "personid",
        "studentid",
        "staffid",
        "parentid",
        "contactid",
        "localstudentid",
        "stateid",
        "studentstateid",
      ],
    },
    {
      // Sign-in names of students and staff (Ed-Fi's Staff.loginId, identity providers' user names).
      category: "identifier",
      suffixes: [
        "loginid",
        "logonid",
        "loginname",
        "logonname",
        "username",
        "userprincipalname",
        "userlogin",
        "logonidentifier",
        "loginidentifier",
        "userid",
      ],
      equals: ["login", "logon", "upn", "samaccountname", "uid"],
    },
    {
      category: "name",
      suffixes: [
        "firstname",
        "lastname",
        "surname",
        "middlename",
        "givenname",
        "maidenname",
        "nickname",
        "fullname",
        "othernames",
        "displayname",
      ],
      equals: ["name", "names", "generationcodesuffix", "personaltitleprefix"],
    },
    { category: "birth", prefixes: ["birth"], contains: ["dateofbirth"], equals: ["dob"] },
    {
      category: "address",
      contains: [
        "address",
        "streetnumbername",
        "apartmentroomsuitenumber",
        "buildingsitenumber",
        "postalcode",
        "zipcode",
        "nameofcounty",
        "countyfipscode",
      ],
      equals: ["city", "zip", "latitude", "longitude"],
    },
    { category: "contact", contains: ["email", "electronicmail", "telephone", "phone", "fax"] },
    {
      category: "identification document",
      contains: ["identificationcode", "identificationdocument", "passport", "driverslicense", "visa"],
      equals: ["documenttitle", "issuername", "documentexpirationdate"],
    },
    {
      category: "demographic",
      equals: ["race", "races", "sex", "gender"],
      contains: [
        "racedescriptor",
        "ethnicity",
        "disabilit",
        "language",
        "sexdescriptor",
        "genderidentity",
        "citizenship",
        "tribalaffiliation",
        "economicdisadvantage",
        "limitedenglishproficiency",
        "homeless",
        "migrant",
        "studentcharacteristic",
        "studentindicator",
        "programparticipation",
      ],
    },
  ] satisfies FieldRule[] as readonly FieldRule[],

  /** Values found anywhere in request bodies, text bodies, query values and header values. */
  valueDetectors: [
    // The local part may not start inside another run of its characters, so every start is tried once.
    {
      name: "email",
      pattern: /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g,
      replacement: "[redacted email]",
      requires: "@",
    },
    // Separated North-American numbers ("(512) 555-0100", "512.555.0100", "+1 512 555 0100");
    // ten bare digits are too often an education organization id to be taken for a phone.
    {
      name: "phone",
      pattern: /(?<![\w+])(?:\+1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/g,
      replacement: "[redacted phone]",
    },
    { name: "ssn", pattern: /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g, replacement: "[redacted ssn]", requires: "-" },
  ] satisfies ValueDetector[] as readonly ValueDetector[],

  /** Request headers kept with their values (values still pass the detectors); every other is kept as a name only. */
  keptHeaders: [
    "accept",
    "accept-encoding",
    "accept-language",
    "content-type",
    "content-length",
    "content-encoding",
    "user-agent",
    "correlation-id",
    "x-correlation-id",
    "x-request-id",
    "request-id",
    "traceparent",
    "tracestate",
    "if-match",
    "if-none-match",
    "etag",
    "use-snapshot",
    "prefer",
    "host",
    "origin",
    "x-forwarded-proto",
  ],

  /** Query parameters whose values are kept as sent (paging and change queries; every other passes the field rules and detectors). */
  keptQueryParameters: [
    "limit",
    "offset",
    "totalcount",
    "pagetoken",
    "pagesize",
    "minchangeversion",
    "maxchangeversion",
    "snapshotidentifier",
    "fields",
  ],
} as const;

export const REDACTED = "[redacted]";
