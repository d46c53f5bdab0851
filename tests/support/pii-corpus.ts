// A generator of realistic Ed-Fi request bodies and ingest events carrying seeded marker values in
// every place where student or staff data travels: request bodies (students, staff, contacts,
// education organization associations with nested addresses, telephones, e-mails, identification
// codes and documents, demographics), request bodies that are not JSON, URL query strings and
// headers, header and field names, sign-in names (loginId and its spellings), the API client's
// name, and a log's evidence (level, logger, exception class and message, type hint) on events
// with and without a body. Response bodies carry markers too: those are kept (support needs them)
// but only there.
import { mulberry32 } from "../../prisma/demo/generate";

export interface PiiCorpus {
  events: Record<string, unknown>[];
  /** Markers that may be stored nowhere. */
  secret: string[];
  /** Markers that may be stored only in the response body. */
  responseOnly: string[];
}

export function piiCorpus(seed: number, count: number): PiiCorpus {
  const rng = mulberry32(seed);
  let next = 0;
  const secret: string[] = [];
  const responseOnly: string[] = [];
  /** A fresh marker: letters and digits only, so no escaping can hide it. */
  const m = (kind = "Pii") => {
    const marker = `${kind}${seed}x${next++}q`;
    secret.push(marker);
    return marker;
  };
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join("");
  const email = () => {
    const local = m("mail");
    return `${local}@district${Math.floor(rng() * 9)}.example.org`;
  };
  const phone = () => {
    const p = `(512) 555-${digits(4)}`;
    secret.push(p);
    return p;
  };
  const ssn = () => {
    const s = `9${digits(2)}-${digits(2)}-${digits(4)}`;
    secret.push(s);
    return s;
  };
  const address = () => ({
    addressTypeDescriptor: "uri://ed-fi.org/AddressTypeDescriptor#Home",
    streetNumberName: `${m()} Main St`,
    apartmentRoomSuiteNumber: m(),
    city: m(),
    stateAbbreviationDescriptor: "uri://ed-fi.org/StateAbbreviationDescriptor#TX",
    postalCode: m(),
    nameOfCounty: m(),
  });

  const bodies: (() => unknown)[] = [
    () => ({
      studentUniqueId: m(),
      firstName: m(),
      middleName: m(),
      lastSurname: m(),
      generationCodeSuffix: m(),
      personalTitlePrefix: m(),
      birthDate: "2011-04-0" + Math.floor(1 + rng() * 8),
      birthCity: m(),
      birthSexDescriptor: `uri://ed-fi.org/SexDescriptor#${m()}`,
      birthCountryDescriptor: `uri://ed-fi.org/CountryDescriptor#${m()}`,
      otherNames: [
        {
          otherNameTypeDescriptor: "uri://ed-fi.org/OtherNameTypeDescriptor#Nickname",
          firstName: m(),
          lastSurname: m(),
        },
      ],
      personalIdentificationDocuments: [
        {
          identificationDocumentUseDescriptor: "uri://ed-fi.org/IdentificationDocumentUseDescriptor#Foreign Passport",
          issuerDocumentIdentificationCode: m(),
          issuerName: m(),
          documentExpirationDate: "2030-01-01",
        },
      ],
      visas: [{ visaDescriptor: `uri://ed-fi.org/VisaDescriptor#${m()}` }],
    }),
    () => ({
      studentReference: { studentUniqueId: m() },
      educationOrganizationReference: { educationOrganizationId: 255901 },
      addresses: [address(), address()],
      internationalAddresses: [
        { addressLine1: m(), addressLine2: m(), countryDescriptor: "uri://ed-fi.org/CountryDescriptor#MX" },
      ],
      electronicMails: [
        {
          electronicMailAddress: email(),
          electronicMailTypeDescriptor: "uri://ed-fi.org/ElectronicMailTypeDescriptor#Home/Personal",
        },
      ],
      telephones: [
        {
          telephoneNumber: phone(),
          telephoneNumberTypeDescriptor: "uri://ed-fi.org/TelephoneNumberTypeDescriptor#Mobile",
        },
      ],
      hispanicLatinoEthnicity: true,
      races: [{ raceDescriptor: `uri://ed-fi.org/RaceDescriptor#${m()}` }],
      disabilities: [
        {
          disabilityDescriptor: `uri://ed-fi.org/DisabilityDescriptor#${m()}`,
          designations: [{ disabilityDesignationDescriptor: m() }],
        },
      ],
      languages: [
        {
          languageDescriptor: `uri://ed-fi.org/LanguageDescriptor#${m()}`,
          uses: [{ languageUseDescriptor: "uri://ed-fi.org/LanguageUseDescriptor#Home language" }],
        },
      ],
      studentIdentificationCodes: [
        {
          assigningOrganizationIdentificationCode: m(),
          identificationCode: m(),
          studentIdentificationSystemDescriptor: "uri://ed-fi.org/StudentIdentificationSystemDescriptor#SSN",
        },
      ],
      studentCharacteristics: [
        { studentCharacteristicDescriptor: `uri://ed-fi.org/StudentCharacteristicDescriptor#${m()}` },
      ],
      sexDescriptor: `uri://ed-fi.org/SexDescriptor#${m()}`,
    }),
    () => ({
      staffUniqueId: m(),
      firstName: m(),
      lastSurname: m(),
      birthDate: "1980-01-01",
      sexDescriptor: `uri://ed-fi.org/SexDescriptor#${m()}`,
      electronicMails: [{ electronicMailAddress: email() }],
      staffIdentificationCodes: [{ identificationCode: m() }],
      staffUSI: Number(digits(6)),
      credentials: [
        {
          credentialReference: {
            credentialIdentifier: "TX-1",
            stateOfIssueStateAbbreviationDescriptor: "uri://ed-fi.org/StateAbbreviationDescriptor#TX",
          },
        },
      ],
    }),
    () => ({
      contactUniqueId: m(),
      parentUniqueId: m(),
      firstName: m(),
      lastSurname: m(),
      maidenName: m(),
      addresses: [address()],
      telephones: [{ telephoneNumber: phone() }, { telephoneNumber: phone() }],
      electronicMails: [{ electronicMailAddress: email() }],
      notes: `Call ${phone()} or mail ${email()}; ssn on file ${ssn()}`,
    }),
    () => ({
      studentUSI: Number(digits(7)),
      surname: m(),
      givenName: m(),
      emailAddress: email(),
      phoneNumber: phone(),
      dateOfBirth: "2012-02-02",
      gender: m(),
      ethnicity: m(),
      ssn: ssn(),
    }),
    // Sign-in names of staff and students, as Ed-Fi and identity providers spell them; values in field names.
    () => ({
      staffUniqueId: m(),
      loginId: m(),
      login_id: m(),
      LoginID: m(),
      userName: m(),
      user_name: m(),
      staffLoginId: m(),
      userPrincipalName: email(),
      [email()]: { role: "teacher" },
      [ssn()]: true,
    }),
    () => `loginId=${m()}&userName=${m()}&schoolId=255901001`,
    // Request bodies that are not JSON, or not valid JSON.
    () => `studentUniqueId=${m()}&firstName=${m()}&schoolId=255901001`,
    () =>
      `<Student><StudentUniqueId>${m()}</StudentUniqueId><FirstName>${m()}</FirstName><BirthDate>2011-01-01</BirthDate></Student>`,
    () => `{"studentUniqueId": "${m()}", "lastSurname": "${m()}", "email": "${email()}", broken`,
    () => `free text from a failed load, contact ${email()} or ${phone()}`,
  ];

  /** What a log said: every text field carries a name, a sign-in name, an e-mail, a phone and an SSN. */
  const log = () => ({
    format: "edfi-log4net",
    level: `ERROR ${ssn()}`,
    logger: `EdFi.Ods.Api.Loader userName=${m()} ${email()}`,
    exceptionType: `System.InvalidOperationException: firstName: ${m()}; ${phone()}`,
    message: `Validation failed for lastSurname=${m()}, firstName: ${m()}, loginId=${m()}; name: ${m()}; contact ${email()} or ${phone()}; ssn ${ssn()}`,
    statusFrom: "log",
    typeHint: `urn:ed-fi:api:bad-request:${ssn()}`,
  });

  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const shown = `Resp${seed}x${i}q`;
    // Every fifth event was read from a log without its response: only its log's evidence says what happened.
    const partial = i % 5 === 4;
    if (!partial) responseOnly.push(shown);
    const response = [
      {
        type: "urn:ed-fi:api:bad-request:data-validation-failed",
        title: "Data Validation Failed",
        status: 400,
        correlationId: `pii-${seed}-${i}`,
        detail: "Data validation failed. See 'validationErrors' for details.",
        validationErrors: { "$.lastSurname": [`LastSurname '${shown}' must be at most 75 characters in length.`] },
      },
      {
        type: "urn:ed-fi:api:data-conflict:non-unique-values",
        title: "Non-Unique Values",
        status: 409,
        correlationId: `pii-${seed}-${i}`,
        detail: `The value(s) (${shown}) supplied for property 'StudentUniqueId' of entity 'Student' are not unique.`,
      },
      { message: `Student '${shown}' could not be found.` },
      `Unable to process student ${shown}`,
    ][i % 4];
    events.push({
      eventId: `pii-${seed}-${i}`,
      status: [400, 409, 404, 500][i % 4],
      method: "POST",
      lea: ["255901", "4801234"][i % 2],
      client: i % 3 === 0 ? `PII corpus; contact ${email()}, ${phone()}, userName=${m()}` : "PII corpus",
      correlationId: `pii-${seed}-${i}`,
      url: `https://api.example.org/v7.3/api/data/v3/ed-fi/students?studentUniqueId=${m()}&lastSurname=${m()}&email=${encodeURIComponent(email())}&loginId=${m()}&limit=25`,
      ...(partial ? {} : { body: response }),
      ...(partial || i % 3 === 1 ? { log: log() } : {}),
      request: {
        body: bodies[i % bodies.length](),
        headers: {
          Authorization: `Bearer ${m()}`,
          "Ocp-Apim-Subscription-Key": m(),
          "api-key": m(),
          "x-auth-token": m(),
          Cookie: `session=${m()}`,
          "X-Student-Id": m(),
          "Content-Type": "application/json",
          "User-Agent": `loader; contact ${email()}`,
          "X-Login-Id": m(),
          [`X-On-Behalf-Of-${email()}`]: "1",
        },
      },
    });
  }
  return { events, secret, responseOnly };
}
