// GET /api/v1/events/{id}: one event with its parsed messages and classification, inside the caller's scope.
import { getEventApi } from "@/lib/api/events";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json, lastPathSegment } from "@/lib/http/route";
import { withViewer } from "@/lib/http/with-viewer";

export const dynamic = "force-dynamic";

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) =>
  json(await getEventApi(db, scope, lastPathSegment(request))),
);

const other = otherMethods(["GET"]);
export const { OPTIONS, POST, PUT, PATCH, DELETE } = other;
