// Per-event validation with zod; every issue is keyed by its JSON path ($[3].status).
import type { z } from "zod";
import { ProblemError } from "../http/problem";
import { limitErrors } from "./decode";
import { ingestEventSchema, type IngestEvent } from "./events.schema";

export function validateEvents(raw: unknown[]): IngestEvent[] {
  const events: IngestEvent[] = [];
  const errors: Record<string, string[]> = {};
  raw.forEach((item, index) => {
    const result = ingestEventSchema.safeParse(item);
    if (result.success) events.push(result.data);
    else for (const issue of result.error.issues) (errors[jsonPath(index, issue)] ??= []).push(issueMessage(issue));
  });
  const bad = Object.keys(errors).length;
  if (bad) {
    const eventsWithErrors = new Set(Object.keys(errors).map((k) => k.match(/^\$\[\d+\]/)?.[0])).size;
    throw new ProblemError(
      "validation-failed",
      `${eventsWithErrors} of ${raw.length} events are invalid; nothing was stored. See validationErrors.`,
      { validationErrors: limitErrors(errors) },
    );
  }
  return events;
}

function jsonPath(index: number, issue: z.core.$ZodIssue): string {
  let path = `$[${index}]`;
  for (const part of issue.path)
    path +=
      typeof part === "number"
        ? `[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(part))
          ? `.${String(part)}`
          : `[${JSON.stringify(String(part))}]`;
  if (issue.code === "unrecognized_keys") return path;
  return path;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field(s): ${issue.keys.map((k) => JSON.stringify(k.slice(0, 50))).join(", ")}`;
  if (issue.code === "invalid_type" && issue.path.length === 0) return "must be an event object";
  return issue.message;
}
