// Lints the OpenAPI document as the review did: Redocly's recommended ruleset and Spectral's
// spectral:oas. Prints every finding; `npx tsx tests/tools/lint-openapi.ts`.
import { lintOpenApi } from "../support/openapi-lint";

const { redocly, spectral } = await lintOpenApi();
for (const f of [...redocly, ...spectral]) console.log(`${f.tool} ${f.severity} ${f.rule} ${f.path}: ${f.message}`);
console.log(
  `redocly: ${redocly.filter((f) => f.severity === "error").length} errors, ${redocly.filter((f) => f.severity === "warning").length} warnings`,
);
console.log(
  `spectral: ${spectral.filter((f) => f.severity === "error").length} errors, ${spectral.filter((f) => f.severity === "warning").length} warnings`,
);
