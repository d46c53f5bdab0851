// The message texts inside the viewer's scope, with their events (every month retention keeps):
// rows of (problem_id, text, events), to be summed. Of every district, each text is held once
// (message_text) with its events per problem and month (problem_message, plus message_pending):
// a word is matched against the distinct texts, not against a row per district. Inside districts,
// the districts' own rows of event_message (its lea index). Never another district's text.
import type { Scope } from "../auth/scope";
import { escapeLike } from "./problem-filters";
import { allOf, column, inScope, sql, type Sql } from "./sql-tag";

export interface MessageTextFilter {
  /** Only these problems. */
  problemIds?: readonly string[];
  /** Only texts that contain every word (case-insensitive). */
  words?: readonly string[];
}

/** A subquery of (problem_id, text, events) rows; a problem's text may be in several rows. */
export function messageTextsInScope(scope: Scope, filter: MessageTextFilter): Sql {
  const where = (problemId: string, text: string) =>
    allOf([
      ...(filter.problemIds ? [sql`${column(problemId)} = ANY(${[...filter.problemIds]}::bigint[])`] : []),
      ...(filter.words ?? []).map((w) => sql`${column(text)} ILIKE ${`%${escapeLike(w)}%`}`),
    ]);
  if (scope.kind !== "all")
    return sql`(SELECT m.problem_id, m.text, m.events FROM event_message m
                 WHERE ${inScope(scope, "m.lea")} AND ${where("m.problem_id", "m.text")})`;
  return sql`(SELECT c.problem_id, t.text, c.events FROM message_text t JOIN problem_message c ON c.digest = t.digest
               WHERE ${where("c.problem_id", "t.text")}
              UNION ALL
              SELECT q.problem_id, q.text, q.events FROM message_pending q WHERE ${where("q.problem_id", "q.text")})`;
}
