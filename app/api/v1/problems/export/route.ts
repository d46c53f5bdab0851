// GET /api/v1/problems/export?<the problems list's URL filters>: the whole filtered list as CSV,
// streamed, inside the caller's scope.
import { exportProblemsCsv } from "@/lib/api/export";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { withViewer } from "@/lib/http/with-viewer";

export const dynamic = "force-dynamic";

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) =>
  exportProblemsCsv(db, scope, new URL(request.url).searchParams),
);

const other = otherMethods(["GET"]);
export const { OPTIONS, POST, PUT, PATCH, DELETE } = other;
