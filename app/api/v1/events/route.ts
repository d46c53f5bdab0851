// POST: ingest error events (JSON object, JSON array or NDJSON) with an ingest key.
// GET: events inside the caller's scope (session or read key), filtered and paged (read API).
import { declaredLength, mediaType, readBodyText } from "@/lib/http/read-body";
import { json } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { withViewer } from "@/lib/http/with-viewer";
import { decodeEvents, ingestMediaType, INGEST_LIMITS } from "@/lib/ingest/decode";
import { ingestEvents } from "@/lib/ingest/ingest";
import { eventsForKeyDistricts } from "@/lib/ingest/key-districts";
import { ingestLimiter } from "@/lib/ingest/rate-limit";
import { validateEvents } from "@/lib/ingest/validate";
import { listEventsApi } from "@/lib/api/events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withViewer({ key: "ingest" }, async (request, { viewer, db }) => {
  if (viewer.kind !== "key") throw new Error("unreachable: ingest takes keys only");
  const key = viewer.key;
  const type = ingestMediaType(mediaType(request));
  const limiter = ingestLimiter();
  // The request is counted and its bytes charged before the body is read, so a request over its
  // key's share or rate costs no memory; the body is read (or cut off at the deadline) before a
  // slot is taken, so a slow upload holds none; events are charged once decoded, before
  // validation and classification.
  const release = limiter.admitRequest(key.id);
  try {
    const charged = await limiter.admitBytes(key.id, declaredLength(request));
    const { text, bytes } = await readBodyText(request, INGEST_LIMITS.maxBytes, { deadlineMs: limiter.bodyTimeoutMs });
    await limiter.settleBytes(key.id, charged, bytes);
    const result = await limiter.withSlot(key.id, async () => {
      const decoded = await decodeEvents(text, type);
      await limiter.take(key.id, decoded.length, key.eventsPerSecond);
      return ingestEvents(db, eventsForKeyDistricts(validateEvents(decoded), key.leaCodes), { apiKeyId: key.id });
    });
    return json(result, 202);
  } finally {
    release();
  }
});

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) =>
  json(await listEventsApi(db, scope, new URL(request.url).searchParams)),
);

const other = otherMethods(["GET", "POST"]);
export const { OPTIONS, PUT, PATCH, DELETE } = other;
