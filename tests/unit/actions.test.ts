// The action helper's pure parts: every error mapped to one sentence, a form read into an object,
// and the form-field schemas the actions share.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { errorMessage, field, formFields } from "@/lib/actions/action";
import { InputError } from "@/lib/input-error";
import { TriageInputError } from "@/lib/triage/problem-triage";

describe("action errors", () => {
  it("names each zod issue with its field", () => {
    const error = z
      .object({ name: z.string().min(1, "a key needs a name"), id: z.number() })
      .safeParse({ name: "", id: "x" }).error!;
    expect(errorMessage(error)).toBe("name: a key needs a name; id: Invalid input: expected number, received string");
  });

  it("shows an input error as written, a duplicate as the action names it, and anything else generically (logged)", () => {
    expect(errorMessage(new InputError("a district admin needs at least one LEA code"))).toBe(
      "a district admin needs at least one LEA code",
    );
    expect(errorMessage(new TriageInputError("shared", "District admins keep personal views only."))).toBe(
      "District admins keep personal views only.",
    );
    expect(
      errorMessage(
        Object.assign(new Error("Unique constraint failed on the fields: (`email`)"), { code: "P2002" }),
        "A user with this e-mail exists already.",
      ),
    ).toBe("A user with this e-mail exists already.");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(errorMessage(new Error("connection reset; SELECT secret FROM …"))).toBe(
        "Could not save; nothing was changed. Try again.",
      );
      expect(errorMessage(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(
        "Could not save; nothing was changed. Try again.",
      );
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
    }
  });
});

describe("form fields", () => {
  it("reads one value per name, a list when a name repeats", () => {
    const form = new FormData();
    form.append("name", "Nightly");
    form.append("channelIds", "3");
    form.append("channelIds", "7");
    form.append("toTeam", "on");
    expect(formFields(form)).toEqual({ name: "Nightly", channelIds: ["3", "7"], toTeam: "on" });
  });

  it("turns fields into values", () => {
    const schema = z.object({
      name: field.text,
      tick: field.checkbox,
      ids: field.list,
      leas: field.words,
      id: field.id,
    });
    expect(schema.parse({ tick: "on", ids: "4", leas: "255901, 255902  477102", id: "12" })).toEqual({
      name: "",
      tick: true,
      ids: ["4"],
      leas: ["255901", "255902", "477102"],
      id: 12,
    });
    expect(schema.parse({ ids: ["1", "2"], id: "1" })).toMatchObject({ tick: false, ids: ["1", "2"], leas: [] });
    expect(schema.safeParse({ id: "0" }).success).toBe(false);
  });
});
