// prepareEvent: what is stored of an event. Response values masked on request, classification
// unchanged; the URL's query redacted.
import { describe, expect, it } from "vitest";
import { prepareEvent } from "@/lib/ingest/prepare";
import { FieldMatcher } from "@/lib/problems";

const event = {
  status: 400,
  url: "https://api.example.org/data/v3/ed-fi/studentSchoolAssociations?studentUniqueId=604823&limit=5",
  body: {
    type: "urn:ed-fi:api:bad-request:data-validation-failed",
    correlationId: "c-9",
    detail: "Data validation failed.",
    validationErrors: {
      "$.entryGradeLevelDescriptor": [
        "EntryGradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Grade 13' does not exist.",
      ],
    },
  },
};

describe("prepareEvent", () => {
  it("stores the response as received by default, and masks its quoted values when asked, classifying the same", () => {
    const plain = prepareEvent(event, { receivedAt: new Date(), apiKeyId: 1 });
    const masked = prepareEvent(event, {
      receivedAt: new Date(),
      apiKeyId: 1,
      maskResponseValues: true,
      fields: new FieldMatcher(),
    });
    expect(plain.bodyJson).toContain("Grade 13");
    expect(masked.bodyJson).not.toContain("Grade 13");
    expect(masked.bodyJson).toContain("c-9");
    expect([masked.articleId, masked.fingerprint]).toEqual([plain.articleId, plain.fingerprint]);
    expect(plain.articleId).toBe("descriptor-not-found");
  });

  it("redacts the URL's personal query values and keeps the resource", () => {
    const row = prepareEvent(event, { receivedAt: new Date(), apiKeyId: 1 });
    expect(row.url).toBe(
      "https://api.example.org/data/v3/ed-fi/studentSchoolAssociations?studentUniqueId=[redacted]&limit=5",
    );
    expect(row.resource).toBe("studentSchoolAssociations");
  });

  it("derives the same message text whatever the order of validationErrors' keys (jsonb reorders them)", () => {
    const errors = {
      "$.studentReference": ["StudentReference is missing."],
      "$.beginDate": ["BeginDate is required."],
      "$.schoolReference.schoolId": ["SchoolId is required."],
    };
    const reversed = Object.fromEntries(Object.entries(errors).reverse());
    const rowOf = (validationErrors: Record<string, string[]>) =>
      prepareEvent({ ...event, body: { ...event.body, validationErrors } }, { receivedAt: new Date(), apiKeyId: 1 });
    const [a, b] = [rowOf(errors), rowOf(reversed)];
    expect(a.messageText).toContain("BeginDate is required.");
    expect(a.messageText).toBe(b.messageText);
    expect(a.messageDigest).toBe(b.messageDigest);
  });
});
