import { describe, expect, it } from "vitest";
import { topMessageLines } from "@/lib/problems/top-messages";

const GENERIC = "Data validation failed. See 'validationErrors' for details.";

describe("topMessageLines", () => {
  it("puts the specific validation lines before the detail every event repeats, with their counts", () => {
    const lines = topMessageLines([
      { text: `${GENERIC}\n$.totalInstructionalDays: TotalInstructionalDays must be between 0 and 366.`, events: 7 },
      {
        text: `${GENERIC}\n$.beginDate: BeginDate is required.\n$.totalInstructionalDays: TotalInstructionalDays must be between 0 and 366.`,
        events: 2,
      },
    ]);
    expect(lines.map((l) => [l.path, l.message, l.events, l.generic])).toEqual([
      ["$.totalInstructionalDays", "TotalInstructionalDays must be between 0 and 366.", 9, false],
      ["$.beginDate", "BeginDate is required.", 2, false],
      [null, GENERIC, 9, true],
    ]);
  });

  it("keeps a single message as it is, and a line shared by only some events is specific", () => {
    expect(topMessageLines([{ text: "The referenced 'Session' item does not exist.", events: 4 }])).toEqual([
      {
        text: "The referenced 'Session' item does not exist.",
        path: null,
        message: "The referenced 'Session' item does not exist.",
        events: 4,
        generic: false,
      },
    ]);
    const two = topMessageLines([
      { text: "A", events: 3 },
      { text: "B", events: 1 },
    ]);
    expect(two.map((l) => [l.text, l.generic])).toEqual([
      ["A", false],
      ["B", false],
    ]);
  });

  it("counts a line once per event even when repeated, and bounds the list", () => {
    expect(topMessageLines([{ text: "x\nx", events: 2 }])[0].events).toBe(2);
    expect(
      topMessageLines(
        Array.from({ length: 20 }, (_, i) => ({ text: `m${i}`, events: i + 1 })),
        3,
      ).map((l) => l.text),
    ).toEqual(["m19", "m18", "m17"]);
  });

  it("does not take a sentence with a colon for a path", () => {
    expect(topMessageLines([{ text: "/ not a path: because of the space", events: 1 }])[0].path).toBeNull();
    expect(topMessageLines([{ text: "/studentReference/studentUniqueId: is required", events: 1 }])[0].path).toBe(
      "/studentReference/studentUniqueId",
    );
  });
});
