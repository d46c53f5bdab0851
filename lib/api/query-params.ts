// URL search parameters → a zod-checked filter object, or a 400 problem with JSON paths.
import type { z } from "zod";
import { ProblemError } from "../http/problem";
import { InvalidCursorError } from "../queries/sql-tag";

export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const path = issue.code === "unrecognized_keys" ? issue.keys.map((k) => `$.${k.slice(0, 50)}`) : [`$.${issue.path.join(".")}`];
    for (const p of path) (errors[p] ??= []).push(issue.code === "unrecognized_keys" ? "is not a filter of this API" : issue.message);
  }
  throw new ProblemError("validation-failed", "Some query parameters are invalid. See validationErrors.", { validationErrors: errors });
}

/** Runs a paged read, answering a cursor that is not ours with a 400 naming `$.cursor`. */
export async function withCursorCheck<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ProblemError("validation-failed", "The cursor is not one this API gave out.", { validationErrors: { "$.cursor": ["must be a nextCursor from an earlier answer"] } });
    throw error;
  }
}
