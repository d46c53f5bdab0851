// Live figures per knowledge-base article inside the viewer's Scope: problems and events of the
// last `days` days (from the rollup).
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { inScope, sql } from "./sql-tag";

export interface ArticleCount {
  problems: number;
  events: number;
}

export async function articleCounts(
  db: Database,
  scope: Scope,
  days = 30,
  articleId?: string,
): Promise<Map<string, ArticleCount>> {
  const rows = await db.prisma.$queryRaw<{ article_id: string; problems: bigint; events: bigint }[]>(sql`
    SELECT p.article_id, count(DISTINCT p.id) AS problems, sum(d.count) AS events
      FROM problem_daily_live d JOIN problem p ON p.id = d.problem_id
     WHERE d.day > current_date - ${days}::int AND ${inScope(scope, "d.lea")} ${articleId ? sql`AND p.article_id = ${articleId}` : sql``}
     GROUP BY p.article_id`);
  return new Map(rows.map((r) => [r.article_id, { problems: Number(r.problems), events: Number(r.events) }]));
}
