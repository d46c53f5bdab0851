// A parameterised SQL statement, built by a read model and run by it (or EXPLAINed by the bench).
import type { Database } from "../db/database";

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

export function runQuery<R>(db: Database, query: SqlQuery): Promise<R[]> {
  return db.prisma.$queryRawUnsafe<R[]>(query.sql, ...query.params);
}
