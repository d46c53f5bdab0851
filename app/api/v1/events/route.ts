// POST: ingest error events (JSON object, JSON array or NDJSON). GET: look events up by correlationId.
import { authenticateKey } from "@/lib/auth/api-keys";
import { ALL_DISTRICTS } from "@/lib/auth/scope";
import { getDatabase } from "@/lib/db/database";
import { ProblemError } from "@/lib/http/problem";
import { declaredLength, mediaType, readBodyText } from "@/lib/http/read-body";
import { json, withApi } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { decodeEvents, ingestMediaType, INGEST_LIMITS } from "@/lib/ingest/decode";
import { ingestEvents } from "@/lib/ingest/ingest";
import { ingestLimiter } from "@/lib/ingest/rate-limit";
import { validateEvents } from "@/lib/ingest/validate";
import { findEventsByCorrelationId } from "@/lib/queries/events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi(async (request) => {
  const db = await getDatabase();
  const key = await authenticateKey(db, request, "ingest");
  const type = ingestMediaType(mediaType(request));
  const limiter = ingestLimiter();
  // Bytes are charged and a slot taken before the body is read, so a request over its key's rate
  // or the server's capacity costs no memory and no parsing; events are charged once decoded,
  // before validation and classification.
  const charged = limiter.admitBytes(key.id, declaredLength(request));
  const result = await limiter.withSlot(key.id, async () => {
    const { text, bytes } = await readBodyText(request, INGEST_LIMITS.maxBytes);
    limiter.settleBytes(key.id, charged, bytes);
    const decoded = decodeEvents(text, type);
    limiter.take(key.id, decoded.length);
    return ingestEvents(db, validateEvents(decoded), { apiKeyId: key.id });
  });
  return json(result, 202);
});

export const GET = withApi(async (request) => {
  const db = await getDatabase();
  await authenticateKey(db, request, "read");
  const correlationId = new URL(request.url).searchParams.get("correlationId")?.trim();
  if (!correlationId) {
    throw new ProblemError("validation-failed", "Give the correlationId to look up: /api/v1/events?correlationId=…", { validationErrors: { "$.correlationId": ["is required"] } });
  }
  if (correlationId.length > 200) throw new ProblemError("validation-failed", "correlationId is at most 200 characters.", { validationErrors: { "$.correlationId": ["must be at most 200 characters"] } });
  const events = await findEventsByCorrelationId(db, ALL_DISTRICTS, correlationId);
  return json({ correlationId, count: events.length, events });
});

export const PUT = methodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
