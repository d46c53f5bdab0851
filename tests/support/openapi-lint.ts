// The OpenAPI document linted by Redocly (recommended ruleset) and Spectral (spectral:oas),
// each finding with its rule, severity and JSON path.
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Document, Spectral } from "@stoplight/spectral-core";
import spectralParsers from "@stoplight/spectral-parsers";
import { oas } from "@stoplight/spectral-rulesets";
import { openApiDocument } from "@/lib/api/openapi";

export interface LintFinding {
  tool: "redocly" | "spectral";
  rule: string;
  severity: "error" | "warning" | "info" | "hint";
  path: string;
  message: string;
}

const SPECTRAL_SEVERITY = ["error", "warning", "info", "hint"] as const;

export async function lintOpenApi(
  document: unknown = openApiDocument(),
): Promise<{ redocly: LintFinding[]; spectral: LintFinding[] }> {
  const source = JSON.stringify(document, null, 2);
  const config = await createConfig({ extends: ["recommended"] });
  const redocly = (await lintFromString({ source, absoluteRef: "/openapi.json", config })).map((p): LintFinding => ({
    tool: "redocly",
    rule: p.ruleId,
    severity: p.severity === "error" ? "error" : p.severity === "warn" ? "warning" : "info",
    path: p.location[0]?.pointer ?? "",
    message: p.message,
  }));
  const engine = new Spectral();
  engine.setRuleset({ extends: [[oas as never, "recommended"]] });
  const spectral = (await engine.run(new Document(source, spectralParsers.Json, "/openapi.json"))).map(
    (r): LintFinding => ({
      tool: "spectral",
      rule: String(r.code),
      severity: SPECTRAL_SEVERITY[r.severity] ?? "hint",
      path: r.path.join("."),
      message: r.message,
    }),
  );
  return { redocly, spectral };
}
