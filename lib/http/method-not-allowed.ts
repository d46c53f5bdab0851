// Route handlers for the methods a route does not support: a problem-details 405 with Allow.
import { ProblemError } from "./problem";
import { withApi } from "./route";

export function methodNotAllowed(allowed: string[]) {
  return withApi(async (request) => {
    throw new ProblemError("method-not-allowed", `${request.method} is not supported here; use ${allowed.join(" or ")}.`, { headers: { allow: allowed.join(", ") } });
  });
}
