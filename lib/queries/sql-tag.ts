// SQL built with Prisma's tagged template: values are always parameters, never text in the SQL.
import { Prisma } from "../db/generated/client";
import type { Scope } from "../auth/scope";

export const sql = Prisma.sql;
export const join = Prisma.join;
export const raw = Prisma.raw;
export const empty = Prisma.empty;
export type Sql = Prisma.Sql;

/** A column name written by us (never input): the only raw text that goes into SQL. */
export function column(name: `${string}`): Sql {
  if (!/^[a-z_][a-z0-9_.]*$/.test(name)) throw new Error(`not a column: ${name}`);
  return raw(name);
}

/** The scope as a condition on an LEA column. */
export function inScope(scope: Scope, leaColumn: string): Sql {
  return scope.kind === "all" ? sql`TRUE` : sql`${column(leaColumn)} = ANY(${[...scope.leaCodes]}::text[])`;
}

/** Conditions joined with AND (TRUE when there are none). */
export function allOf(conditions: Sql[]): Sql {
  return conditions.length ? join(conditions, " AND ") : sql`TRUE`;
}

/** An opaque cursor: the values of the last row's sort keys. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** A cursor that encodeCursor did not make (or made for another list). */
export class InvalidCursorError extends Error {}

/** What a cursor value may be: an instant as encodeCursor wrote it, a row id, a count. */
export type CursorValue = "instant" | "id" | "count";

const ENCODED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const CURSOR_VALUE_CHECKS: Record<CursorValue, (v: unknown) => boolean> = {
  instant: (v) =>
    typeof v === "string" &&
    ENCODED_INSTANT.test(v) &&
    v >= "1970" &&
    new Date(v).toISOString().slice(0, 19) === v.slice(0, 19),
  id: (v) => typeof v === "string" && /^\d{1,18}$/.test(v),
  count: (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0,
};

/**
 * The sort keys in a cursor; null without one; InvalidCursorError for one that is not ours,
 * including a well-formed one whose values the database could not take (an id "abc", a count 2.5).
 */
export function decodeCursor(cursor: string | undefined, shape: readonly CursorValue[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(values) &&
      values.length === shape.length &&
      values.every((v, i) => CURSOR_VALUE_CHECKS[shape[i]](v))
    )
      return values as (string | number)[];
  } catch {
    // not one of ours
  }
  throw new InvalidCursorError("cursor");
}
