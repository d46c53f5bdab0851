// The bench's percentile (tests/bench/util.ts; time-reads uses it too): nearest rank, so that the
// p95 of a bench case's 20 runs is its second slowest run and one slow run shows in maxMs alone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentile } from "../bench/util";

describe("bench percentile", () => {
  it("takes the nearest rank", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1, unsorted on purpose
    expect(percentile(twenty, 95)).toBe(19);
    expect(percentile(twenty, 50)).toBe(10);
    expect(percentile(twenty, 100)).toBe(20);
    expect(percentile(twenty, 0)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([...Array.from({ length: 99 }, () => 10), 500], 95)).toBe(10);
  });

  it("is exact where p% of the values is a whole number (28% of 25 is the 7th value, not the 8th)", () => {
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(percentile(upTo(25), 28)).toBe(7);
    expect(percentile(upTo(50), 14)).toBe(7);
    expect(percentile(upTo(100), 95)).toBe(95);
  });

  it("has at least p% of the values at or below it, and fewer than p% below it", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) => fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n })),
        fc.integer({ min: 1, max: 100 }),
        (xs, p) => {
          const v = percentile(xs, p);
          expect(xs).toContain(v);
          // In whole numbers: count / n >= p / 100, and below / n < p / 100.
          expect(xs.filter((x) => x <= v).length * 100).toBeGreaterThanOrEqual(p * xs.length);
          expect(xs.filter((x) => x < v).length * 100).toBeLessThan(p * xs.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});
