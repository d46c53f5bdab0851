// The message texts inside the viewer's scope, with their events (every month retention keeps):
// rows of (problem_id, text, events), to be summed. Words are matched against the distinct texts
// (message_text, by its trigram index, and the texts not yet folded in message_pending), never
// against a row per district:
//  - of every district, each text's events per problem and month (problem_message, plus
//    message_pending);
//  - inside districts, the districts' own rows of event_message, found by their digest (district,
//    U+0001, text: prepare.ts messageOf) for each candidate text (matching the words, or of the
//    problems asked for) and district of the scope: an index probe each, never a scan of a
//    district's rows or of a problem's rows in every district.
// Never another district's text.
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
  const words = filter.words ?? [];
  const problems = (problemId: string) =>
    filter.problemIds ? sql`${column(problemId)} = ANY(${[...filter.problemIds]}::bigint[])` : sql`TRUE`;
  const matching = (text: string) => allOf(words.map((w) => sql`${column(text)} ILIKE ${`%${escapeLike(w)}%`}`));
  if (scope.kind !== "all") {
    // The candidate texts, from the texts held once (of these problems: their problem_message rows).
    const folded = filter.problemIds
      ? sql`SELECT t.text FROM problem_message c JOIN message_text t ON t.digest = c.digest
             WHERE ${problems("c.problem_id")} AND ${matching("t.text")}`
      : sql`SELECT t.text FROM message_text t WHERE ${matching("t.text")}`;
    return sql`(SELECT m.problem_id, m.text, m.events FROM event_message m
                 WHERE m.digest IN (SELECT encode(sha256(convert_to(l.lea || chr(1) || x.text, 'UTF8')), 'hex')
                                      FROM (${folded} UNION SELECT q.text FROM message_pending q
                                             WHERE ${problems("q.problem_id")} AND ${matching("q.text")}) x,
                                           unnest(${[...scope.leaCodes]}::text[]) AS l(lea))
                   AND ${inScope(scope, "m.lea")} AND ${problems("m.problem_id")})`;
  }
  return sql`(SELECT c.problem_id, t.text, c.events FROM message_text t JOIN problem_message c ON c.digest = t.digest
               WHERE ${matching("t.text")} AND ${problems("c.problem_id")}
              UNION ALL
              SELECT q.problem_id, q.text, q.events FROM message_pending q WHERE ${matching("q.text")} AND ${problems("q.problem_id")})`;
}
