// GET /api/v1/events/export?<the read API's event filters>: every matching event as CSV,
// streamed a batch at a time (constant memory), inside the caller's scope.
import { exportEventsCsv } from "@/lib/api/export";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { withViewer } from "@/lib/http/with-viewer";

export const dynamic = "force-dynamic";

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) => exportEventsCsv(db, scope, new URL(request.url).searchParams));

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
