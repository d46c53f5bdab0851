// GET /api/v1/trends: the trends page's figures for the caller's districts, in a time zone.
import { trendsApi } from "@/lib/api/trends";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/route";
import { withViewer } from "@/lib/http/with-viewer";

export const dynamic = "force-dynamic";

export const GET = withViewer({ permission: "read", key: "read" }, async (request, { scope, db }) =>
  json(await trendsApi(db, scope, new URL(request.url).searchParams)),
);

const other = otherMethods(["GET"]);
export const { OPTIONS, POST, PUT, PATCH, DELETE } = other;
