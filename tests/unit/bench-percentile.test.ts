// The bench's percentile (tests/bench/util.ts): nearest rank, as time-reads reads it, so that the
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

  it("has at least p% of the values at or below it, and fewer than p% below it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 100 }),
        (xs, p) => {
          const v = percentile(xs, p);
          expect(xs).toContain(v);
          expect(xs.filter((x) => x <= v).length).toBeGreaterThanOrEqual((p / 100) * xs.length);
          expect(xs.filter((x) => x < v).length).toBeLessThan((p / 100) * xs.length);
        },
      ),
    );
  });
});
