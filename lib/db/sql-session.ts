// The small SQL surface shared by both databases and both threads: a session that runs
// statements and bulk-loads rows with COPY, over PGlite (an instance, a transaction, or the
// thread that holds one) or a pg client.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  /** COPY table (columns) FROM the given text (PostgreSQL's text format: tab-separated, \N for null). */
  copyIn(table: string, columns: readonly string[], text: string | Uint8Array<ArrayBuffer>): Promise<void>;
}

/** pg-style `query(sql, params) → {rows}`; PGlite's `exec` also runs several statements. */
interface Queryable {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: unknown[] }>;
  exec?(sql: string): Promise<unknown>;
}

function session(target: Queryable, copyIn: SqlSession["copyIn"]): SqlSession {
  return {
    exec: async (sql) => {
      await (target.exec ? target.exec(sql) : target.query(sql));
    },
    query: async <R>(sql: string, params?: unknown[]) => (await target.query(sql, params)).rows as R[],
    copyIn,
  };
}

/** A session on PGlite (an instance or a transaction): COPY reads the text from PGlite's /dev/blob. */
export function pgliteSession(target: Queryable): SqlSession {
  return session(target, async (table, columns, text) => {
    await target.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
  });
}

/** A session on one pg client: COPY streams the text (pg-copy-streams). */
export function pgSession(client: pg.ClientBase): SqlSession {
  return session(client, async (table, columns, text) => {
    await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)));
  });
}

/** One field in COPY's text format. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : text;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * Runs fn in a transaction on this session (PostgreSQL: a session is one connection), committed
 * when fn returns, rolled back when it throws. `begin` may name an isolation level.
 */
export async function inTransaction<T>(
  session: SqlSession,
  fn: (tx: SqlSession) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  await session.exec(begin);
  try {
    const result = await fn(session);
    await session.exec("COMMIT");
    return result;
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => {});
    throw error;
  }
}
