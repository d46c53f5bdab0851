// Any other /api path: a problem-details 404 (never Next's HTML page), whatever the method.
import { ProblemError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const notFound = withApi(async (request) => {
  throw new ProblemError(
    "not-found",
    `There is no API at ${new URL(request.url).pathname}. The ingest API is /api/v1/events.`,
  );
});

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
