// JSON Schema touch-ups for the OpenAPI document: what zod's generator cannot say (an unknown
// value is `{}`, not `anyOf: [{}, null]`) and the ingest contract's server limits that live in
// refinements and transforms (method in any case, occurredAt's range, blank strings).
import { ingestEventSchema } from "../ingest/events.schema";

type JsonSchema = Record<string, unknown>;

/** `anyOf` with an empty (any value) member says nothing more than `{}`: keep only the annotations. */
export function cleanSchema<T>(node: T): T {
  if (Array.isArray(node)) return node.map(cleanSchema) as T;
  if (!node || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = cleanSchema(value);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.some((s) => Object.keys(s).length === 0)) delete out.anyOf;
  return out as T;
}

/** A pattern matching any of the words in any letter case (JSON Schema patterns have no flags). */
function anyCase(words: readonly string[]): string {
  const letters = (w: string) =>
    [...w].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`)).join("");
  return `^(${words.map(letters).join("|")})$`;
}

/** The ingest event's input schema with the limits the server checks beyond what zod's generator writes. */
export function ingestEventJsonSchema(generated: JsonSchema): JsonSchema {
  const properties = { ...(generated.properties as Record<string, JsonSchema>) };
  const methods = ingestEventSchema.shape.method.unwrap().out.options;
  properties.method = {
    type: "string",
    pattern: anyCase(methods),
    description: `The request's HTTP method: ${methods.join(", ")} (any letter case)`,
  };
  properties.occurredAt = {
    ...properties.occurredAt,
    description:
      "When the API answered: ISO 8601 with Z or an offset, after 2000-01-01 and at most one day from now (default: when received)",
  };
  const texts: Record<string, string> = {
    eventId: "The client's idempotency key (a uuid): a repeat is accepted and not stored twice",
    correlationId: "The request's correlationId; taken from the body when absent",
    client: "The API client's name or key id",
  };
  for (const [name, description] of Object.entries(texts))
    properties[name] = { ...properties[name], pattern: "\\S", description: `${description}; trimmed, not blank` };
  properties.lea = { ...properties.lea, description: "The district's LEA code or education organization id (trimmed)" };
  return { ...generated, properties };
}
