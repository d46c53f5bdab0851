// tests/support/sign-in-schedule.ts judges the sign-in tests' records: it must flag a password
// checked too soon, and nothing else.
import { describe, expect, it } from "vitest";
import { checkedTooSoon } from "../support/sign-in-schedule";

const at = (ms: number, outcome = "failed") => ({ at: ms, outcome });

describe("checkedTooSoon", () => {
  it("flags a check inside the delay the failures before it call for", () => {
    expect(checkedTooSoon([at(0), at(0), at(0), at(500)], 3)).toEqual([at(500)]);
    expect(checkedTooSoon([at(0), at(0), at(0), at(0), at(0)], 3)).toEqual([at(0), at(0)]);
    expect(checkedTooSoon([at(0), at(0), at(0), at(1_000), at(2_999)], 3)).toEqual([at(2_999)]);
  });

  it("passes checks after their delay, refusals, and counts again after a success", () => {
    expect(checkedTooSoon([at(0), at(0), at(0), at(0, "delayed"), at(1_000), at(3_000)], 3)).toEqual([]);
    expect(checkedTooSoon([at(0), at(0), at(0), at(1_000, "ok"), at(1_000), at(1_000)], 3)).toEqual([]);
  });
});
