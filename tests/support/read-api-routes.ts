// Every route module of the read and ingest API, keyed by its path, for startTestServer: the tests
// that drive the whole API (properties, hardening) serve the same set.
import * as eventsRoute from "@/app/api/v1/events/route";
import * as eventRoute from "@/app/api/v1/events/[id]/route";
import * as eventsExportRoute from "@/app/api/v1/events/export/route";
import * as problemsRoute from "@/app/api/v1/problems/route";
import * as problemRoute from "@/app/api/v1/problems/[id]/route";
import * as problemsExportRoute from "@/app/api/v1/problems/export/route";
import * as trendsRoute from "@/app/api/v1/trends/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";

export const API_ROUTES = {
  "/api/v1/events": eventsRoute,
  "/api/v1/events/export": eventsExportRoute,
  "/api/v1/events/[id]": eventRoute,
  "/api/v1/problems": problemsRoute,
  "/api/v1/problems/export": problemsExportRoute,
  "/api/v1/problems/[id]": problemRoute,
  "/api/v1/trends": trendsRoute,
  "/api/v1/openapi.json": openApiRoute,
};
