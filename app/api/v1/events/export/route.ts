// GET /api/v1/events/export?<the read API's event filters>: every matching event as CSV,
// streamed a batch at a time (constant memory), inside the caller's scope.
import { exportEventsCsv } from "@/lib/api/export";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { withViewer } from "@/lib/http/with-viewer";

export const dynamic = "force-dynamic";

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) =>
  exportEventsCsv(db, scope, new URL(request.url).searchParams),
);

const other = otherMethods(["GET"]);
export const { OPTIONS, POST, PUT, PATCH, DELETE } = other;
