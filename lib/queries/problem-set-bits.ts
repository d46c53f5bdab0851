// The problem sets' bits read in code (pure): each district's bits of a range, ORed by the database
// (a row per district and block of 16,384 problem ids, as varbit_send writes a bit string: its
// length in 4 bytes, then the bits, the first one the high bit of the first byte), completed with
// the pairs the bits leave out, and counted per group of problems. A group's districts are those
// whose bits meet the group's problems: each district's set bits are walked once, where SQL ANDed
// every group's bits with every district's (82 articles × 514 districts: 42,000 ANDs of 2 KB,
// ~5 µs each). The caller bounds what is sent (problem-sets.ts, MAX_SENT_SETS).

/** problem_bit's block: the problem ids one bit string holds. */
export const BLOCK_BITS = 16_384;
const BLOCK_BYTES = BLOCK_BITS / 8;

/** A district's (or client's) bits of one block, as `varbit_send(bit_or(problems))` returns them. */
export interface SentSetRow {
  value: string;
  block: number;
  bits: Uint8Array;
}

/** A problem with events in a district that its bits may not hold (pending counts, cut days). */
export interface ExtraPair {
  value: string;
  problem_id: bigint | number | string;
}

/** A problem the filters keep, and its group. */
export interface KeyedProblem {
  id: bigint | number | string;
  key: string;
}

/** Each value's bits by block, the extra pairs' bits set too. */
export function valueBits(
  whole: readonly SentSetRow[],
  extra: readonly ExtraPair[],
): Map<string, Map<number, Uint8Array>> {
  const sets = new Map<string, Map<number, Uint8Array>>();
  const blocksOf = (value: string) => sets.get(value) ?? sets.set(value, new Map()).get(value)!;
  for (const row of whole) {
    const bytes = row.bits;
    const length = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    if (length !== BLOCK_BITS || bytes.length !== 4 + BLOCK_BYTES)
      throw new Error(`problem sets: a block of ${length} bits in ${bytes.length} bytes, not ${BLOCK_BITS}`);
    const blocks = blocksOf(row.value);
    const bits = blocks.get(row.block);
    // The received bytes themselves, not a copy (one row per value and block: the database ORed them).
    if (!bits) blocks.set(row.block, bytes.subarray(4));
    else for (let i = 0; i < BLOCK_BYTES; i++) bits[i] |= bytes[4 + i];
  }
  for (const pair of extra) {
    const id = Number(pair.problem_id);
    const [block, position] = [Math.floor(id / BLOCK_BITS), id % BLOCK_BITS];
    const blocks = blocksOf(pair.value);
    const bits = blocks.get(block) ?? blocks.set(block, new Uint8Array(BLOCK_BYTES)).get(block)!;
    bits[position >> 3] |= 0x80 >> (position & 7);
  }
  return sets;
}

/** Per group, the values (districts) whose bits hold one of its problems; groups with none left out. */
export function valuesPerKey(
  sets: Map<string, Map<number, Uint8Array>>,
  problems: readonly KeyedProblem[],
): Map<string, number> {
  const keys: string[] = [];
  const indexOfKey = new Map<string, number>();
  const keyOfProblem = new Map<number, number>();
  for (const p of problems) {
    let k = indexOfKey.get(p.key);
    if (k === undefined) indexOfKey.set(p.key, (k = keys.push(p.key) - 1));
    keyOfProblem.set(Number(p.id), k);
  }
  const counts = new Int32Array(keys.length);
  const countedFor = new Int32Array(keys.length).fill(-1); // the last value each key was counted for
  let v = 0;
  for (const blocks of sets.values()) {
    for (const [block, bits] of blocks) {
      const base = block * BLOCK_BITS;
      for (let i = 0; i < BLOCK_BYTES; i++) {
        for (let byte = bits[i]; byte !== 0;) {
          const bit = Math.clz32(byte) - 24; // the highest set bit: 0 is the byte's first problem
          byte &= ~(0x80 >> bit);
          const k = keyOfProblem.get(base + i * 8 + bit);
          if (k !== undefined && countedFor[k] !== v) {
            countedFor[k] = v;
            counts[k]++;
          }
        }
      }
    }
    v++;
  }
  const result = new Map<string, number>();
  keys.forEach((key, k) => counts[k] && result.set(key, counts[k]));
  return result;
}
