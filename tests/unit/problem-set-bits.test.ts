// The problem sets' bits read in code (lib/queries/problem-set-bits.ts): as varbit_send sends a
// bit(16384) (the bit of problem id & 16383 counted from the first byte's high bit), ORed with the
// extra pairs, each group's districts are those holding one of its problems: what a direct count of
// the (district, problem) pairs gives, for ids in several blocks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLOCK_BITS, valueBits, valuesPerKey, type SentSetRow } from "@/lib/queries/problem-set-bits";

/** A block's bits as varbit_send writes them: the length (4 bytes, big-endian), then the bits. */
function sent(value: string, block: number, ids: number[]): SentSetRow {
  const bytes = new Uint8Array(4 + BLOCK_BITS / 8);
  new DataView(bytes.buffer).setUint32(0, BLOCK_BITS);
  for (const id of ids) {
    const position = id - block * BLOCK_BITS;
    bytes[4 + (position >> 3)] |= 0x80 >> (position & 7);
  }
  return { value, block, bits: bytes };
}

const id = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3 * BLOCK_BITS - 1 }));
const pair = fc.record({ value: fc.constantFrom("255901", "255902", "255903", "255904"), id });

describe("problem set bits", () => {
  it("counts each group's districts as the pairs do, bits and extra pairs together", () => {
    fc.assert(
      fc.property(
        fc.array(pair, { maxLength: 60 }),
        fc.array(pair, { maxLength: 20 }),
        fc.array(fc.tuple(id, fc.constantFrom("a", "b", "c")), { maxLength: 80 }),
        (inBits, extra, keyed) => {
          const keyOf = new Map(keyed); // a problem is of one group
          const byRow = new Map<string, number[]>();
          for (const p of inBits) {
            const row = `${p.value}|${Math.floor(p.id / BLOCK_BITS)}`;
            byRow.set(row, [...(byRow.get(row) ?? []), p.id]);
          }
          const whole = [...byRow].map(([row, ids]) => {
            const [value, block] = row.split("|");
            return sent(value, Number(block), ids);
          });
          const want = new Map<string, Set<string>>();
          for (const p of [...inBits, ...extra]) {
            const key = keyOf.get(p.id);
            if (key !== undefined) want.set(key, (want.get(key) ?? new Set()).add(p.value));
          }
          const found = valuesPerKey(
            valueBits(
              whole,
              extra.map((p) => ({ value: p.value, problem_id: BigInt(p.id) })),
            ),
            [...keyOf].map(([problem, key]) => ({ id: String(problem), key })),
          );
          expect(found).toEqual(new Map([...want].map(([key, values]) => [key, values.size])));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads problem 0 of a block from the first byte's high bit, and refuses a block of another size", () => {
    const sets = valueBits([sent("255901", 1, [BLOCK_BITS, BLOCK_BITS + 9])], []);
    expect([...sets.get("255901")!.get(1)!.subarray(0, 2)]).toEqual([0x80, 0x40]);
    expect(valuesPerKey(sets, [{ id: BLOCK_BITS + 9, key: "a" }])).toEqual(new Map([["a", 1]]));
    const short = { value: "255901", block: 0, bits: new Uint8Array([0, 0, 0, 8, 0xff]) };
    expect(() => valueBits([short], [])).toThrow("a block of 8 bits in 5 bytes, not 16384");
  });
});
