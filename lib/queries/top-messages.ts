// The top message lines of problems, from the ledger's message counts (message-texts.ts), inside
// the viewer's scope: never a scan of the events, never another district's text.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { topMessageLines, type MessageLine } from "../problems/top-messages";
import { sql } from "./sql-tag";
import { messageTextsInScope } from "./message-texts";

/** Distinct texts read per problem (busiest first): enough for the top lines of any problem. */
const TEXTS_PER_PROBLEM = 50;

export async function problemTopMessages(
  db: Database,
  scope: Scope,
  problemId: string,
  limit = 5,
): Promise<MessageLine[]> {
  return (await topMessagesOf(db, scope, [problemId], limit)).get(problemId) ?? [];
}

/** Each problem's top lines (problems without messages in scope are absent). */
export async function topMessagesOf(
  db: Database,
  scope: Scope,
  problemIds: readonly string[],
  limit = 1,
): Promise<Map<string, MessageLine[]>> {
  if (!problemIds.length) return new Map();
  const rows = await db.prisma.$queryRaw<{ problem_id: string; text: string; events: bigint }[]>(
    sql`SELECT problem_id::text, text, events FROM (
          SELECT problem_id, text, events, row_number() OVER (PARTITION BY problem_id ORDER BY events DESC, text) AS n
            FROM (SELECT m.problem_id, m.text, sum(m.events) AS events FROM ${messageTextsInScope(scope, { problemIds })} m
                   GROUP BY m.problem_id, m.text HAVING sum(m.events) > 0) t) r
         WHERE n <= ${TEXTS_PER_PROBLEM}`,
  );
  const byProblem = new Map<string, { text: string; events: number }[]>();
  for (const r of rows)
    byProblem.set(r.problem_id, [...(byProblem.get(r.problem_id) ?? []), { text: r.text, events: Number(r.events) }]);
  return new Map([...byProblem].map(([id, texts]) => [id, topMessageLines(texts, limit)]));
}
