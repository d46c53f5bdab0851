// GET /api/v1/problems: problem groups with their figures inside the caller's scope.
import { listProblemsApi } from "@/lib/api/problems";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/route";
import { withViewer } from "@/lib/http/with-viewer";

export const dynamic = "force-dynamic";

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) =>
  json(await listProblemsApi(db, scope, new URL(request.url).searchParams)),
);

const other = otherMethods(["GET"]);
export const { OPTIONS, POST, PUT, PATCH, DELETE } = other;
