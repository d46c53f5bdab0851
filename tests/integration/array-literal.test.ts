// Array parameters written as literals (lib/db/array-literal.ts) read back as the arrays they
// were made of, on both databases: any text (quotes, backslashes, braces, commas, "NULL", empty,
// any Unicode), nulls and integers.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayLiteral } from "@/lib/db/array-literal";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";

const awkward = fc.constantFrom('"', "\\", "{", "}", ",", " ", "NULL", "null", "", "\\N", "\t", "\n", "é", "😀");
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  awkward,
  fc.array(awkward).map((a) => a.join("")),
);

describe.each(dbKinds())("array literals on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("text[] reads back every element, nulls included", async () => {
    await t.db.session(async (s) => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 8 }), async (values) => {
          const [row] = await s.query<{ a: (string | null)[] }>("SELECT $1::text[] AS a", [arrayLiteral(values)]);
          expect(row.a).toEqual(values);
        }),
        { numRuns: 300 },
      );
    });
  });

  it("int[] and bigint[] read back their numbers", async () => {
    await t.db.session(async (s) => {
      const ints = [0, -1, 2_147_483_647, -2_147_483_648, 96];
      const [row] = await s.query<{ a: number[]; b: string }>("SELECT $1::int[] AS a, ($2::bigint[])::text AS b", [
        arrayLiteral(ints),
        arrayLiteral(["9007199254740993", "1"]),
      ]);
      expect(row.a).toEqual(ints);
      expect(row.b).toBe("{9007199254740993,1}");
    });
  });
});
