// The read and ingest API described as OpenAPI 3.1, generated from the zod schemas (lib/api/openapi.ts).
import { openApiDocument } from "@/lib/api/openapi";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json, withApi } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withApi(async () => json(openApiDocument()));

const other = otherMethods(["GET"]);
export const { OPTIONS, POST, PUT, PATCH, DELETE } = other;
