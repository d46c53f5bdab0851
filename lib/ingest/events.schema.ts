// The ingest contract (v1) for one event, as zod. Types derive from it.
import { z } from "zod";
import { redactValues } from "../problems";
import { acceptableOccurredAt, acceptableOccurredAtMessage } from "../retention/policy";

/**
 * Identifiers are stored as sent (they deduplicate, group and scope events), so one that carries
 * an e-mail address, phone number or SSN (privacy-rules.ts detectors) is refused, not redacted:
 * two identifiers redacted alike would be taken for one.
 */
const withoutPersonalData = (s: string) => redactValues(s) === s;
const PERSONAL_DATA = "must not carry personal data (an e-mail address, phone number or SSN-like value)";

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export const ingestEventSchema = z
  .object({
    eventId: z.string().trim().min(1).max(200).refine(withoutPersonalData, PERSONAL_DATA).optional(),
    occurredAt: z.iso
      .datetime({
        offset: true,
        message: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-20T14:03:11.123Z",
      })
      .refine((s) => acceptableOccurredAt(Date.parse(s)), { error: () => acceptableOccurredAtMessage() })
      .optional(),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(HTTP_METHODS, { message: `must be one of ${HTTP_METHODS.join(", ")}` }))
      .optional(),
    url: z.string().max(4_000).optional(),
    status: z
      .number({ message: "is required: the HTTP status code the API answered (a number, 100–599)" })
      .int()
      .min(100)
      .max(599),
    body: z.unknown().optional(),
    correlationId: z.string().trim().min(1).max(200).refine(withoutPersonalData, PERSONAL_DATA).optional(),
    lea: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .regex(/^[A-Za-z0-9._-]+$/, "must be an LEA code or education organization id (letters, digits, . _ -)")
      .refine(withoutPersonalData, PERSONAL_DATA)
      .optional(),
    client: z.string().trim().min(1).max(200).optional(),
    request: z
      .object({
        body: z.unknown().optional(),
        headers: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    /**
     * What a log said about a response it did not keep (npm run import; a shipper may send it too).
     * With no `body`, the event is partial: classified from this, and completed when a record with
     * the same correlationId brings the body.
     */
    log: z
      .object({
        format: z.enum(["ndjson", "edfi-log4net", "edfi-request-log", "edfi-content-log", "dms-json", "dms-text"]),
        level: z.string().max(20).nullable().optional(),
        logger: z.string().max(500).nullable().optional(),
        exceptionType: z.string().max(500).nullable().optional(),
        message: z.string().max(4_000).nullable().optional(),
        statusFrom: z.enum(["log", "exception", "message", "assumed"]).optional(),
        typeHint: z
          .string()
          .max(200)
          .regex(/^urn:ed-fi:api(?::[a-z0-9-]+)*$/, "must be an urn:ed-fi:api:… type")
          .nullable()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type IngestEvent = z.infer<typeof ingestEventSchema>;
